package salkku

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
)

// Project lifecycle statuses. Phases and gates come with the project model;
// these say only whether the project is alive.
const (
	StatusProposed  = "proposed"
	StatusActive    = "active"
	StatusClosed    = "closed"
	StatusCancelled = "cancelled"
)

// Statuses lists the lifecycle statuses in their natural order.
var Statuses = []string{StatusProposed, StatusActive, StatusClosed, StatusCancelled}

// ValidStatus reports whether s is a lifecycle status.
func ValidStatus(s string) bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// Project is one development project of a portfolio, as a line of the action
// plan (seed 000) or a programme with work packages (seed 002).
type Project struct {
	Meta
	PortfolioID int64  `json:"portfolio_id"`
	CategoryID  *int64 `json:"category_id"`
	// Code is the project's number in the plan, e.g. "2.1" or "OA2 TP3";
	// unique within a portfolio.
	Code           string   `json:"code"`
	Name           Text     `json:"name"`
	Description    Text     `json:"description"`
	OwnerID        *int64   `json:"owner_id"`
	ManagerID      *int64   `json:"manager_id"`
	ServiceOwnerID *int64   `json:"service_owner_id"`
	Vendors        []string `json:"vendors"`
	Schedule
	// Mandatory projects are required by law or by an outside decision;
	// the others are chosen (seed 000: "valituista tai pakollisista").
	Mandatory bool     `json:"mandatory"`
	Tags      []string `json:"tags"`
	// Status follows from the project's phase and gate decisions; it is
	// not set by hand (see CheckDecision).
	Status string `json:"status"`
	// Where the project stands in its life-cycle model, read-only: gate
	// decisions and placements move it (GateService).
	ModelID  int64  `json:"model_id"`
	Phase    string `json:"phase"`
	NextGate string `json:"next_gate"`

	// Read-only, filled by the store for display.
	PortfolioName    Text   `json:"portfolio_name,omitempty"`
	CategoryName     Text   `json:"category_name,omitempty"`
	OwnerName        string `json:"owner_name,omitempty"`
	ManagerName      string `json:"manager_name,omitempty"`
	ServiceOwnerName string `json:"service_owner_name,omitempty"`
	// ContentLangs are the organisation's content languages, for forms.
	ContentLangs Languages `json:"-"`
	// Cursor is set by a list in a keyset order (see ProjectFilter.After)
	// on the last project of a page that has a next page: where it starts.
	Cursor string `json:"-"`
	// The organisation the project's portfolio belongs to, for the head
	// of a printed page; not part of the API's record.
	OrganisationID   int64 `json:"-"`
	OrganisationName Text  `json:"-"`
}

// Validate checks the project's own fields and normalises lists and text.
func (p *Project) Validate(l Languages) error {
	p.Code = strings.TrimSpace(p.Code)
	p.Vendors = CleanList(p.Vendors)
	p.Tags = CleanList(p.Tags)
	fe := FieldErrors{}
	if p.PortfolioID <= 0 {
		fe.Add("portfolio_id", "error.required")
	}
	checkText(fe, "code", p.Code, true, MaxCodeLen)
	l.CheckText(fe, "name", &p.Name, true, MaxNameLen)
	l.CheckText(fe, "description", &p.Description, false, MaxDescriptionLen)
	checkList(fe, "vendors", p.Vendors)
	checkList(fe, "tags", p.Tags)
	if p.Status != "" && !ValidStatus(p.Status) {
		fe.Add("status", "error.status")
	}
	p.Schedule.Validate(fe)
	return fe.Err()
}

// SortKey returns a key that orders codes naturally: "2.2" before "2.10",
// "OA2 TP3" before "OA10 TP1". Numbers are zero-padded to eight digits.
func SortKey(code string) string {
	var b strings.Builder
	runes := []rune(strings.ToLower(code))
	for i := 0; i < len(runes); {
		if unicode.IsDigit(runes[i]) {
			j := i
			for j < len(runes) && unicode.IsDigit(runes[j]) {
				j++
			}
			num := strings.TrimLeft(string(runes[i:j]), "0")
			fmt.Fprintf(&b, "%08s", num)
			i = j
			continue
		}
		b.WriteRune(runes[i])
		i++
	}
	return b.String()
}

// Project list sort keys accepted by ProjectFilter.Sort.
var ProjectSorts = []string{"code", "name", "category", "start", "end", "status", "manager", "updated"}

// ProjectFilter selects projects.
type ProjectFilter struct {
	ID *int64
	// IDs selects exactly these projects (at most MaxPageSize).
	IDs         []int64
	PortfolioID *int64
	CategoryID  *int64
	Status      string
	// Phase selects the projects in a phase of their model (its key).
	Phase string
	Tag   string
	// Query matches code, name, description and vendors, ignoring case.
	Query string
	// Sort is one of ProjectSorts; "" sorts by category and code.
	Sort string
	Desc bool
	// After, a Project.Cursor, starts the page after that project: keyset
	// paging, which costs the same however deep the page. Only the orders
	// an index serves have cursors (see KeysetSort); Offset is then 0.
	After string
	Page
}

// KeysetSort reports whether a list in this order can be paged by cursor:
// by category (ascending) and by code.
func (f *ProjectFilter) KeysetSort() bool {
	return f.Sort == "code" || (f.Sort == "" || f.Sort == "category") && !f.Desc
}

// Validate rejects unknown sort keys and statuses, and text that is too
// long or cannot be stored (see ValidText).
func (f *ProjectFilter) Validate() error {
	fe := FieldErrors{}
	if f.Status != "" && !ValidStatus(f.Status) {
		fe.Add("status", "error.status")
	}
	if f.Sort != "" {
		ok := false
		for _, s := range ProjectSorts {
			ok = ok || s == f.Sort
		}
		if !ok {
			fe.Add("sort", "error.sort")
		}
	}
	checkFilterText(fe, "q", f.Query, MaxNameLen)
	checkFilterText(fe, "tag", f.Tag, MaxNameLen)
	if f.After != "" && (!f.KeysetSort() || f.Offset != 0) {
		fe.Add("after", "error.query_cursor")
	}
	if f.Phase != "" && !keyRE.MatchString(f.Phase) {
		fe.Add("phase", "error.phase_unknown")
	}
	return fe.Err()
}

// ProjectItems is a page of projects as the API writes them: each one's
// JSON (that of Project), the number that match in all and, in a keyset
// order with a next page, the cursor where it starts (see Project.Cursor).
type ProjectItems struct {
	Items []json.RawMessage
	Total int
	Next  string
}

// ProjectService manages projects.
type ProjectService interface {
	FindProjectByID(ctx context.Context, id int64) (*Project, error)
	// FindProjects returns one page of matching projects and the total.
	FindProjects(ctx context.Context, f ProjectFilter) ([]*Project, int, error)
	// FindProjectItems is FindProjects as the API writes it: each
	// project's JSON, read from where the store keeps it current.
	FindProjectItems(ctx context.Context, f ProjectFilter) (ProjectItems, error)
	// FindProjectItem is FindProjectByID as the API writes it, with the
	// project's version.
	FindProjectItem(ctx context.Context, id int64) (json.RawMessage, int, error)
	// EachProject hands every project FindProjects would list (its page
	// ignored) to fn, a batch at a time with the number of them all, in
	// its order and from one consistent read; an export of any size holds
	// one batch.
	EachProject(ctx context.Context, f ProjectFilter, fn func(batch []*Project, total int) error) error
	// SuggestProjects lists at most limit (up to MaxSuggestions) projects
	// whose code, name or description contains q, an exact code first,
	// among those the caller may see.
	SuggestProjects(ctx context.Context, q string, limit int) ([]*Project, error)
	// CreateProject fails with ECONFLICT when the code is taken in the
	// portfolio and EINVALID when the category belongs to another one.
	CreateProject(ctx context.Context, p *Project) error
	UpdateProject(ctx context.Context, p *Project) error
	// DeleteProject removes the project with its work packages.
	DeleteProject(ctx context.Context, id int64) error
}

// WorkPackage is a part of a project: an osa-alue, a työpaketti under it, or
// a sub-task a) b) c) under that. Each has its own responsible people.
type WorkPackage struct {
	Meta
	ProjectID      int64   `json:"project_id"`
	ParentID       *int64  `json:"parent_id"`
	Code           string  `json:"code"`
	Name           Text    `json:"name"`
	Description    Text    `json:"description"`
	ResponsibleIDs []int64 `json:"responsible_ids"`
	// Tags mark work packages as projects' tags do ("H" = HELLÄ link).
	Tags []string `json:"tags"`
	// Position orders siblings, from 1.
	Position int `json:"position"`

	// Read-only: names of the responsible people, in the order of the ids.
	ResponsibleNames []string `json:"responsible_names,omitempty"`
	// Depth and Children are filled by BuildTree.
	Depth    int            `json:"-"`
	Children []*WorkPackage `json:"-"`
}

// MaxWorkPackageDepth bounds the tree: osa-alue → työpaketti → a/b/c → one
// more level to spare.
const MaxWorkPackageDepth = 4

// Validate checks the work package's own fields.
func (w *WorkPackage) Validate(l Languages) error {
	w.Code = strings.TrimSpace(w.Code)
	w.ResponsibleIDs = CleanIDs(w.ResponsibleIDs)
	w.Tags = CleanList(w.Tags)
	fe := FieldErrors{}
	if w.ProjectID <= 0 {
		fe.Add("project_id", "error.required")
	}
	checkText(fe, "code", w.Code, false, MaxCodeLen)
	l.CheckText(fe, "name", &w.Name, true, MaxNameLen)
	l.CheckText(fe, "description", &w.Description, false, MaxDescriptionLen)
	if w.ParentID != nil && w.ID != 0 && *w.ParentID == w.ID {
		fe.Add("parent_id", "error.parent_cycle")
	}
	checkList(fe, "tags", w.Tags)
	if len(w.ResponsibleIDs) > MaxListItems {
		fe.Add("responsible_ids", "error.too_many")
	}
	if w.Position < 0 || w.Position > 10000 {
		fe.Add("position", "error.out_of_range")
	}
	return fe.Err()
}

// BuildTree arranges a project's work packages (in position order) into a
// tree and returns the roots; it sets Depth and Children. Packages whose
// parent is missing become roots, so nothing is ever hidden.
func BuildTree(wps []*WorkPackage) []*WorkPackage {
	byID := make(map[int64]*WorkPackage, len(wps))
	for _, w := range wps {
		w.Children = nil
		byID[w.ID] = w
	}
	var roots []*WorkPackage
	for _, w := range wps {
		if w.ParentID != nil {
			if p, ok := byID[*w.ParentID]; ok && p != w {
				p.Children = append(p.Children, w)
				continue
			}
		}
		roots = append(roots, w)
	}
	var setDepth func(ws []*WorkPackage, d int)
	setDepth = func(ws []*WorkPackage, d int) {
		for _, w := range ws {
			w.Depth = d
			if d < 64 { // a corrupt cycle cannot recurse forever
				setDepth(w.Children, d+1)
			}
		}
	}
	setDepth(roots, 0)
	return roots
}

// FlattenTree lists a tree depth-first, the order in which a page shows it.
func FlattenTree(roots []*WorkPackage) []*WorkPackage {
	var out []*WorkPackage
	var walk func(ws []*WorkPackage)
	walk = func(ws []*WorkPackage) {
		for _, w := range ws {
			out = append(out, w)
			if w.Depth < 64 {
				walk(w.Children)
			}
		}
	}
	walk(roots)
	return out
}

// WorkPackageService manages work packages.
type WorkPackageService interface {
	FindWorkPackageByID(ctx context.Context, id int64) (*WorkPackage, error)
	// FindWorkPackages lists a project's work packages ordered for a tree.
	FindWorkPackages(ctx context.Context, projectID int64) ([]*WorkPackage, error)
	// CreateWorkPackage fails with EINVALID when the parent is in another
	// project or the tree would grow deeper than MaxWorkPackageDepth.
	CreateWorkPackage(ctx context.Context, w *WorkPackage) error
	UpdateWorkPackage(ctx context.Context, w *WorkPackage) error
	// DeleteWorkPackage removes the package with everything under it.
	DeleteWorkPackage(ctx context.Context, id int64) error
}
