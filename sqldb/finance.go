package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/salkku/salkku"
)

// Finance (migration 0011_finance): cost categories, budget revisions,
// actuals, forecasts and funding, and the two roll-ups every write keeps
// current in its own transaction: finance_totals per project and category,
// portfolio_finance per portfolio (with all its sub-portfolios) and
// category. refreshFinance recomputes one project's totals and adds the
// difference to each portfolio above it, so no page ever sums the
// register.

// editFinance loads the project whose money is written and checks the
// caller's right to keep it.
func (tx *Tx) editFinance(projectID int64) (*salkku.Project, error) {
	p, err := tx.viewProject(projectID)
	if err != nil {
		return nil, err
	}
	return p, allow(tx.access().CanEditFinance(p))
}

// projectOrganisation is the organisation of a project's portfolio.
func (tx *Tx) projectOrganisation(p *salkku.Project) (int64, error) {
	return tx.portfolioOrganisation(p.PortfolioID)
}

// portfolioOrganisation is the organisation of a portfolio, or ENOTFOUND.
func (tx *Tx) portfolioOrganisation(id int64) (int64, error) {
	var org int64
	if err := tx.queryRow(`SELECT organisation_id FROM portfolios WHERE id = ?`, id).Scan(&org); err != nil {
		return 0, notFound(fmt.Errorf("sqldb: portfolio's organisation: %w", err))
	}
	return org, nil
}

// --- Cost categories ---

// createDefaultCostCategories gives a new organisation seed 002's
// categories.
func (tx *Tx) createDefaultCostCategories(organisationID int64) error {
	l, err := tx.organisationLanguages(organisationID)
	if err != nil {
		return err
	}
	for i, name := range salkku.DefaultCostCategories {
		if _, err := tx.exec(`INSERT INTO cost_categories (created_at, updated_at, organisation_id, name, position) VALUES (?, ?, ?, ?, ?)`,
			tx.now, tx.now, organisationID, jsonText(l.Keep(name)), i+1); err != nil {
			return fmt.Errorf("sqldb: default cost categories: %w", err)
		}
	}
	return nil
}

// organisationLanguages are the content languages an organisation uses.
func (tx *Tx) organisationLanguages(id int64) (salkku.Languages, error) {
	var used, required string
	if err := tx.queryRow(`SELECT languages, required_languages FROM organisations WHERE id = ?`, id).Scan(&used, &required); err != nil {
		return salkku.Languages{}, fmt.Errorf("sqldb: organisation languages: %w", err)
	}
	return decodeLanguages(used, required), nil
}

// seedCostCategories gives every organisation without cost categories
// the defaults, after a bulk load.
func seedCostCategories(tx *Tx) error {
	rows, err := tx.query(`SELECT id FROM organisations o WHERE NOT EXISTS (SELECT 1 FROM cost_categories c WHERE c.organisation_id = o.id) ORDER BY id`)
	if err != nil {
		return fmt.Errorf("sqldb: seed cost categories: %w", err)
	}
	var orgs []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("sqldb: seed cost categories: %w", err)
		}
		orgs = append(orgs, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range orgs {
		if err := tx.createDefaultCostCategories(id); err != nil {
			return err
		}
	}
	return nil
}

const costCategorySelect = `SELECT c.id, c.version, c.created_at, c.updated_at, c.organisation_id, c.name, c.position, c.accounts, o.primary_lang
	FROM cost_categories c JOIN organisations o ON o.id = c.organisation_id`

func scanCostCategory(sc interface{ Scan(...any) error }) (*salkku.CostCategory, error) {
	var c salkku.CostCategory
	var name, accounts, primary string
	if err := sc.Scan(&c.ID, &c.Version, &c.CreatedAt, &c.UpdatedAt, &c.OrganisationID, &name, &c.Position, &accounts, &primary); err != nil {
		return nil, err
	}
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	c.Name = parseText(name, primary)
	if err := json.Unmarshal([]byte(accounts), &c.Accounts); err != nil || c.Accounts == nil {
		c.Accounts = []string{}
	}
	return &c, nil
}

func (tx *Tx) costCategories(organisationID int64) ([]*salkku.CostCategory, error) {
	rows, err := tx.query(costCategorySelect+` WHERE c.organisation_id = ? ORDER BY c.position, c.id`, organisationID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: cost categories: %w", err)
	}
	defer rows.Close()
	out := []*salkku.CostCategory{}
	for rows.Next() {
		c, err := scanCostCategory(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: cost categories: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (tx *Tx) findCostCategory(id int64) (*salkku.CostCategory, error) {
	c, err := scanCostCategory(tx.queryRow(costCategorySelect+` WHERE c.id = ?`, id))
	if err != nil {
		return nil, notFound(err)
	}
	return c, nil
}

// FindCostCategories lists an organisation's cost categories in order.
func (d *DB) FindCostCategories(ctx context.Context, organisationID int64) ([]*salkku.CostCategory, error) {
	var out []*salkku.CostCategory
	err := d.read(ctx, func(tx *Tx) (err error) {
		if err := allow(tx.access().CanViewCostCategories(organisationID)); err != nil {
			return err
		}
		out, err = tx.costCategories(organisationID)
		return err
	})
	return out, err
}

func (tx *Tx) checkCostCategory(ctx context.Context, c *salkku.CostCategory) error {
	l, err := tx.modelLanguages(c.OrganisationID)
	if err != nil {
		return err
	}
	pr, err := newProblems(ctx, c.Validate(l))
	if err != nil {
		return err
	}
	return pr.err()
}

func encodeAccounts(a []string) string {
	b, _ := json.Marshal(salkku.CleanList(a))
	return string(b)
}

// CreateCostCategory adds a category at the end of the organisation's
// list unless a position is given.
func (d *DB) CreateCostCategory(ctx context.Context, c *salkku.CostCategory) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanManageCostCategories(c.OrganisationID)); err != nil {
			return err
		}
		if err := tx.checkCostCategory(ctx, c); err != nil {
			return err
		}
		if c.Position == 0 {
			if err := tx.queryRow(`SELECT COALESCE(MAX(position), 0) + 1 FROM cost_categories WHERE organisation_id = ?`, c.OrganisationID).Scan(&c.Position); err != nil {
				return fmt.Errorf("sqldb: create cost category: %w", err)
			}
		}
		id, err := tx.insert(`INSERT INTO cost_categories (created_at, updated_at, organisation_id, name, position, accounts) VALUES (?, ?, ?, ?, ?, ?)`,
			tx.now, tx.now, c.OrganisationID, jsonText(c.Name), c.Position, encodeAccounts(c.Accounts))
		if err != nil {
			return fmt.Errorf("sqldb: create cost category: %w", err)
		}
		after, err := tx.findCostCategory(id)
		if err != nil {
			return err
		}
		*c = *after
		return tx.audit(actionCreate, "cost_category", id, nil, nil, after)
	})
}

// UpdateCostCategory renames, moves or remaps a category; it stays in its
// organisation.
func (d *DB) UpdateCostCategory(ctx context.Context, c *salkku.CostCategory) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.findCostCategory(c.ID)
		if err != nil {
			return err
		}
		if err := allow(tx.access().CanManageCostCategories(before.OrganisationID)); err != nil {
			return err
		}
		if c.OrganisationID == 0 {
			c.OrganisationID = before.OrganisationID
		}
		if c.OrganisationID != before.OrganisationID {
			return salkku.FieldErrors{"organisation_id": "error.immutable"}.Err()
		}
		if err := tx.checkCostCategory(ctx, c); err != nil {
			return err
		}
		res, err := tx.exec(`UPDATE cost_categories SET version = version + 1, updated_at = ?, name = ?, position = ?, accounts = ? WHERE id = ? AND version = ?`,
			tx.now, jsonText(c.Name), c.Position, encodeAccounts(c.Accounts), c.ID, c.Version)
		if err != nil {
			return fmt.Errorf("sqldb: update cost category: %w", err)
		}
		if err := tx.checkVersion(res, "cost_categories", c.ID); err != nil {
			return err
		}
		after, err := tx.findCostCategory(c.ID)
		if err != nil {
			return err
		}
		*c = *after
		return tx.audit(actionUpdate, "cost_category", c.ID, nil, before, after)
	})
}

// DeleteCostCategory removes a category no budget or actual uses.
func (d *DB) DeleteCostCategory(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, err := tx.findCostCategory(id)
		if err != nil {
			return err
		}
		if err := allow(tx.access().CanManageCostCategories(before.OrganisationID)); err != nil {
			return err
		}
		var used int
		if err := tx.queryRow(`SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM budget_lines WHERE category_id = ? LIMIT 1) b)
			+ (SELECT COUNT(*) FROM (SELECT 1 FROM actuals WHERE category_id = ? LIMIT 1) a)`, id, id).Scan(&used); err != nil {
			return fmt.Errorf("sqldb: delete cost category: %w", err)
		}
		if used > 0 {
			return salkku.Errorf(salkku.ECONFLICT, "error.cost_category_in_use")
		}
		if _, err := tx.exec(`DELETE FROM cost_categories WHERE id = ?`, id); err != nil {
			return fmt.Errorf("sqldb: delete cost category: %w", err)
		}
		return tx.audit(actionDelete, "cost_category", id, nil, before, nil)
	})
}

// --- Budgets ---

// revisions lists a project's budget revisions, newest first, without
// their lines.
func (tx *Tx) budgetRevisions(p *salkku.Project) ([]*salkku.BudgetRevision, error) {
	primary := p.ContentLangs.Primary()
	rows, err := tx.query(`SELECT r.id, r.number, r.date, r.reason, r.total, r.created_at, COALESCE(r.created_by, 0), COALESCE(u.name, '')
		FROM budget_revisions r LEFT JOIN users u ON u.id = r.created_by WHERE r.project_id = ? ORDER BY r.number DESC`, p.ID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: budget revisions: %w", err)
	}
	defer rows.Close()
	out := []*salkku.BudgetRevision{}
	for rows.Next() {
		r := &salkku.BudgetRevision{ProjectID: p.ID, Lines: []salkku.BudgetLine{}}
		var date, reason string
		if err := rows.Scan(&r.ID, &r.Number, &date, &reason, &r.Total, &r.CreatedAt, &r.CreatedBy, &r.CreatedByName); err != nil {
			return nil, fmt.Errorf("sqldb: budget revisions: %w", err)
		}
		r.Date, r.Reason, r.CreatedAt = salkku.Date(date), parseText(reason, primary), r.CreatedAt.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// fillBudgetLines loads the lines of the given revisions in one query.
func (tx *Tx) fillBudgetLines(revs ...*salkku.BudgetRevision) error {
	byID := map[int64]*salkku.BudgetRevision{}
	var ids []any
	for _, r := range revs {
		if r != nil && byID[r.ID] == nil {
			byID[r.ID] = r
			ids = append(ids, r.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	rows, err := tx.query(`SELECT l.revision_id, l.work_package_id, l.category_id, l.year, l.amount FROM budget_lines l
		LEFT JOIN cost_categories c ON c.id = l.category_id LEFT JOIN work_packages w ON w.id = l.work_package_id
		WHERE l.revision_id IN (`+placeholders(len(ids))+`) ORDER BY l.revision_id, COALESCE(w.position, -1), c.position, l.category_id, l.year`, ids...)
	if err != nil {
		return fmt.Errorf("sqldb: budget lines: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var rev int64
		var wp sql.NullInt64
		var ln salkku.BudgetLine
		if err := rows.Scan(&rev, &wp, &ln.CategoryID, &ln.Year, &ln.Amount); err != nil {
			return fmt.Errorf("sqldb: budget lines: %w", err)
		}
		ln.WorkPackageID = idPtr(wp)
		byID[rev].Lines = append(byID[rev].Lines, ln)
	}
	return rows.Err()
}

// FindBudgetRevision returns one revision of a project's budget with its
// lines.
func (d *DB) FindBudgetRevision(ctx context.Context, projectID int64, number int) (*salkku.BudgetRevision, error) {
	var out *salkku.BudgetRevision
	err := d.read(ctx, func(tx *Tx) error {
		p, err := tx.viewProject(projectID)
		if err != nil {
			return err
		}
		revs, err := tx.budgetRevisions(p)
		if err != nil {
			return err
		}
		for _, r := range revs {
			if r.Number == number {
				out = r
			}
		}
		if out == nil {
			return salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
		}
		return tx.fillBudgetLines(out)
	})
	return out, err
}

// ReviseBudget stores a new revision of a project's budget: the whole set
// of its lines, as of r.Date, for r.Reason. r.Number must follow the
// current revision (1 for the first budget), or someone else revised it
// meanwhile: ECONFLICT.
func (d *DB) ReviseBudget(ctx context.Context, r *salkku.BudgetRevision) error {
	return d.inTx(ctx, func(tx *Tx) error {
		p, err := tx.editFinance(r.ProjectID)
		if err != nil {
			return err
		}
		var current int
		if err := tx.queryRow(`SELECT COALESCE(MAX(number), 0) FROM budget_revisions WHERE project_id = ?`, p.ID).Scan(&current); err != nil {
			return fmt.Errorf("sqldb: revise budget: %w", err)
		}
		if r.Number != current+1 {
			return salkku.Errorf(salkku.ECONFLICT, "error.stale")
		}
		pr, err := newProblems(ctx, r.Validate(p, p.ContentLangs))
		if err != nil {
			return err
		}
		fe := salkku.FieldErrors{}
		if err := tx.checkFinanceRefs(fe, p, func(yield func(field string, cat int64, wp *int64) bool) {
			for i, ln := range r.Lines {
				if !yield(fmt.Sprintf("lines.%d", i), ln.CategoryID, ln.WorkPackageID) {
					return
				}
			}
		}); err != nil {
			return err
		}
		if err := pr.add(fe.Err()); err != nil {
			return err
		}
		if err := pr.err(); err != nil {
			return err
		}
		a := salkku.ActorFrom(ctx)
		var by any
		if a.UserID != 0 {
			by = a.UserID
		}
		id, err := tx.insert(`INSERT INTO budget_revisions (project_id, number, date, reason, total, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			p.ID, r.Number, string(r.Date), jsonText(r.Reason), r.Total, tx.now, by)
		if err != nil {
			return fmt.Errorf("sqldb: revise budget: %w", err)
		}
		const batch = 200
		for start := 0; start < len(r.Lines); start += batch {
			part := r.Lines[start:min(start+batch, len(r.Lines))]
			vals := make([]string, len(part))
			args := make([]any, 0, 5*len(part))
			for i, ln := range part {
				vals[i] = "(?, ?, ?, ?, ?)"
				args = append(args, id, nullID(ln.WorkPackageID), ln.CategoryID, ln.Year, ln.Amount)
			}
			if _, err := tx.exec(`INSERT INTO budget_lines (revision_id, work_package_id, category_id, year, amount) VALUES `+strings.Join(vals, ", "), args...); err != nil {
				return fmt.Errorf("sqldb: revise budget: %w", err)
			}
		}
		if err := tx.refreshFinance(p); err != nil {
			return err
		}
		r.ID, r.CreatedAt, r.CreatedBy = id, tx.now, a.UserID
		return tx.audit(actionCreate, "budget", id, &p.ID, nil, r)
	})
}

// checkFinanceRefs adds a field error for each category that is not the
// project's organisation's and each work package that is not the
// project's, reading both lists once.
func (tx *Tx) checkFinanceRefs(fe salkku.FieldErrors, p *salkku.Project, refs func(yield func(field string, cat int64, wp *int64) bool)) error {
	org, err := tx.projectOrganisation(p)
	if err != nil {
		return err
	}
	cats, err := tx.costCategories(org)
	if err != nil {
		return err
	}
	known := map[int64]bool{}
	for _, c := range cats {
		known[c.ID] = true
	}
	wps, err := tx.projectWorkPackageIDs(p.ID)
	if err != nil {
		return err
	}
	refs(func(field string, cat int64, wp *int64) bool {
		if cat > 0 && !known[cat] {
			fe.Add(field+".category_id", "error.not_found_ref")
		}
		if wp != nil && !wps[*wp] {
			fe.Add(field+".work_package_id", "error.parent_other_project")
		}
		return true
	})
	return nil
}

func (tx *Tx) projectWorkPackageIDs(projectID int64) (map[int64]bool, error) {
	rows, err := tx.query(`SELECT id FROM work_packages WHERE project_id = ?`, projectID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: work packages: %w", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// --- Settings ---

func (tx *Tx) financeSettings(projectID int64) (salkku.FinanceSettings, error) {
	s := salkku.FinanceSettings{ProjectID: projectID, ForecastMode: salkku.ForecastRunRate, Forecast: []salkku.ForecastLine{}}
	var through, forecast string
	err := tx.queryRow(`SELECT version, actuals_through, forecast_mode, forecast FROM finance_settings WHERE project_id = ?`, projectID).
		Scan(&s.Version, &through, &s.ForecastMode, &forecast)
	switch {
	case err == sql.ErrNoRows:
		return s, nil
	case err != nil:
		return s, fmt.Errorf("sqldb: finance settings: %w", err)
	}
	s.ActualsThrough = salkku.Date(through)
	if err := json.Unmarshal([]byte(forecast), &s.Forecast); err != nil || s.Forecast == nil {
		s.Forecast = []salkku.ForecastLine{}
	}
	return s, nil
}

// UpdateFinanceSettings sets a project's actuals date and forecast; a
// project that has none yet has version 0.
func (d *DB) UpdateFinanceSettings(ctx context.Context, s *salkku.FinanceSettings) error {
	return d.inTx(ctx, func(tx *Tx) error {
		p, err := tx.editFinance(s.ProjectID)
		if err != nil {
			return err
		}
		before, err := tx.financeSettings(p.ID)
		if err != nil {
			return err
		}
		pr, err := newProblems(ctx, s.Validate())
		if err != nil {
			return err
		}
		fe := salkku.FieldErrors{}
		if err := tx.checkFinanceRefs(fe, p, func(yield func(string, int64, *int64) bool) {
			for i, f := range s.Forecast {
				if !yield(fmt.Sprintf("forecast.%d", i), f.CategoryID, nil) {
					return
				}
			}
		}); err != nil {
			return err
		}
		if err := pr.add(fe.Err()); err != nil {
			return err
		}
		if err := pr.err(); err != nil {
			return err
		}
		if s.Version != before.Version {
			return salkku.Errorf(salkku.ECONFLICT, "error.stale")
		}
		forecast, _ := json.Marshal(s.Forecast)
		if before.Version == 0 {
			_, err = tx.exec(`INSERT INTO finance_settings (project_id, version, actuals_through, forecast_mode, forecast) VALUES (?, 1, ?, ?, ?)`,
				p.ID, string(s.ActualsThrough), s.ForecastMode, string(forecast))
		} else {
			_, err = tx.exec(`UPDATE finance_settings SET version = version + 1, actuals_through = ?, forecast_mode = ?, forecast = ? WHERE project_id = ?`,
				string(s.ActualsThrough), s.ForecastMode, string(forecast), p.ID)
		}
		if err != nil {
			return fmt.Errorf("sqldb: finance settings: %w", err)
		}
		if err := tx.refreshFinance(p); err != nil {
			return err
		}
		after, err := tx.financeSettings(p.ID)
		if err != nil {
			return err
		}
		*s = after
		return tx.audit(actionUpdate, "finance_settings", p.ID, &p.ID, before, after)
	})
}

// --- Roll-ups ---

type financeAmounts struct{ budget, original, actual, forecast salkku.Money }

func (a financeAmounts) minus(b financeAmounts) financeAmounts {
	return financeAmounts{a.budget - b.budget, a.original - b.original, a.actual - b.actual, a.forecast - b.forecast}
}

func (a financeAmounts) zero() bool { return a == financeAmounts{} }

// projectTotals reads a project's stored totals by category.
func (tx *Tx) projectTotals(projectID int64) (map[int64]financeAmounts, error) {
	return tx.totals(`SELECT category_id, budget, original, actual, forecast FROM finance_totals WHERE project_id = ?`, projectID)
}

// portfolioTotals reads a portfolio's roll-up (with its sub-portfolios)
// by category.
func (tx *Tx) portfolioTotals(portfolioID int64) (map[int64]financeAmounts, error) {
	return tx.totals(`SELECT category_id, budget, original, actual, forecast FROM portfolio_finance WHERE portfolio_id = ?`, portfolioID)
}

// totals runs a query of (category, budget, original, actual, forecast)
// rows into a map, leaving out rows of zeros.
func (tx *Tx) totals(q string, id int64) (map[int64]financeAmounts, error) {
	rows, err := tx.query(q, id)
	if err != nil {
		return nil, fmt.Errorf("sqldb: finance totals: %w", err)
	}
	defer rows.Close()
	out := map[int64]financeAmounts{}
	for rows.Next() {
		var cat int64
		var a financeAmounts
		if err := rows.Scan(&cat, &a.budget, &a.original, &a.actual, &a.forecast); err != nil {
			return nil, fmt.Errorf("sqldb: finance totals: %w", err)
		}
		if !a.zero() {
			out[cat] = a
		}
	}
	return out, rows.Err()
}

// computeTotals derives a project's totals from its budget revisions,
// actuals and settings.
func (tx *Tx) computeTotals(p *salkku.Project) (map[int64]financeAmounts, error) {
	out := map[int64]financeAmounts{}
	rows, err := tx.query(`SELECT r.number, l.category_id, SUM(l.amount) FROM budget_revisions r JOIN budget_lines l ON l.revision_id = r.id
		WHERE r.project_id = ? AND (r.number = 1 OR r.number = (SELECT MAX(number) FROM budget_revisions WHERE project_id = ?))
		GROUP BY r.number, l.category_id`, p.ID, p.ID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: finance totals: %w", err)
	}
	maxNumber := 0
	type line struct {
		number int
		cat    int64
		sum    salkku.Money
	}
	var lines []line
	for rows.Next() {
		var l line
		if err := rows.Scan(&l.number, &l.cat, &l.sum); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqldb: finance totals: %w", err)
		}
		lines = append(lines, l)
		maxNumber = max(maxNumber, l.number)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, l := range lines {
		a := out[l.cat]
		if l.number == 1 {
			a.original = l.sum
		}
		if l.number == maxNumber {
			a.budget = l.sum
		}
		out[l.cat] = a
	}
	var lastMonth salkku.Month
	rows, err = tx.query(`SELECT category_id, SUM(amount), MAX(month) FROM actuals WHERE project_id = ? GROUP BY category_id`, p.ID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: finance totals: %w", err)
	}
	for rows.Next() {
		var cat int64
		var sum salkku.Money
		var last salkku.Month
		if err := rows.Scan(&cat, &sum, &last); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqldb: finance totals: %w", err)
		}
		a := out[cat]
		a.actual = sum
		out[cat] = a
		lastMonth = max(lastMonth, last)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	s, err := tx.financeSettings(p.ID)
	if err != nil {
		return nil, err
	}
	through := lastMonth
	if s.ActualsThrough.Valid() {
		t := s.ActualsThrough.Time()
		through = salkku.NewMonth(t.Year(), int(t.Month()))
	}
	entered := map[int64]salkku.Money{}
	for _, f := range s.Forecast {
		entered[f.CategoryID] = f.Amount
		if _, ok := out[f.CategoryID]; !ok && s.ForecastMode == salkku.ForecastEntered {
			out[f.CategoryID] = financeAmounts{}
		}
	}
	for cat, a := range out {
		if f, ok := entered[cat]; ok && s.ForecastMode == salkku.ForecastEntered {
			a.forecast = f
		} else {
			a.forecast = salkku.RunRate(a.actual, salkku.Months(p.Start, through), salkku.Months(p.Start, p.End))
		}
		out[cat] = a
	}
	for cat, a := range out {
		if a.zero() {
			delete(out, cat)
		}
	}
	return out, nil
}

// refreshFinance recomputes a project's totals and adds what changed to
// every portfolio from the project's up to the root.
func (tx *Tx) refreshFinance(p *salkku.Project) error {
	before, err := tx.projectTotals(p.ID)
	if err != nil {
		return err
	}
	after, err := tx.computeTotals(p)
	if err != nil {
		return err
	}
	delta := map[int64]financeAmounts{}
	for cat, a := range after {
		if d := a.minus(before[cat]); !d.zero() {
			delta[cat] = d
		}
	}
	for cat, b := range before {
		if _, ok := after[cat]; !ok {
			delta[cat] = financeAmounts{}.minus(b)
		}
	}
	if len(delta) == 0 {
		return nil
	}
	if _, err := tx.exec(`DELETE FROM finance_totals WHERE project_id = ?`, p.ID); err != nil {
		return fmt.Errorf("sqldb: finance totals: %w", err)
	}
	for cat, a := range after {
		if _, err := tx.exec(`INSERT INTO finance_totals (project_id, category_id, budget, original, actual, forecast) VALUES (?, ?, ?, ?, ?, ?)`,
			p.ID, cat, a.budget, a.original, a.actual, a.forecast); err != nil {
			return fmt.Errorf("sqldb: finance totals: %w", err)
		}
	}
	return tx.addPortfolioFinance(p.PortfolioID, delta)
}

// portfolioChain is the portfolio and its ancestors, nearest first.
func (tx *Tx) portfolioChain(id int64) ([]int64, error) {
	rows, err := tx.query(`WITH RECURSIVE up(id, parent_id, depth) AS (
			SELECT id, parent_id, 0 FROM portfolios WHERE id = ?
			UNION ALL
			SELECT p.id, p.parent_id, up.depth + 1 FROM portfolios p JOIN up ON p.id = up.parent_id WHERE up.depth < ?)
		SELECT id FROM up ORDER BY depth`, id, maxPortfolioDepth)
	if err != nil {
		return nil, fmt.Errorf("sqldb: portfolio chain: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var pid int64
		if err := rows.Scan(&pid); err != nil {
			return nil, err
		}
		out = append(out, pid)
	}
	return out, rows.Err()
}

// addPortfolioFinance adds delta to the portfolio and each ancestor.
func (tx *Tx) addPortfolioFinance(portfolioID int64, delta map[int64]financeAmounts) error {
	if len(delta) == 0 {
		return nil
	}
	chain, err := tx.portfolioChain(portfolioID)
	if err != nil {
		return err
	}
	cats := make([]int64, 0, len(delta))
	for c := range delta {
		cats = append(cats, c)
	}
	slices.Sort(cats)
	for _, pf := range chain {
		for _, cat := range cats {
			d := delta[cat]
			if _, err := tx.exec(`INSERT INTO portfolio_finance (portfolio_id, category_id, budget, original, actual, forecast) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (portfolio_id, category_id) DO UPDATE SET budget = portfolio_finance.budget + excluded.budget,
				original = portfolio_finance.original + excluded.original, actual = portfolio_finance.actual + excluded.actual,
				forecast = portfolio_finance.forecast + excluded.forecast`,
				pf, cat, d.budget, d.original, d.actual, d.forecast); err != nil {
				return fmt.Errorf("sqldb: portfolio finance: %w", err)
			}
		}
	}
	return nil
}

// negated is the totals with every amount's sign turned.
func negated(t map[int64]financeAmounts) map[int64]financeAmounts {
	out := make(map[int64]financeAmounts, len(t))
	for c, a := range t {
		out[c] = financeAmounts{}.minus(a)
	}
	return out
}

// moveProjectFinance takes a project's totals from the portfolios above
// its old portfolio to those above its new one; a project's delete calls
// it with to = 0. Money booked on one organisation's cost categories
// cannot move to another organisation.
func (tx *Tx) moveProjectFinance(projectID, from, to int64) error {
	t, err := tx.projectTotals(projectID)
	if err != nil || len(t) == 0 {
		return err
	}
	if to != 0 {
		if err := tx.sameOrganisation(from, to); err != nil {
			return err
		}
	}
	if err := tx.addPortfolioFinance(from, negated(t)); err != nil {
		return err
	}
	if to == 0 {
		return nil
	}
	return tx.addPortfolioFinance(to, t)
}

// sameOrganisation refuses a move of money between two portfolios of
// different organisations.
func (tx *Tx) sameOrganisation(from, to int64) error {
	var n int
	if err := tx.queryRow(`SELECT COUNT(DISTINCT organisation_id) FROM portfolios WHERE id IN (?, ?)`, from, to).Scan(&n); err != nil {
		return fmt.Errorf("sqldb: move finance: %w", err)
	}
	if n > 1 {
		return salkku.FieldErrors{"portfolio_id": "error.finance_other_organisation"}.Err()
	}
	return nil
}

// movePortfolioFinance takes a portfolio's totals (its own and its
// sub-portfolios') from its old ancestors to its new ones, before the
// move is written; the portfolio's own rows stay.
func (tx *Tx) movePortfolioFinance(before, after *salkku.Portfolio) error {
	t, err := tx.portfolioTotals(before.ID)
	if err != nil || len(t) == 0 {
		return err
	}
	if before.OrganisationID != after.OrganisationID {
		return salkku.FieldErrors{"organisation_id": "error.finance_other_organisation"}.Err()
	}
	if before.ParentID != nil {
		if err := tx.addPortfolioFinance(*before.ParentID, negated(t)); err != nil {
			return err
		}
	}
	if after.ParentID != nil {
		return tx.addPortfolioFinance(*after.ParentID, t)
	}
	return nil
}

// followUp builds the follow-up lines of totals in the organisation's
// category order, every category shown as seed 002's chart shows them.
func followUp(cats []*salkku.CostCategory, totals map[int64]financeAmounts) salkku.FinanceFollowUp {
	f := salkku.FinanceFollowUp{Lines: []salkku.FinanceLine{}}
	for _, c := range cats {
		a := totals[c.ID]
		f.Lines = append(f.Lines, salkku.FinanceLine{CategoryID: c.ID, Name: c.Name, Budget: a.budget, Original: a.original, Actual: a.actual, Forecast: a.forecast})
	}
	f.Sum()
	return f
}
