package salkku

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// Importing actuals from a finance system's export: the file is read and
// mapped to ActualRows (package importer), then ImportActuals checks
// every row against the register and either reports each problem or
// applies all rows in one transaction. Re-importing a file changes
// nothing: each row is keyed by the source's own id or by a hash of its
// content.

// ImportProblem is one thing wrong in an import file: a cell (Column is
// its header text) or a whole row (Column ""). Key is a catalogue key.
type ImportProblem struct {
	Row    int    `json:"row"`
	Column string `json:"column,omitempty"`
	Key    string `json:"key"`
	Args   []any  `json:"args,omitempty"`
}

// ActualRow is one row of an actuals file, its cells read. Columns names
// the header text of each field's column, for problems; Problems holds
// what was wrong in the cells already.
type ActualRow struct {
	Row             int             `json:"row"`
	ProjectCode     string          `json:"project_code"`
	WorkPackageCode string          `json:"work_package_code,omitempty"`
	Account         string          `json:"account,omitempty"`
	Category        string          `json:"category,omitempty"`
	Month           Month           `json:"month"`
	Amount          Money           `json:"amount"`
	Description     string          `json:"description,omitempty"`
	SourceID        string          `json:"source_id,omitempty"`
	Problems        []ImportProblem `json:"problems,omitempty"`
}

// SourceKey is the row's identity in its source: its own id when the file
// has one, else a hash of what it says, so that the same row imported
// twice is recognised.
func (r *ActualRow) SourceKey() string {
	if id := strings.TrimSpace(r.SourceID); id != "" {
		return "id:" + id
	}
	h := sha256.New()
	for _, s := range []string{Fold(r.ProjectCode), Fold(r.WorkPackageCode), r.Account, Fold(r.Category),
		strconv.Itoa(int(r.Month)), strconv.FormatInt(int64(r.Amount), 10), r.Description} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return "h:" + hex.EncodeToString(h.Sum(nil))[:32]
}

// Import actions: what applying a row does.
const (
	ImportNew       = "new"
	ImportUpdated   = "updated"
	ImportUnchanged = "unchanged"
	ImportError     = "error"
)

// ImportRequest asks ImportActuals to check (and, with Apply, apply) the
// rows of one file for one organisation.
type ImportRequest struct {
	OrganisationID int64
	FileName       string
	Rows           []ActualRow
	Apply          bool
	// Columns gives the header text of each field (project, account, …)
	// so that a problem the store finds names the user's column.
	Columns map[string]string
	// Progress, when set, hears how many rows are checked or written.
	Progress func(done, total int)
}

// ImportPreviewRow is what one row will do, with the names it resolved.
type ImportPreviewRow struct {
	Row          int    `json:"row"`
	ProjectID    int64  `json:"project_id,omitempty"`
	ProjectCode  string `json:"project_code"`
	CategoryName Text   `json:"category_name"`
	Month        Month  `json:"month"`
	Amount       Money  `json:"amount"`
	Description  string `json:"description,omitempty"`
	Action       string `json:"action"`
}

// ImportResult is the outcome of ImportActuals: what each row does (or
// did), counts, and every problem. With problems nothing is applied.
type ImportResult struct {
	ImportSummary
	Total    Money              `json:"total"`
	Preview  []ImportPreviewRow `json:"preview"`
	ImportID int64              `json:"import_id,omitempty"`
}

// MaxImportProblems bounds the problems reported for one file: a file
// whose every row is wrong names the first thousand.
const MaxImportProblems = 1000

// ActualImport is one applied import, for the history.
type ActualImport struct {
	ID             int64     `json:"id"`
	OrganisationID int64     `json:"organisation_id"`
	FileName       string    `json:"file_name"`
	Rows           int       `json:"rows"`
	New            int       `json:"new"`
	Updated        int       `json:"updated"`
	Unchanged      int       `json:"unchanged"`
	CreatedAt      time.Time `json:"created_at"`
	CreatedByName  string    `json:"created_by_name,omitempty"`
}

// ImportFile is an uploaded file kept between the steps of an import
// (mapping, preview, apply), so that any instance can serve each step.
type ImportFile struct {
	ID             int64     `json:"id"`
	OrganisationID int64     `json:"organisation_id"`
	Kind           string    `json:"kind"`
	Name           string    `json:"name"`
	Content        []byte    `json:"-"`
	CreatedAt      time.Time `json:"created_at"`
}

// Import kinds: what a file imports.
const (
	ImportKindActuals  = "actuals"
	ImportKindProjects = "projects"
)

// ImportService imports files into the register.
type ImportService interface {
	// ImportActuals checks every row and, with req.Apply and no problem,
	// applies all of them in one transaction.
	ImportActuals(ctx context.Context, req ImportRequest) (*ImportResult, error)
	FindActualImports(ctx context.Context, organisationID int64, limit int) ([]*ActualImport, error)
	// FindImportMapping returns the column mapping last used by the
	// organisation for the kind of import; nil when none.
	FindImportMapping(ctx context.Context, organisationID int64, kind string) (map[string]string, error)
	SaveImportMapping(ctx context.Context, organisationID int64, kind string, mapping map[string]string) error
	// SaveImportFile keeps an uploaded file for the next steps (and drops
	// files older than a day); FindImportFile returns it to the
	// organisation's importers.
	SaveImportFile(ctx context.Context, f *ImportFile) error
	FindImportFile(ctx context.Context, id int64) (*ImportFile, error)
}
