package salkku

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
)

// Importing a project list (an organisation's Excel register) into a
// portfolio: the file is read and mapped to ProjectRows (package
// importer); ImportProjects checks every row against the portfolio and
// either reports each problem or writes all rows in one transaction. A
// row whose code the portfolio has already is an update of that project,
// of the fields the file has only; a row that changes nothing is left
// alone, so that importing the same file again changes nothing.

// Fields of a project an import writes, as ProjectRows.Fields names them.
// A text field is named with its language (name.fi); a schedule column
// writes start, end and continuous, a start or end column its own.
const (
	ProjectFieldCode       = "code"
	ProjectFieldCategory   = "category"
	ProjectFieldStart      = "start"
	ProjectFieldEnd        = "end"
	ProjectFieldContinuous = "continuous"
	ProjectFieldVendors    = "vendors"
	ProjectFieldManager    = "manager"
	ProjectFieldMandatory  = "mandatory"
	ProjectFieldTags       = "tags"
)

// ProjectRow is one row of a project list, its cells read. Problems holds
// what was wrong in the cells already.
type ProjectRow struct {
	Row         int             `json:"row"`
	Code        string          `json:"code"`
	Name        Text            `json:"name"`
	Description Text            `json:"description"`
	Category    string          `json:"category,omitempty"`
	Schedule    Schedule        `json:"schedule"`
	Vendors     []string        `json:"vendors,omitempty"`
	Manager     string          `json:"manager,omitempty"`
	Mandatory   bool            `json:"mandatory"`
	Tags        []string        `json:"tags,omitempty"`
	Problems    []ImportProblem `json:"problems,omitempty"`
}

// ProjectRows is a project list to import into a portfolio.
type ProjectRows struct {
	FileName string
	// Fields are the fields the file has (see ProjectFieldCode …, and
	// name.fi, description.sv): only these are written to a project
	// that exists.
	Fields map[string]bool
	// Columns gives the header text of each field, so that a problem
	// the store finds names the user's column.
	Columns map[string]string
	Rows    []ProjectRow
	// Progress, when set, hears how many rows are checked or written.
	Progress func(done, total int)
}

// Column is the header text of a field's column: a text field's own
// language column, else the field's (name.sv → "Nimi (sv)", or "Nimi").
func (in *ProjectRows) Column(field string) string {
	if c, ok := in.Columns[field]; ok {
		return c
	}
	stem, _, _ := strings.Cut(field, ".")
	if c, ok := in.Columns[stem]; ok {
		return c
	}
	switch stem {
	case "category_id":
		return in.Columns[ProjectFieldCategory]
	case "manager_id":
		return in.Columns[ProjectFieldManager]
	case ProjectFieldStart, ProjectFieldEnd, ProjectFieldContinuous:
		for _, f := range []string{stem, "schedule", ProjectFieldStart, ProjectFieldEnd} {
			if c, ok := in.Columns[f]; ok {
				return c
			}
		}
	}
	return ""
}

// ImportSummary is what every import answers: the counts of what its
// rows do (or did) and every problem. With problems nothing is applied.
type ImportSummary struct {
	Rows      int             `json:"rows"`
	New       int             `json:"new"`
	Updated   int             `json:"updated"`
	Unchanged int             `json:"unchanged"`
	Problems  []ImportProblem `json:"problems"`
	Applied   bool            `json:"applied"`
}

// Problem adds a problem, up to MaxImportProblems.
func (s *ImportSummary) Problem(p ImportProblem) {
	if len(s.Problems) < MaxImportProblems {
		s.Problems = append(s.Problems, p)
	}
}

// ProjectPreviewRow is what one row of a project list does: the project
// it makes or changes, and which fields change.
type ProjectPreviewRow struct {
	Row          int      `json:"row"`
	ProjectID    int64    `json:"project_id,omitempty"`
	Code         string   `json:"code"`
	Name         Text     `json:"name"`
	CategoryName Text     `json:"category_name"`
	Schedule     Schedule `json:"schedule"`
	ManagerName  string   `json:"manager_name,omitempty"`
	Action       string   `json:"action"`
	// Changes names the fields an update changes.
	Changes []string `json:"changes,omitempty"`
}

// ProjectImportResult is the outcome of ImportProjects.
type ProjectImportResult struct {
	ImportSummary
	Preview []ProjectPreviewRow `json:"preview"`
}

// ProjectImportService imports project lists.
type ProjectImportService interface {
	// ImportProjects checks every row against the portfolio and, unless
	// dryRun or a row has a problem, writes all of them in one
	// transaction. It fails with EFORBIDDEN unless the caller may create
	// projects in the portfolio.
	ImportProjects(ctx context.Context, portfolioID int64, in ProjectRows, dryRun bool) (*ProjectImportResult, error)
}

// Problems of a project list, catalogue keys.
const (
	ErrImportDuplicateCode = "projectimport.duplicate_code" // Args: the row that has the code first
	ErrImportUnknownCat    = "projectimport.unknown_category"
	ErrImportUnknownPerson = "projectimport.unknown_manager"
	ErrImportAmbiguous     = "projectimport.ambiguous_manager"
	ErrImportOtherPortf    = "projectimport.code_elsewhere" // Args: the code, the portfolio's name
)

// CheckProjectCodes reports each row whose code (folded) an earlier row
// has.
func CheckProjectCodes(rows []ProjectRow, columns map[string]string) []ImportProblem {
	var out []ImportProblem
	first := map[string]int{}
	for _, r := range rows {
		k := Fold(r.Code)
		if k == "" {
			continue
		}
		if n, dup := first[k]; dup {
			out = append(out, ImportProblem{Row: r.Row, Column: columns[ProjectFieldCode], Key: ErrImportDuplicateCode, Args: []any{n}})
			continue
		}
		first[k] = r.Row
	}
	return out
}

// CategoryByName finds a portfolio's category as a project list names
// it: by its name in any language (ignoring case and diacritics), by its
// chapter number ("3", "3."), or by both ("3. Sovellukset"). Nil when
// none fits.
func CategoryByName(cats []*Category, s string) *Category {
	s = strings.TrimSpace(s)
	want := Fold(s)
	if want == "" {
		return nil
	}
	for _, c := range cats {
		for _, n := range []string{c.Name.FI, c.Name.SV, c.Name.EN} {
			if n != "" && Fold(n) == want {
				return c
			}
		}
	}
	num, rest := s, ""
	if i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
		num, rest = s[:i], strings.TrimSpace(strings.TrimPrefix(s[i:], "."))
	}
	n, err := strconv.Atoi(num)
	if err != nil {
		return nil
	}
	for _, c := range cats {
		if c.Chapter != n || c.Chapter == 0 {
			continue
		}
		if rest == "" {
			return c
		}
		for _, name := range []string{c.Name.FI, c.Name.SV, c.Name.EN} {
			if name != "" && Fold(name) == Fold(rest) {
				return c
			}
		}
	}
	return nil
}

// PersonByName finds the person a project list names by name or e-mail
// (ignoring case and diacritics); ambiguous when two people share the
// name and neither is named by e-mail.
func PersonByName(people []*Person, s string) (p *Person, ambiguous bool) {
	want := Fold(strings.TrimSpace(s))
	if want == "" {
		return nil, false
	}
	for _, x := range people {
		if x.Email != "" && Fold(x.Email) == want {
			return x, false
		}
	}
	for _, x := range people {
		if Fold(x.Name) == want {
			if p != nil {
				return nil, true
			}
			p = x
		}
	}
	return p, false
}

// ParseYesNo reads a yes-or-no cell as registers write it: "kyllä",
// "ei", "x", "ja", "nej", "yes", "no", "1", "0"; an empty cell is no.
func ParseYesNo(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "ei", "e", "nej", "no", "n", "0", "false", "-":
		return false, true
	case "kyllä", "k", "x", "ja", "j", "yes", "y", "1", "true", "on", "✓":
		return true, true
	}
	return false, false
}

// SplitList reads a comma- or semicolon-separated list cell ("Tieto Oyj,
// CGI"), its items trimmed, empty ones dropped.
func SplitList(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' })
	return CleanList(parts)
}

// ApplyRow writes the row's fields that the file has (fields) over p: a
// new project's fields, or a stored one's to update. categoryID and
// managerID are the row's category and manager as resolved.
func ApplyRow(p *Project, r *ProjectRow, fields map[string]bool, categoryID, managerID *int64) {
	if fields[ProjectFieldCode] {
		p.Code = strings.TrimSpace(r.Code)
	}
	for _, lang := range ContentLangs {
		if fields["name."+lang] {
			p.Name.Set(lang, strings.TrimSpace(r.Name.Get(lang)))
		}
		if fields["description."+lang] {
			p.Description.Set(lang, strings.TrimSpace(r.Description.Get(lang)))
		}
	}
	if fields[ProjectFieldCategory] {
		p.CategoryID = categoryID
	}
	if fields[ProjectFieldStart] {
		p.Start = r.Schedule.Start
	}
	if fields[ProjectFieldEnd] {
		p.End = r.Schedule.End
	}
	if fields[ProjectFieldContinuous] {
		p.Continuous = r.Schedule.Continuous
	}
	if fields[ProjectFieldVendors] {
		p.Vendors = CleanList(r.Vendors)
	}
	if fields[ProjectFieldManager] {
		p.ManagerID = managerID
	}
	if fields[ProjectFieldMandatory] {
		p.Mandatory = r.Mandatory
	}
	if fields[ProjectFieldTags] {
		p.Tags = CleanList(r.Tags)
	}
}

// ProjectChanges names the fields an import may write whose values
// differ between a and b, in the order of the project form.
func ProjectChanges(a, b *Project) []string {
	var out []string
	add := func(changed bool, field string) {
		if changed {
			out = append(out, field)
		}
	}
	add(a.Code != b.Code, ProjectFieldCode)
	add(!a.Name.Equal(b.Name), "name")
	add(!a.Description.Equal(b.Description), "description")
	add(!sameID(a.CategoryID, b.CategoryID), ProjectFieldCategory)
	add(a.Schedule != b.Schedule, "schedule")
	add(!slices.Equal(CleanList(a.Vendors), CleanList(b.Vendors)), ProjectFieldVendors)
	add(!sameID(a.ManagerID, b.ManagerID), ProjectFieldManager)
	add(a.Mandatory != b.Mandatory, ProjectFieldMandatory)
	add(!slices.Equal(CleanList(a.Tags), CleanList(b.Tags)), ProjectFieldTags)
	return out
}

// RowProblems turns the error of a row's project (its Validate's: field
// errors, each a problem naming the file's column) into problems of the
// row.
func (in *ProjectRows) RowProblems(row int, err error) []ImportProblem {
	var e *Error
	if !errors.As(err, &e) {
		return nil
	}
	if len(e.Fields) == 0 {
		return []ImportProblem{{Row: row, Key: e.Message, Args: e.Args}}
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]ImportProblem, 0, len(keys))
	for _, k := range keys {
		out = append(out, ImportProblem{Row: row, Column: in.Column(k), Key: e.Fields[k]})
	}
	return out
}
