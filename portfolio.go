package salkku

import (
	"context"
	"strconv"
)

// Portfolio is a development portfolio (hankesalkku). Portfolios form a tree:
// a city's portfolio may hold one per service area. Each has an owner and a
// board (johtoryhmä) that steers it.
type Portfolio struct {
	Meta
	OrganisationID int64  `json:"organisation_id"`
	ParentID       *int64 `json:"parent_id"`
	Name           Text   `json:"name"`
	Description    Text   `json:"description"`
	// FollowUp is how the portfolio's plan is carried out and followed
	// up, the action plan's closing section (seed 000, section 8).
	FollowUp Text    `json:"follow_up"`
	OwnerID  *int64  `json:"owner_id"`
	BoardIDs []int64 `json:"board_ids"`

	// Read-only, filled by the store for display.
	OrganisationName Text   `json:"organisation_name,omitempty"`
	OwnerName        string `json:"owner_name,omitempty"`
	ParentName       Text   `json:"parent_name,omitempty"`
	ProjectCount     int    `json:"project_count"`
	// ContentLangs are the organisation's content languages, for forms.
	ContentLangs Languages `json:"-"`
}

// Validate checks the portfolio's own fields.
func (p *Portfolio) Validate(l Languages) error {
	p.BoardIDs = CleanIDs(p.BoardIDs)
	fe := FieldErrors{}
	if p.OrganisationID <= 0 {
		fe.Add("organisation_id", "error.required")
	}
	l.CheckText(fe, "name", &p.Name, true, MaxNameLen)
	l.CheckText(fe, "description", &p.Description, false, MaxDescriptionLen)
	l.CheckText(fe, "follow_up", &p.FollowUp, false, MaxDescriptionLen)
	if p.ParentID != nil && p.ID != 0 && *p.ParentID == p.ID {
		fe.Add("parent_id", "error.parent_cycle")
	}
	if len(p.BoardIDs) > MaxListItems {
		fe.Add("board_ids", "error.too_many")
	}
	return fe.Err()
}

// PortfolioFilter selects portfolios.
type PortfolioFilter struct {
	OrganisationID *int64
	// OrganisationIDs selects the portfolios of these organisations (at
	// most MaxPageSize).
	OrganisationIDs []int64
	ParentID        *int64
	Page
}

// Category groups a portfolio's projects, in the order the action plan
// lists them ("Perusinfrastruktuurihankkeet", …).
type Category struct {
	Meta
	PortfolioID int64 `json:"portfolio_id"`
	Name        Text  `json:"name"`
	Description Text  `json:"description"`
	// Position orders the categories of a portfolio, from 1.
	Position int `json:"position"`
	// Chapter is the category's chapter number in the portfolio's
	// documents, unique within the portfolio: seed 000 numbers its
	// categories 2–7, after the plan's own introduction.
	Chapter int `json:"chapter"`

	ProjectCount int `json:"project_count"`
}

// Validate checks the category's own fields.
func (c *Category) Validate(l Languages) error {
	fe := FieldErrors{}
	if c.PortfolioID <= 0 {
		fe.Add("portfolio_id", "error.required")
	}
	l.CheckText(fe, "name", &c.Name, true, MaxNameLen)
	l.CheckText(fe, "description", &c.Description, false, MaxDescriptionLen)
	if c.Position < 0 || c.Position > 10000 {
		fe.Add("position", "error.out_of_range")
	}
	if c.Chapter < 1 || c.Chapter > MaxChapterNumber {
		fe.Add("chapter", "error.chapter_number")
	}
	return fe.Err()
}

// MaxChapterNumber is the largest chapter number a category may have.
const MaxChapterNumber = 999

// ChapterHeading is a chapter's number and name as seed 000 writes them,
// "2. Perusinfrastruktuurihankkeet"; a chapter without a number (0) is its
// name alone.
func ChapterHeading(number int, name string) string {
	if number <= 0 {
		return name
	}
	return strconv.Itoa(number) + ". " + name
}

// PortfolioService manages portfolios.
type PortfolioService interface {
	FindPortfolioByID(ctx context.Context, id int64) (*Portfolio, error)
	FindPortfolios(ctx context.Context, f PortfolioFilter) ([]*Portfolio, int, error)
	// SuggestPortfolios lists at most limit (up to MaxSuggestions)
	// portfolios whose name contains q, an exact name first, among those
	// the caller may see.
	SuggestPortfolios(ctx context.Context, q string, limit int) ([]*Portfolio, error)
	// CreatePortfolio fails with EINVALID when the parent belongs to another
	// organisation.
	CreatePortfolio(ctx context.Context, p *Portfolio) error
	// UpdatePortfolio fails with EINVALID when the new parent is the
	// portfolio itself or one of its descendants.
	UpdatePortfolio(ctx context.Context, p *Portfolio) error
	// DeletePortfolio fails with ECONFLICT while it has projects or
	// sub-portfolios; its empty categories go with it.
	DeletePortfolio(ctx context.Context, id int64) error
}

// CategoryService manages categories.
type CategoryService interface {
	FindCategoryByID(ctx context.Context, id int64) (*Category, error)
	// FindCategories lists a portfolio's categories by position.
	FindCategories(ctx context.Context, portfolioID int64) ([]*Category, error)
	// CreateCategory appends the category when Position is 0 and gives it
	// the next chapter number when Chapter is 0; a number another category
	// of the portfolio has is ECONFLICT.
	CreateCategory(ctx context.Context, c *Category) error
	// UpdateCategory keeps the position and the number where they are 0.
	UpdateCategory(ctx context.Context, c *Category) error
	// DeleteCategory fails with ECONFLICT while projects are in it.
	DeleteCategory(ctx context.Context, id int64) error
}
