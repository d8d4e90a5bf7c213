// Package salkku holds Salkku's domain: the types of the portfolio register,
// their validation rules, error codes and the service interfaces that the
// storage layer implements and the web layer calls. It imports no database,
// HTTP or third-party code.
package salkku

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on free text, so that a form or a JSON body cannot store megabytes
// in one field.
const (
	MaxNameLen        = 200
	MaxCodeLen        = 40
	MaxDescriptionLen = 20000
	MaxListItems      = 50
	MaxPageSize       = 500
	DefaultPageSize   = 50
	// MaxSuggestions bounds what a search-as-you-type picker is offered.
	MaxSuggestions = 20
)

// Meta holds what every stored record has: its id, the version used to
// detect stale edits, and when it was created and last changed.
type Meta struct {
	ID        int64     `json:"id"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Record returns the record's Meta; every stored type has it through Meta,
// so that code handling any record (the API's CRUD handlers) can reach its
// id and version.
func (m *Meta) Record() *Meta { return m }

// Page selects a slice of a list.
type Page struct {
	Offset int
	Limit  int
}

// Normalize clamps the page to sane bounds.
func (p Page) Normalize() Page {
	if p.Offset < 0 {
		p.Offset = 0
	}
	if p.Limit <= 0 {
		p.Limit = DefaultPageSize
	}
	if p.Limit > MaxPageSize {
		p.Limit = MaxPageSize
	}
	return p
}

// checkText validates a required or optional single-line text field.
func checkText(fe FieldErrors, field, value string, required bool, max int) {
	switch {
	case required && strings.TrimSpace(value) == "":
		fe.Add(field, "error.required")
	case !utf8.ValidString(value), strings.ContainsRune(value, 0):
		// PostgreSQL cannot store a NUL in text; no text needs one.
		fe.Add(field, "error.invalid_text")
	case utf8.RuneCountInString(value) > max:
		fe.Add(field, "error.too_long")
	case strings.ContainsAny(value, "\r\n") && max <= MaxNameLen:
		fe.Add(field, "error.single_line")
	}
}

// checkList validates a list of short strings such as vendors or tags.
func checkList(fe FieldErrors, field string, values []string) {
	if len(values) > MaxListItems {
		fe.Add(field, "error.too_many")
		return
	}
	for _, v := range values {
		checkText(fe, field, v, true, MaxNameLen)
	}
}

// CleanList trims the items of a list and drops empty ones and duplicates,
// keeping the order; it never returns nil so that JSON shows [].
func CleanList(values []string) []string {
	out := make([]string, 0, len(values))
	seen := map[string]bool{}
	for _, v := range values {
		v = strings.TrimSpace(v)
		if v == "" || seen[v] {
			continue
		}
		seen[v] = true
		out = append(out, v)
	}
	return out
}

// CleanIDs drops zero and duplicate ids, keeping the order.
func CleanIDs(ids []int64) []int64 {
	out := make([]int64, 0, len(ids))
	seen := map[int64]bool{}
	for _, id := range ids {
		if id <= 0 || seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, id)
	}
	return out
}

// Organisation is a city, municipality, wellbeing services county or other
// body whose development is governed in Salkku.
type Organisation struct {
	Meta
	Name Text `json:"name"`
	// BusinessID is the Finnish business identity code (Y-tunnus), optional.
	BusinessID string `json:"business_id"`
	// Languages are the content languages its texts are written in.
	Languages Languages `json:"languages"`
}

// Validate checks the organisation's own fields; its name is written in
// the languages it says it uses.
func (o *Organisation) Validate() error {
	o.BusinessID = strings.TrimSpace(o.BusinessID)
	fe := FieldErrors{}
	o.Languages.Validate(fe)
	o.Languages = o.Languages.Normalize()
	o.Languages.CheckText(fe, "name", &o.Name, true, MaxNameLen)
	if o.BusinessID != "" && !ValidBusinessID(o.BusinessID) {
		fe.Add("business_id", "error.business_id")
	}
	return fe.Err()
}

// ValidBusinessID reports whether s is a well-formed Y-tunnus "1234567-8"
// whose check digit is right.
func ValidBusinessID(s string) bool {
	if len(s) != 9 || s[7] != '-' {
		return false
	}
	weights := []int{7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 7; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
		sum += int(s[i]-'0') * weights[i]
	}
	if s[8] < '0' || s[8] > '9' {
		return false
	}
	r := sum % 11
	if r == 1 {
		return false
	}
	check := 0
	if r > 1 {
		check = 11 - r
	}
	return int(s[8]-'0') == check
}

// Person is someone named in the register: an owner, a project manager, a
// board member or a work package's responsible person. People need not have
// a user account.
type Person struct {
	Meta
	OrganisationID *int64 `json:"organisation_id"`
	Name           string `json:"name"`
	Email          string `json:"email"`
	Title          string `json:"title"`

	// UserID is the user account of the same human, read-only: a user and
	// the person with the same e-mail (ignoring case) are linked when
	// either is created or the person's e-mail is changed.
	UserID *int64 `json:"user_id"`
}

// Validate checks the person's own fields.
func (p *Person) Validate() error {
	p.Name = strings.TrimSpace(p.Name)
	p.Email = strings.TrimSpace(p.Email)
	p.Title = strings.TrimSpace(p.Title)
	fe := FieldErrors{}
	checkText(fe, "name", p.Name, true, MaxNameLen)
	checkText(fe, "email", p.Email, false, MaxNameLen)
	checkText(fe, "title", p.Title, false, MaxNameLen)
	if p.Email != "" && !ValidEmail(p.Email) {
		fe.Add("email", "error.email")
	}
	return fe.Err()
}

// ValidEmail is a deliberately plain check: one @, something on both sides,
// a dot in the domain and no spaces.
func ValidEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	if at <= 0 || at != strings.LastIndexByte(s, '@') || strings.ContainsAny(s, " \t<>,;") {
		return false
	}
	domain := s[at+1:]
	return strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// PersonFilter selects people.
type PersonFilter struct {
	ID *int64
	// IDs selects exactly these people (at most MaxPageSize).
	IDs            []int64
	OrganisationID *int64
	Query          string
	Page
}

// Validate refuses a search text that is too long or cannot be stored
// (see ValidText).
func (f *PersonFilter) Validate() error {
	fe := FieldErrors{}
	checkFilterText(fe, "q", f.Query, MaxNameLen)
	return fe.Err()
}

// Service interfaces. Each method is one transaction. Errors: EINVALID when a
// rule is broken (with Fields), ENOTFOUND when a referenced record does not
// exist, ECONFLICT when Version is stale or a unique value is taken.

// OrganisationService manages organisations.
type OrganisationService interface {
	FindOrganisationByID(ctx context.Context, id int64) (*Organisation, error)
	FindOrganisations(ctx context.Context, page Page) ([]*Organisation, int, error)
	// FindOrganisationsByID returns those of ids that exist, by name.
	FindOrganisationsByID(ctx context.Context, ids []int64) ([]*Organisation, error)
	// SuggestOrganisations lists at most limit (up to MaxSuggestions)
	// organisations whose name or business id contains q, an exact one
	// first.
	SuggestOrganisations(ctx context.Context, q string, limit int) ([]*Organisation, error)
	CreateOrganisation(ctx context.Context, o *Organisation) error
	// UpdateOrganisation replaces every field; o.Version must be current.
	UpdateOrganisation(ctx context.Context, o *Organisation) error
	// DeleteOrganisation fails with ECONFLICT while portfolios belong to it.
	DeleteOrganisation(ctx context.Context, id int64) error
}

// PersonService manages people.
type PersonService interface {
	FindPersonByID(ctx context.Context, id int64) (*Person, error)
	FindPeople(ctx context.Context, f PersonFilter) ([]*Person, int, error)
	// SuggestPeople lists at most limit (up to MaxSuggestions) people
	// whose name, e-mail or title contains q, by name, among those the
	// caller may see; with organisationID, only that organisation's people
	// and people of none.
	SuggestPeople(ctx context.Context, q string, organisationID *int64, limit int) ([]*Person, error)
	CreatePerson(ctx context.Context, p *Person) error
	UpdatePerson(ctx context.Context, p *Person) error
	// DeletePerson fails with ECONFLICT while the person owns, manages or is
	// responsible for something.
	DeletePerson(ctx context.Context, id int64) error
}

// Register is the whole portfolio register: every service the foundation
// offers. The storage layer implements it.
type Register interface {
	OrganisationService
	PersonService
	PortfolioService
	CategoryService
	ProjectService
	WorkPackageService
	GateService
	RiskService
	BenefitService
	LogbookService
	ReportService
	FinanceService
	ImportService
	ProjectImportService

	// ReadTogether runs fn so that the reads inside it made with the
	// context it is given are one read transaction: the parts of a page
	// are of one moment, and cost one BEGIN and one COMMIT, not one
	// each. Writes inside fn run in their own transactions; fn must not
	// read from several goroutines at once.
	ReadTogether(ctx context.Context, fn func(ctx context.Context) error) error
}
