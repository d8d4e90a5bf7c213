package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/salkku/salkku"
)

// Importing actuals (migration 0011_finance): every row of a file is
// checked against the register with a bounded number of queries per
// 500 rows (projects, work packages and existing rows are read by their
// keys in chunks), and applied only when no row has a problem, all in
// one transaction.

// importProject is what checking a row needs of its project.
type importProject struct {
	p   *salkku.Project
	wps map[string]int64 // work package code (folded) → id
}

// ImportActuals checks the rows of one file and, with req.Apply and no
// problem found, writes them all.
func (d *DB) ImportActuals(ctx context.Context, req salkku.ImportRequest) (*salkku.ImportResult, error) {
	var res *salkku.ImportResult
	run := d.read
	if req.Apply {
		run = d.inTx
	}
	err := run(ctx, func(tx *Tx) (err error) {
		if err := allow(tx.access().CanManageCostCategories(req.OrganisationID)); err != nil {
			return err
		}
		res, err = tx.importActuals(req)
		return err
	})
	return res, err
}

type importedRow struct {
	row      *salkku.ActualRow
	project  *importProject
	wp       *int64
	category *salkku.CostCategory
	key      string
	existing *existingActual
}

type existingActual struct {
	id          int64
	wp          *int64
	category    int64
	month       salkku.Month
	amount      salkku.Money
	description string
}

func (tx *Tx) importActuals(req salkku.ImportRequest) (*salkku.ImportResult, error) {
	progress := req.Progress
	if progress == nil {
		progress = func(int, int) {}
	}
	total := len(req.Rows)
	res := &salkku.ImportResult{ImportSummary: salkku.ImportSummary{Rows: total, Problems: []salkku.ImportProblem{}}, Preview: make([]salkku.ImportPreviewRow, 0, total)}
	col := func(field string) string { return req.Columns[field] }
	problem := func(row int, field, key string, args ...any) {
		if len(res.Problems) < salkku.MaxImportProblems {
			res.Problems = append(res.Problems, salkku.ImportProblem{Row: row, Column: col(field), Key: key, Args: args})
		}
	}

	cats, err := tx.costCategories(req.OrganisationID)
	if err != nil {
		return nil, err
	}
	projects, err := tx.importProjects(req.OrganisationID, req.Rows)
	if err != nil {
		return nil, err
	}
	a := tx.access()
	rows := make([]importedRow, total)
	seen := map[string]int{} // project id + key → first row
	for i := range req.Rows {
		r := &req.Rows[i]
		ir := &rows[i]
		ir.row = r
		bad := len(r.Problems) > 0
		for _, p := range r.Problems {
			if len(res.Problems) < salkku.MaxImportProblems {
				res.Problems = append(res.Problems, p)
			}
		}
		matches := projects[salkku.Fold(r.ProjectCode)]
		switch {
		case strings.TrimSpace(r.ProjectCode) == "":
			// Reported by the reader as an empty required cell.
			bad = true
		case len(matches) == 0:
			problem(r.Row, "project", "import.unknown_project", r.ProjectCode)
			bad = true
		case len(matches) > 1:
			problem(r.Row, "project", "import.ambiguous_project", r.ProjectCode)
			bad = true
		case !a.CanEditFinance(matches[0].p):
			problem(r.Row, "project", "import.project_forbidden", r.ProjectCode)
			bad = true
		default:
			ir.project = matches[0]
		}
		switch {
		case r.Account != "":
			if ir.category = salkku.CategoryForAccount(cats, r.Account); ir.category == nil {
				problem(r.Row, "account", "import.unknown_account", r.Account)
				bad = true
			}
		case r.Category != "":
			if ir.category = categoryByName(cats, r.Category); ir.category == nil {
				problem(r.Row, "category", "import.unknown_category", r.Category)
				bad = true
			}
		default:
			problem(r.Row, "account", "import.no_category")
			bad = true
		}
		if ir.project != nil {
			if code := salkku.Fold(r.WorkPackageCode); code != "" {
				id, ok := ir.project.wps[code]
				if !ok {
					problem(r.Row, "work_package", "import.unknown_work_package", r.WorkPackageCode, r.ProjectCode)
					bad = true
				}
				ir.wp = &id
			}
			if !r.Month.IsZero() && !ir.project.p.InSpan(r.Month) {
				problem(r.Row, "month", "import.month_outside_project", r.Month.String(), ir.project.p.Schedule.Format("–"))
				bad = true
			}
		}
		if r.Amount > salkku.MaxMoney || r.Amount < -salkku.MaxMoney {
			problem(r.Row, "amount", salkku.ErrMoneyRange)
			bad = true
		}
		if len([]rune(r.Description)) > salkku.MaxNameLen {
			r.Description = string([]rune(r.Description)[:salkku.MaxNameLen])
		}
		ir.key = r.SourceKey()
		if ir.project != nil {
			k := fmt.Sprint(ir.project.p.ID, "\x00", ir.key)
			if first, dup := seen[k]; dup {
				problem(r.Row, "", "import.duplicate_row", first)
				bad = true
			} else {
				seen[k] = r.Row
			}
		}
		pr := salkku.ImportPreviewRow{Row: r.Row, ProjectCode: r.ProjectCode, Month: r.Month, Amount: r.Amount, Description: r.Description, Action: salkku.ImportNew}
		if ir.project != nil {
			pr.ProjectID = ir.project.p.ID
		}
		if ir.category != nil {
			pr.CategoryName = ir.category.Name
		}
		if bad {
			pr.Action = salkku.ImportError
		}
		res.Preview = append(res.Preview, pr)
		if (i+1)%1000 == 0 {
			progress(i+1, total)
		}
	}

	if err := tx.existingActuals(rows); err != nil {
		return nil, err
	}
	for i := range rows {
		ir := &rows[i]
		pr := &res.Preview[i]
		if pr.Action == salkku.ImportError {
			continue
		}
		res.Total += ir.row.Amount
		switch e := ir.existing; {
		case e == nil:
			res.New++
		case e.amount == ir.row.Amount && e.month == ir.row.Month && e.category == ir.category.ID && sameID(e.wp, ir.wp) && e.description == ir.row.Description:
			pr.Action = salkku.ImportUnchanged
			res.Unchanged++
		default:
			pr.Action = salkku.ImportUpdated
			res.Updated++
		}
	}
	if len(res.Problems) > 0 || !req.Apply {
		return res, nil
	}
	if err := tx.applyImport(req, res, rows, progress); err != nil {
		return nil, err
	}
	res.Applied = true
	progress(total, total)
	return res, nil
}

// categoryByName finds a category by its name in any language, ignoring
// case and diacritics.
func categoryByName(cats []*salkku.CostCategory, name string) *salkku.CostCategory {
	want := salkku.Fold(name)
	for _, c := range cats {
		for _, n := range []string{c.Name.FI, c.Name.SV, c.Name.EN} {
			if n != "" && salkku.Fold(n) == want {
				return c
			}
		}
	}
	return nil
}

// importProjects reads the organisation's projects whose codes the rows
// name, with their work packages: code (folded) → the projects with it
// (more than one when two portfolios use the same code).
func (tx *Tx) importProjects(org int64, rows []salkku.ActualRow) (map[string][]*importProject, error) {
	codes := map[string]bool{}
	for _, r := range rows {
		if c := salkku.Fold(r.ProjectCode); c != "" {
			codes[c] = true
		}
	}
	list := make([]string, 0, len(codes))
	for c := range codes {
		list = append(list, c)
	}
	found, err := tx.projectsByCode(org, list)
	if err != nil {
		return nil, err
	}
	out := map[string][]*importProject{}
	byID := map[int64]*importProject{}
	var ids []any
	for _, p := range found {
		ip := &importProject{p: p, wps: map[string]int64{}}
		k := salkku.Fold(p.Code)
		out[k] = append(out[k], ip)
		byID[p.ID] = ip
		ids = append(ids, p.ID)
	}
	for start := 0; start < len(ids); start += maxIn {
		part := ids[start:min(start+maxIn, len(ids))]
		q, err := tx.query(`SELECT id, project_id, code FROM work_packages WHERE code <> '' AND project_id IN (`+placeholders(len(part))+`)`, part...)
		if err != nil {
			return nil, fmt.Errorf("sqldb: import work packages: %w", err)
		}
		for q.Next() {
			var id, project int64
			var code string
			if err := q.Scan(&id, &project, &code); err != nil {
				q.Close()
				return nil, fmt.Errorf("sqldb: import work packages: %w", err)
			}
			byID[project].wps[salkku.Fold(code)] = id
		}
		q.Close()
		if err := q.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// existingActuals finds, for each row with a project, the actual already
// imported with the same key, reading each project's imported rows once.
func (tx *Tx) existingActuals(rows []importedRow) error {
	type k struct {
		project int64
		key     string
	}
	want := map[k]*importedRow{}
	var ids []any
	seenProject := map[int64]bool{}
	for i := range rows {
		ir := &rows[i]
		if ir.project == nil {
			continue
		}
		want[k{ir.project.p.ID, ir.key}] = ir
		if !seenProject[ir.project.p.ID] {
			seenProject[ir.project.p.ID] = true
			ids = append(ids, ir.project.p.ID)
		}
	}
	for start := 0; start < len(ids); start += maxIn {
		part := ids[start:min(start+maxIn, len(ids))]
		q, err := tx.query(`SELECT id, project_id, source_key, work_package_id, category_id, month, amount, description FROM actuals
			WHERE source_key <> '' AND project_id IN (`+placeholders(len(part))+`)`, part...)
		if err != nil {
			return fmt.Errorf("sqldb: import existing actuals: %w", err)
		}
		for q.Next() {
			var e existingActual
			var project int64
			var key string
			var wp sql.NullInt64
			if err := q.Scan(&e.id, &project, &key, &wp, &e.category, &e.month, &e.amount, &e.description); err != nil {
				q.Close()
				return fmt.Errorf("sqldb: import existing actuals: %w", err)
			}
			e.wp = idPtr(wp)
			if ir := want[k{project, key}]; ir != nil {
				ir.existing = &e
			}
		}
		q.Close()
		if err := q.Err(); err != nil {
			return err
		}
	}
	return nil
}

// applyImport writes the checked rows: new ones in batches, changed ones
// one by one, then each touched project's totals.
func (tx *Tx) applyImport(req salkku.ImportRequest, res *salkku.ImportResult, rows []importedRow, progress func(int, int)) error {
	a := salkku.ActorFrom(tx.ctx)
	var by any
	if a.UserID != 0 {
		by = a.UserID
	}
	id, err := tx.insert(`INSERT INTO actual_imports (organisation_id, created_at, created_by, file_name, row_count, created, updated, unchanged)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, req.OrganisationID, tx.now, by, req.FileName, res.Rows, res.New, res.Updated, res.Unchanged)
	if err != nil {
		return fmt.Errorf("sqldb: import actuals: %w", err)
	}
	res.ImportID = id
	touched := map[int64]*salkku.Project{}
	const batch = 80
	var vals []string
	var args []any
	flush := func() error {
		if len(vals) == 0 {
			return nil
		}
		_, err := tx.exec(`INSERT INTO actuals (created_at, updated_at, project_id, work_package_id, category_id, month, amount, description, import_id, source_key)
			VALUES `+strings.Join(vals, ", "), args...)
		vals, args = vals[:0], args[:0]
		if err != nil {
			return fmt.Errorf("sqldb: import actuals: %w", err)
		}
		return nil
	}
	for i := range rows {
		ir := &rows[i]
		action := res.Preview[i].Action
		if action == salkku.ImportUnchanged {
			continue
		}
		touched[ir.project.p.ID] = ir.project.p
		if action == salkku.ImportUpdated {
			if _, err := tx.exec(`UPDATE actuals SET version = version + 1, updated_at = ?, work_package_id = ?, category_id = ?, month = ?, amount = ?, description = ?, import_id = ?
				WHERE id = ?`, tx.now, nullID(ir.wp), ir.category.ID, ir.row.Month, ir.row.Amount, ir.row.Description, id, ir.existing.id); err != nil {
				return fmt.Errorf("sqldb: import actuals: %w", err)
			}
			continue
		}
		vals = append(vals, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
		args = append(args, tx.now, tx.now, ir.project.p.ID, nullID(ir.wp), ir.category.ID, ir.row.Month, ir.row.Amount, ir.row.Description, id, ir.key)
		if len(vals) == batch {
			if err := flush(); err != nil {
				return err
			}
			progress(i+1, len(rows))
		}
	}
	if err := flush(); err != nil {
		return err
	}
	for _, p := range touched {
		full, err := tx.findProject(p.ID)
		if err != nil {
			return err
		}
		if err := tx.refreshFinance(full); err != nil {
			return err
		}
	}
	return tx.audit(actionCreate, "actual_import", id, nil, nil, map[string]any{
		"file_name": req.FileName, "rows": res.Rows, "new": res.New, "updated": res.Updated, "unchanged": res.Unchanged, "total": res.Total})
}

// FindActualImports lists an organisation's latest imports.
func (d *DB) FindActualImports(ctx context.Context, organisationID int64, limit int) ([]*salkku.ActualImport, error) {
	if limit <= 0 || limit > salkku.MaxPageSize {
		limit = salkku.DefaultPageSize
	}
	out := []*salkku.ActualImport{}
	err := d.read(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanManageCostCategories(organisationID)); err != nil {
			return err
		}
		rows, err := tx.query(`SELECT i.id, i.organisation_id, i.file_name, i.row_count, i.created, i.updated, i.unchanged, i.created_at, COALESCE(u.name, '')
			FROM actual_imports i LEFT JOIN users u ON u.id = i.created_by WHERE i.organisation_id = ? ORDER BY i.id DESC`+sqlLimit(limit), organisationID)
		if err != nil {
			return fmt.Errorf("sqldb: find imports: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var im salkku.ActualImport
			if err := rows.Scan(&im.ID, &im.OrganisationID, &im.FileName, &im.Rows, &im.New, &im.Updated, &im.Unchanged, &im.CreatedAt, &im.CreatedByName); err != nil {
				return fmt.Errorf("sqldb: find imports: %w", err)
			}
			im.CreatedAt = im.CreatedAt.UTC()
			out = append(out, &im)
		}
		return rows.Err()
	})
	return out, err
}

// FindImportMapping returns the organisation's remembered mapping.
func (d *DB) FindImportMapping(ctx context.Context, organisationID int64, kind string) (map[string]string, error) {
	var out map[string]string
	err := d.read(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanManageCostCategories(organisationID)); err != nil {
			return err
		}
		var s string
		err := tx.queryRow(`SELECT mapping FROM import_mappings WHERE organisation_id = ? AND kind = ?`, organisationID, kind).Scan(&s)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return fmt.Errorf("sqldb: import mapping: %w", err)
		}
		return json.Unmarshal([]byte(s), &out)
	})
	return out, err
}

// SaveImportMapping remembers the organisation's mapping for next time.
func (d *DB) SaveImportMapping(ctx context.Context, organisationID int64, kind string, mapping map[string]string) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanManageCostCategories(organisationID)); err != nil {
			return err
		}
		b, err := json.Marshal(mapping)
		if err != nil {
			return err
		}
		if _, err := tx.exec(`INSERT INTO import_mappings (organisation_id, kind, mapping) VALUES (?, ?, ?)
			ON CONFLICT (organisation_id, kind) DO UPDATE SET mapping = excluded.mapping`, organisationID, kind, string(b)); err != nil {
			return fmt.Errorf("sqldb: import mapping: %w", err)
		}
		return nil
	})
}

// SaveImportFile keeps an uploaded file for the next steps of its import
// and drops files more than a day old.
func (d *DB) SaveImportFile(ctx context.Context, f *salkku.ImportFile) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanManageCostCategories(f.OrganisationID)); err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM import_files WHERE created_at < ?`, tx.now.Add(-24*time.Hour)); err != nil {
			return fmt.Errorf("sqldb: import file: %w", err)
		}
		a := salkku.ActorFrom(ctx)
		var by any
		if a.UserID != 0 {
			by = a.UserID
		}
		id, err := tx.insert(`INSERT INTO import_files (organisation_id, kind, name, content, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)`,
			f.OrganisationID, f.Kind, f.Name, f.Content, tx.now, by)
		if err != nil {
			return fmt.Errorf("sqldb: import file: %w", err)
		}
		f.ID, f.CreatedAt = id, tx.now
		return nil
	})
}

// FindImportFile returns a kept upload to those who may import for its
// organisation.
func (d *DB) FindImportFile(ctx context.Context, id int64) (*salkku.ImportFile, error) {
	var out *salkku.ImportFile
	err := d.read(ctx, func(tx *Tx) error {
		f := &salkku.ImportFile{ID: id}
		if err := tx.queryRow(`SELECT organisation_id, kind, name, content, created_at FROM import_files WHERE id = ?`, id).
			Scan(&f.OrganisationID, &f.Kind, &f.Name, &f.Content, &f.CreatedAt); err != nil {
			return notFound(err)
		}
		if err := allow(tx.access().CanManageCostCategories(f.OrganisationID)); err != nil {
			return err
		}
		f.CreatedAt = f.CreatedAt.UTC()
		out = f
		return nil
	})
	return out, err
}
