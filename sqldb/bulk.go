package sqldb

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/salkku/salkku"
)

// ErrNotEmpty is returned by LoadDataset when the register already holds
// organisations, people, projects or users.
var ErrNotEmpty = errors.New("sqldb: the database is not empty; a dataset is loaded only into an empty one")

// Progress is told, now and then while a dataset loads, how many rows of a
// table are written out of its total.
type Progress func(table string, done, total int)

// bulkTable is one table of a dataset: its columns and a function that
// fills the values of row i, in column order.
type bulkTable struct {
	name string
	cols []string
	n    int
	row  func(i int, v []any)
	// ids: the table's id column is written here and its sequence set
	// after the load on PostgreSQL.
	ids bool
}

// LoadDataset writes a whole register (see salkku.Dataset) into an empty
// database in one transaction, with the ids the dataset gives: multi-row
// INSERTs through prepared statements on SQLite and COPY on PostgreSQL,
// instead of one store method per record. Each record is checked with its
// Validate, and every derived column (the folds, code_sort, search_text)
// is written as the store's own methods write it. No audit rows are
// written: the load is Salkku's own (salkku.System) or an admin's.
//
// It fails with ErrNotEmpty, changing nothing, when the register holds
// data, and with EFORBIDDEN for any other caller.
func (d *DB) LoadDataset(ctx context.Context, ds *salkku.Dataset, progress Progress) error {
	if err := allow(salkku.AccessFrom(ctx).CanAdminister()); err != nil {
		return err
	}
	if progress == nil {
		progress = func(string, int, int) {}
	}
	if err := validateDataset(ds); err != nil {
		return err
	}
	tables := datasetTables(ds)
	var err error
	if d.dialect.name == "postgres" {
		err = d.copyDataset(ctx, tables, progress)
	} else {
		err = d.inTx(ctx, func(tx *Tx) error {
			if err := checkEmpty(func(q string) (int, error) { return tx.count(q) }); err != nil {
				return err
			}
			for _, t := range tables {
				if err := tx.insertRows(t, progress); err != nil {
					return err
				}
			}
			if err := placeProjects(tx); err != nil {
				return err
			}
			if err := seedCostCategories(tx); err != nil {
				return err
			}
			if err := buildFinanceRollup(tx); err != nil {
				return err
			}
			return buildReportRollup(tx)
		})
	}
	if err == nil && d.dialect.name == "postgres" {
		err = d.inTx(ctx, func(tx *Tx) error {
			if err := placeProjects(tx); err != nil {
				return err
			}
			if err := seedCostCategories(tx); err != nil {
				return err
			}
			if err := buildFinanceRollup(tx); err != nil {
				return err
			}
			return buildReportRollup(tx)
		})
	}
	if err == nil {
		err = d.refreshAllItems(ctx, progress)
	}
	if err == nil && d.dialect.name == "postgres" {
		// The load rewrote every project (placeProjects) and every item:
		// VACUUM clears the dead rows and sets the visibility map, which
		// index-only scans need, and ANALYZE plans for the final sizes,
		// rather than leave both to autovacuum while the register is in
		// use. The database held nothing else (ErrNotEmpty), so all of it.
		progress("vacuum", 0, 1)
		if _, err = d.db.ExecContext(ctx, `VACUUM (ANALYZE)`); err == nil {
			progress("vacuum", 1, 1)
		}
	}
	if err != nil && !errors.Is(err, ErrNotEmpty) {
		return fmt.Errorf("sqldb: load dataset: %w", err)
	}
	return err
}

// validateDataset runs every record's Validate, as the store's create
// methods would, each text under its organisation's languages.
func validateDataset(ds *salkku.Dataset) error {
	fail := func(what string, i int, err error) error {
		return fmt.Errorf("sqldb: load dataset: %s %d: %w", what, i+1, err)
	}
	orgLangs := map[int64]salkku.Languages{}
	for i, v := range ds.Organisations {
		if err := v.Validate(); err != nil {
			return fail("organisation", i, err)
		}
		orgLangs[v.ID] = v.Languages
	}
	for i, v := range ds.People {
		if err := v.Validate(); err != nil {
			return fail("person", i, err)
		}
	}
	pfLangs := map[int64]salkku.Languages{}
	for i, v := range ds.Portfolios {
		l := orgLangs[v.OrganisationID]
		if err := v.Validate(l); err != nil {
			return fail("portfolio", i, err)
		}
		pfLangs[v.ID] = l
	}
	chapters := map[[2]int64]bool{}
	for i, v := range ds.Categories {
		if err := v.Validate(pfLangs[v.PortfolioID]); err != nil {
			return fail("category", i, err)
		}
		k := [2]int64{v.PortfolioID, int64(v.Chapter)}
		if chapters[k] {
			return fail("category", i, chapterConflict(v.Chapter))
		}
		chapters[k] = true
	}
	projectLangs := map[int64]salkku.Languages{}
	for i, v := range ds.Projects {
		l := pfLangs[v.PortfolioID]
		if err := v.Validate(l); err != nil {
			return fail("project", i, err)
		}
		projectLangs[v.ID] = l
	}
	for i, v := range ds.WorkPackages {
		if err := v.Validate(projectLangs[v.ProjectID]); err != nil {
			return fail("work package", i, err)
		}
	}
	for i, v := range ds.Users {
		if err := v.Validate(); err != nil {
			return fail("user", i, err)
		}
	}
	for i, v := range ds.Grants {
		if err := v.Validate(); err != nil {
			return fail("grant", i, err)
		}
	}
	for i, v := range ds.ReportingCycles {
		if err := v.Validate(); err != nil {
			return fail("reporting cycle", i, err)
		}
	}
	projects := make(map[int64]*salkku.Project, len(ds.Projects))
	for _, p := range ds.Projects {
		projects[p.ID] = p
	}
	catOrg := map[int64]int64{}
	for i, v := range ds.CostCategories {
		if err := v.Validate(orgLangs[v.OrganisationID]); err != nil {
			return fail("cost category", i, err)
		}
		catOrg[v.ID] = v.OrganisationID
	}
	for i, v := range ds.Budgets {
		p := projects[v.ProjectID]
		if p == nil {
			return fail("budget", i, errors.New("no such project"))
		}
		if err := v.Validate(p, projectLangs[v.ProjectID]); err != nil {
			return fail("budget", i, err)
		}
	}
	for i, v := range ds.Actuals {
		p := projects[v.ProjectID]
		if p == nil {
			return fail("actual", i, errors.New("no such project"))
		}
		if err := v.Validate(p); err != nil {
			return fail("actual", i, err)
		}
		if _, ok := catOrg[v.CategoryID]; !ok {
			return fail("actual", i, errors.New("no such cost category"))
		}
	}
	for i, v := range ds.Reports {
		if err := v.Validate(projectLangs[v.ProjectID]); err != nil {
			return fail("report", i, err)
		}
		if v.State == salkku.ReportDraft || !v.Period.Due.Valid() || v.ReportDate < v.Period.Start || v.ReportDate > v.Period.Due {
			return fail("report", i, errors.New("a loaded report is submitted and dated within its period"))
		}
	}
	return nil
}

// buildFinanceRollup fills finance_totals and portfolio_finance from the
// loaded budgets and actuals in two statements, as refreshFinance keeps
// them on each write (computeTotals is the rule): per project and
// category the current and the original budget, the actuals, and the run
// rate (in integers on both engines: PostgreSQL's SUM of a bigint is a
// numeric, whose division would round where Go's truncates) to the project's end from its start to its last month of actuals.
func buildFinanceRollup(tx *Tx) error {
	// The columns compared, named once in backquotes (the catalogue's
	// test reads a double-quoted table.column as a key).
	startMonth, endMonth, lastMonth := `p.start_month`, `p.end_month`, `lm.last_month`
	months := func(a, b string) string {
		return `CASE WHEN ` + a + ` IS NULL OR ` + b + ` IS NULL OR ` + b + ` < ` + a + ` THEN 0 ELSE ` + b + ` - ` + a + ` + 1 END`
	}
	q := `INSERT INTO finance_totals (project_id, category_id, budget, original, actual, forecast)
		SELECT x.project_id, x.category_id, x.budget, x.original, x.actual,
			CASE WHEN x.elapsed <= 0 OR x.span <= 0 OR x.elapsed >= x.span OR x.actual <= 0 THEN x.actual
				ELSE (x.actual * x.span + x.elapsed / 2) / x.elapsed END
		FROM (SELECT c.project_id, c.category_id, CAST(SUM(c.budget) AS BIGINT) AS budget, CAST(SUM(c.original) AS BIGINT) AS original,
				CAST(SUM(c.actual) AS BIGINT) AS actual,
				MAX(` + months(startMonth, lastMonth) + `) AS elapsed, MAX(` + months(startMonth, endMonth) + `) AS span
			FROM (SELECT r.project_id, l.category_id,
					CASE WHEN r.number = (SELECT MAX(number) FROM budget_revisions m WHERE m.project_id = r.project_id) THEN l.amount ELSE 0 END AS budget,
					CASE WHEN r.number = 1 THEN l.amount ELSE 0 END AS original, 0 AS actual
				FROM budget_revisions r JOIN budget_lines l ON l.revision_id = r.id
				UNION ALL
				SELECT project_id, category_id, 0, 0, amount FROM actuals) c
			JOIN projects p ON p.id = c.project_id
			LEFT JOIN (SELECT project_id, MAX(month) AS last_month FROM actuals GROUP BY project_id) lm ON lm.project_id = c.project_id
			GROUP BY c.project_id, c.category_id) x
		WHERE x.budget <> 0 OR x.original <> 0 OR x.actual <> 0`
	if _, err := tx.exec(q); err != nil {
		return fmt.Errorf("sqldb: finance roll-up: %w", err)
	}
	q = `INSERT INTO portfolio_finance (portfolio_id, category_id, budget, original, actual, forecast)
		WITH RECURSIVE up(portfolio_id, ancestor_id, depth) AS (
			SELECT id, id, 0 FROM portfolios
			UNION ALL
			SELECT up.portfolio_id, p.parent_id, up.depth + 1 FROM up JOIN portfolios p ON p.id = up.ancestor_id
			WHERE p.parent_id IS NOT NULL AND up.depth < ` + fmt.Sprint(maxPortfolioDepth) + `)
		SELECT up.ancestor_id, t.category_id, SUM(t.budget), SUM(t.original), SUM(t.actual), SUM(t.forecast)
		FROM finance_totals t JOIN projects p ON p.id = t.project_id JOIN up ON up.portfolio_id = p.portfolio_id
		GROUP BY up.ancestor_id, t.category_id`
	if _, err := tx.exec(q); err != nil {
		return fmt.Errorf("sqldb: finance roll-up: %w", err)
	}
	return nil
}

// reportsLoadedAt stamps the cycles a dataset brings.
var reportsLoadedAt = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// buildReportRollup fills report_latest and projects.reported_due from
// the loaded reports in three statements, as refreshLatest keeps them on
// each write: per unit and period the latest current submitted report,
// the lights of the unit's period before and whether any worsened.
func buildReportRollup(tx *Tx) error {
	rank := func(col string) string {
		return `CASE ` + col + ` WHEN 'green' THEN 1 WHEN 'yellow' THEN 2 WHEN 'red' THEN 3 ELSE 0 END`
	}
	lights := func(p string) string {
		return `'{"overall":"' || ` + p + `overall || '","schedule":"' || ` + p + `schedule || '","cost":"' || ` + p + `cost || '","scope":"' || ` + p + `scope || '","resources":"' || ` + p + `resources || '"}'`
	}
	var worse []string
	for _, d := range salkku.LightDimensions {
		worse = append(worse, `(`+rank("prev_"+d)+` > 0 AND `+rank(d)+` > `+rank("prev_"+d)+`)`)
	}
	q := `INSERT INTO report_latest (project_id, unit_id, period_due, portfolio_id, report_id, report_date, state, lights, prev_lights, light_overall, worse)
		SELECT project_id, unit_id, period_due, portfolio_id, id, report_date, state, ` + lights("") + `,
			CASE WHEN prev_overall IS NULL THEN '' ELSE ` + lights("prev_") + ` END, overall,
			CASE WHEN prev_overall IS NOT NULL AND (` + strings.Join(worse, " OR ") + `) THEN 1 ELSE 0 END
		FROM (SELECT l.*,
				LAG(overall) OVER u AS prev_overall, LAG(schedule) OVER u AS prev_schedule, LAG(cost) OVER u AS prev_cost,
				LAG(scope) OVER u AS prev_scope, LAG(resources) OVER u AS prev_resources
			FROM (SELECT r.project_id, r.unit_id, r.period_due, p.portfolio_id, r.id, r.report_date, r.state,
					r.light_overall AS overall, r.light_schedule AS schedule, r.light_cost AS cost, r.light_scope AS scope, r.light_resources AS resources,
					ROW_NUMBER() OVER (PARTITION BY r.project_id, r.unit_id, r.period_due ORDER BY r.report_date DESC, r.id DESC) AS rn
				FROM status_reports r JOIN projects p ON p.id = r.project_id
				WHERE r.state <> 'draft' AND r.superseded_by IS NULL) l
			WHERE l.rn = 1
			WINDOW u AS (PARTITION BY l.project_id, l.unit_id ORDER BY l.period_due)) x`
	if _, err := tx.exec(q); err != nil {
		return fmt.Errorf("sqldb: report roll-up: %w", err)
	}
	if _, err := tx.exec(`UPDATE projects SET reported_due = COALESCE((SELECT MAX(l.period_due) FROM report_latest l WHERE l.project_id = projects.id), '')`); err != nil {
		return fmt.Errorf("sqldb: report roll-up: %w", err)
	}
	return nil
}

// datasetTexts are the rows of the texts table for a dataset, in the
// order the store's writes would give them.
func datasetTexts(ds *salkku.Dataset) [][]any {
	var out [][]any
	add := func(entity string, id int64, fields ...textField) {
		for _, f := range fields {
			for _, lang := range f.text.Langs() {
				v := f.text.Get(lang)
				out = append(out, []any{entity, id, f.field, lang, v, salkku.Fold(v), salkku.CollationKey(lang, v), nullID(f.unique)})
			}
		}
	}
	for _, o := range ds.Organisations {
		add(textOrganisation, o.ID, organisationTexts(o)...)
	}
	for _, p := range ds.Portfolios {
		add(textPortfolio, p.ID, portfolioTexts(p)...)
	}
	for _, c := range ds.Categories {
		add(textCategory, c.ID, categoryTexts(c)...)
	}
	for _, p := range ds.Projects {
		add(textProject, p.ID, projectTexts(p)...)
	}
	for _, w := range ds.WorkPackages {
		add(textWorkPackage, w.ID, workPackageTexts(w)...)
	}
	return out
}

// datasetEvents is the gate history of a dataset's projects that follow a
// model: the placement at creation (where their first decision found
// them, or where they stand) and a line per decision.
func datasetEvents(ds *salkku.Dataset) []salkku.GateEvent {
	byProject := map[int64][]*salkku.GateDecision{}
	for _, d := range ds.GateDecisions {
		byProject[d.ProjectID] = append(byProject[d.ProjectID], d)
	}
	var out []salkku.GateEvent
	for _, p := range ds.Projects {
		if p.ModelID == 0 {
			continue
		}
		ds := byProject[p.ID]
		start := salkku.Position{Phase: p.Phase, Gate: p.NextGate}
		if len(ds) > 0 {
			start = ds[0].From
		}
		out = append(out, salkku.GateEvent{ProjectID: p.ID, Kind: salkku.EventPlaced, To: start, ModelID: p.ModelID, At: p.CreatedAt})
		for _, d := range ds {
			id := d.ID
			out = append(out, salkku.GateEvent{ProjectID: p.ID, Kind: salkku.EventDecided, Gate: d.Gate, From: d.From, To: d.To, ModelID: d.ModelID, DecisionID: &id, At: d.RecordedAt})
		}
	}
	return out
}

// checkEmpty fails with ErrNotEmpty when any table of the register has a
// row; count runs a COUNT query.
func checkEmpty(count func(q string) (int, error)) error {
	for _, table := range []string{"organisations", "people", "portfolios", "projects", "users"} {
		n, err := count(`SELECT COUNT(*) FROM ` + table)
		if err != nil {
			return err
		}
		if n > 0 {
			return ErrNotEmpty
		}
	}
	return nil
}

// datasetTables lists the tables of a dataset in an order that satisfies
// the foreign keys; parents come before children within a table.
func datasetTables(ds *salkku.Dataset) []bulkTable {
	type pair struct{ owner, person int64 }
	var board, responsible []pair
	var boardPos, respPos []int
	for _, p := range ds.Portfolios {
		for i, id := range p.BoardIDs {
			board, boardPos = append(board, pair{p.ID, id}), append(boardPos, i+1)
		}
	}
	for _, w := range ds.WorkPackages {
		for i, id := range w.ResponsibleIDs {
			responsible, respPos = append(responsible, pair{w.ID, id}), append(respPos, i+1)
		}
	}
	texts := datasetTexts(ds)
	modelJSON := make([]string, len(ds.Models))
	for i, m := range ds.Models {
		modelJSON[i], _ = encodeModel(m)
	}
	events := datasetEvents(ds)
	type revLine struct {
		rev int64
		salkku.BudgetLine
	}
	var lines []revLine
	for _, r := range ds.Budgets {
		for _, l := range r.Lines {
			lines = append(lines, revLine{r.ID, l})
		}
	}
	meta := func(m salkku.Meta, v []any) {
		v[0], v[1], v[2], v[3] = m.ID, m.Version, m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	}
	metaCols := []string{"id", "version", "created_at", "updated_at"}
	cols := func(more ...string) []string { return append(append([]string{}, metaCols...), more...) }
	return []bulkTable{
		{name: "organisations", ids: true, cols: cols("name", "name_fold", "business_id", "primary_lang", "languages", "required_languages"),
			n: len(ds.Organisations), row: func(i int, v []any) {
				o := ds.Organisations[i]
				meta(o.Meta, v)
				l := o.Languages
				v[4], v[5], v[6] = o.Name.PrimaryText(), salkku.Fold(o.Name.PrimaryText()), o.BusinessID
				v[7], v[8], v[9] = l.Primary(), encodeLangs(l.Used), encodeLangs(l.Required)
			}},
		{name: "lifecycle_models", ids: true, cols: cols("organisation_id", "number", "content", "published_at"), n: len(ds.Models), row: func(i int, v []any) {
			m := ds.Models[i]
			meta(m.Meta, v)
			v[4], v[5], v[6], v[7] = m.OrganisationID, max(m.Number, 1), modelJSON[i], m.PublishedAt
		}},
		{name: "people", ids: true, cols: cols("organisation_id", "name", "email", "title", "search_text"), n: len(ds.People), row: func(i int, v []any) {
			p := ds.People[i]
			meta(p.Meta, v)
			v[4], v[5], v[6], v[7], v[8] = nullID(p.OrganisationID), p.Name, p.Email, p.Title, personSearchText(p)
		}},
		{name: "portfolios", ids: true, cols: cols("organisation_id", "parent_id", "name", "owner_id"), n: len(ds.Portfolios), row: func(i int, v []any) {
			p := ds.Portfolios[i]
			meta(p.Meta, v)
			v[4], v[5], v[6], v[7] = p.OrganisationID, nullID(p.ParentID), p.Name.PrimaryText(), nullID(p.OwnerID)
		}},
		{name: "portfolio_board", cols: []string{"portfolio_id", "person_id", "position"}, n: len(board), row: func(i int, v []any) {
			v[0], v[1], v[2] = board[i].owner, board[i].person, boardPos[i]
		}},
		{name: "categories", ids: true, cols: cols("portfolio_id", "name", "name_fold", "position", "chapter"), n: len(ds.Categories), row: func(i int, v []any) {
			c := ds.Categories[i]
			meta(c.Meta, v)
			v[4], v[5], v[6], v[7], v[8] = c.PortfolioID, c.Name.PrimaryText(), salkku.Fold(c.Name.PrimaryText()), c.Position, c.Chapter
		}},
		{name: "projects", ids: true, cols: cols("portfolio_id", "category_id", "code", "code_fold", "code_sort", "name",
			"owner_id", "manager_id", "service_owner_id", "vendors", "start_month", "end_month", "continuous", "mandatory", "tags", "status", "search_text",
			"model_id", "phase", "next_gate"),
			n: len(ds.Projects), row: func(i int, v []any) {
				p := ds.Projects[i]
				meta(p.Meta, v)
				v[4], v[5], v[6], v[7], v[8], v[9] = p.PortfolioID, nullID(p.CategoryID), p.Code, salkku.Fold(p.Code), salkku.SortKey(p.Code), p.Name.PrimaryText()
				v[10], v[11], v[12], v[13] = nullID(p.OwnerID), nullID(p.ManagerID), nullID(p.ServiceOwnerID), encodeList(p.Vendors)
				v[14], v[15], v[16], v[17], v[18], v[19], v[20] = nullMonth(p.Start), nullMonth(p.End), p.Continuous, p.Mandatory, encodeList(p.Tags), p.Status, projectSearchText(p)
				v[21], v[22], v[23] = nullID(&p.ModelID), p.Phase, p.NextGate
			}},
		{name: "gate_decisions", ids: true, cols: []string{"id", "project_id", "model_id", "gate", "decided_on", "level", "decision",
			"from_phase", "from_gate", "to_phase", "to_gate", "recorded_by_name", "recorded_at"}, n: len(ds.GateDecisions), row: func(i int, v []any) {
			d := ds.GateDecisions[i]
			v[0], v[1], v[2], v[3], v[4], v[5], v[6] = d.ID, d.ProjectID, d.ModelID, d.Gate, string(d.DecidedOn), d.Level, d.Decision
			v[7], v[8], v[9], v[10], v[11], v[12] = d.From.Phase, d.From.Gate, d.To.Phase, d.To.Gate, d.RecordedByName, d.RecordedAt.UTC()
		}},
		{name: "gate_events", ids: true, cols: []string{"id", "project_id", "kind", "gate", "from_phase", "from_gate", "to_phase", "to_gate", "model_id", "decision_id", "at"},
			n: len(events), row: func(i int, v []any) {
				e := events[i]
				v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7] = int64(i+1), e.ProjectID, e.Kind, e.Gate, e.From.Phase, e.From.Gate, e.To.Phase, e.To.Gate
				v[8], v[9], v[10] = nullID(&e.ModelID), nullID(e.DecisionID), e.At.UTC()
			}},
		{name: "work_packages", ids: true, cols: cols("project_id", "parent_id", "code", "code_fold", "name", "tags", "position"), n: len(ds.WorkPackages), row: func(i int, v []any) {
			w := ds.WorkPackages[i]
			meta(w.Meta, v)
			v[4], v[5], v[6], v[7], v[8], v[9], v[10] = w.ProjectID, nullID(w.ParentID), w.Code, salkku.Fold(w.Code), w.Name.PrimaryText(), encodeList(w.Tags), w.Position
		}},
		{name: "texts", cols: []string{"entity", "entity_id", "field", "lang", "value", "fold", "sort_key", "scope"}, n: len(texts), row: func(i int, v []any) {
			copy(v, texts[i])
		}},
		{name: "work_package_people", cols: []string{"work_package_id", "person_id", "position"}, n: len(responsible), row: func(i int, v []any) {
			v[0], v[1], v[2] = responsible[i].owner, responsible[i].person, respPos[i]
		}},
		{name: "users", ids: true, cols: cols("email", "name", "admin", "disabled", "password_hash", "search_text", "person_id"), n: len(ds.Users), row: func(i int, v []any) {
			u := ds.Users[i]
			meta(u.Meta, v)
			v[4], v[5], v[6], v[7], v[8], v[9], v[10] = u.Email, u.Name, u.Admin, u.Disabled, "", userSearchText(u), nullID(u.PersonID)
		}},
		{name: "reporting_cycles", cols: []string{"portfolio_id", "version", "updated_at", "kind", "start_date", "end_date", "dates"}, n: len(ds.ReportingCycles), row: func(i int, v []any) {
			c := ds.ReportingCycles[i]
			dates := make([]string, len(c.Dates))
			for j, d := range c.Dates {
				dates[j] = string(d)
			}
			v[0], v[1], v[2], v[3], v[4], v[5], v[6] = c.PortfolioID, max(c.Version, 1), reportsLoadedAt, c.Kind, string(c.Start), string(c.End), strings.Join(dates, ",")
		}},
		{name: "status_reports", ids: true, cols: cols("project_id", "work_package_id", "unit_id", "report_date", "period_start", "period_due", "state", "revision",
			"responsible", "overall", "achievements", "todo", "deviations", "legend", "tags",
			"light_overall", "light_schedule", "light_cost", "light_scope", "light_resources", "submitted_at", "submitted_by"),
			n: len(ds.Reports), row: func(i int, v []any) {
				r := ds.Reports[i]
				meta(r.Meta, v)
				l := r.Lights
				v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11] = r.ProjectID, nullID(r.WorkPackageID), unitOf(r.WorkPackageID), string(r.ReportDate), string(r.Period.Start), string(r.Period.Due), r.State, max(r.Revision, 1)
				v[12], v[13], v[14], v[15], v[16], v[17], v[18] = "[]", jsonText(r.Overall), jsonText(r.Achievements), jsonText(r.ToDo), jsonText(r.Deviations), jsonText(r.Legend), encodeList(r.Tags)
				v[19], v[20], v[21], v[22], v[23], v[24], v[25] = l.Overall, l.Schedule, l.Cost, l.Scope, l.Resources, r.SubmittedAt, r.SubmittedBy
			}},
		{name: "cost_categories", ids: true, cols: cols("organisation_id", "name", "position", "accounts"), n: len(ds.CostCategories), row: func(i int, v []any) {
			c := ds.CostCategories[i]
			meta(c.Meta, v)
			v[4], v[5], v[6], v[7] = c.OrganisationID, jsonText(c.Name), c.Position, encodeAccounts(c.Accounts)
		}},
		{name: "budget_revisions", ids: true, cols: []string{"id", "project_id", "number", "date", "reason", "total", "created_at"}, n: len(ds.Budgets), row: func(i int, v []any) {
			r := ds.Budgets[i]
			v[0], v[1], v[2], v[3], v[4], v[5], v[6] = r.ID, r.ProjectID, r.Number, string(r.Date), jsonText(r.Reason), r.Total, r.CreatedAt.UTC()
		}},
		{name: "budget_lines", cols: []string{"revision_id", "work_package_id", "category_id", "year", "amount"}, n: len(lines), row: func(i int, v []any) {
			l := lines[i]
			v[0], v[1], v[2], v[3], v[4] = l.rev, nullID(l.WorkPackageID), l.CategoryID, l.Year, l.Amount
		}},
		{name: "actuals", ids: true, cols: cols("project_id", "work_package_id", "category_id", "month", "amount", "description"), n: len(ds.Actuals), row: func(i int, v []any) {
			a := ds.Actuals[i]
			meta(a.Meta, v)
			v[4], v[5], v[6], v[7], v[8], v[9] = a.ProjectID, nullID(a.WorkPackageID), a.CategoryID, a.Month, a.Amount, a.Description
		}},
		{name: "grants", ids: true, cols: []string{"id", "user_id", "role", "portfolio_id", "project_id", "created_at"}, n: len(ds.Grants), row: func(i int, v []any) {
			g := ds.Grants[i]
			v[0], v[1], v[2], v[3], v[4], v[5] = g.ID, g.UserID, g.Role, nullID(g.PortfolioID), nullID(g.ProjectID), g.CreatedAt.UTC()
		}},
	}
}

// progressEvery is how many rows are written between reports.
const progressEvery = 5000

// sqliteMaxVars bounds the placeholders of one statement (SQLite's
// default SQLITE_MAX_VARIABLE_NUMBER is 32766).
const sqliteMaxVars = 32000

// insertRows writes a table with multi-row INSERTs: one prepared statement
// for full batches and one for the rest.
func (tx *Tx) insertRows(t bulkTable, progress Progress) error {
	batch := min(500, sqliteMaxVars/len(t.cols))
	stmtFor := func(rows int) string {
		row := "(" + placeholders(len(t.cols)) + ")"
		return `INSERT INTO ` + t.name + ` (` + strings.Join(t.cols, ", ") + `) VALUES ` +
			strings.TrimSuffix(strings.Repeat(row+", ", rows), ", ")
	}
	full, err := tx.tx.PrepareContext(tx.ctx, stmtFor(batch))
	if err != nil {
		return fmt.Errorf("%s: %w", t.name, err)
	}
	defer full.Close()
	args := make([]any, batch*len(t.cols))
	reported := 0
	progress(t.name, 0, t.n)
	for start := 0; start < t.n; start += batch {
		rows := min(batch, t.n-start)
		for i := range rows {
			t.row(start+i, args[i*len(t.cols):(i+1)*len(t.cols)])
		}
		if rows == batch {
			_, err = full.ExecContext(tx.ctx, args...)
		} else {
			_, err = tx.tx.ExecContext(tx.ctx, stmtFor(rows), args[:rows*len(t.cols)]...)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", t.name, tx.dialect.mapError(err))
		}
		if done := start + rows; done-reported >= progressEvery || done == t.n {
			progress(t.name, done, t.n)
			reported = done
		}
	}
	return nil
}

// copyDataset writes the tables with COPY in one pgx transaction on a
// connection of the pool, then moves each identity past the ids written.
func (d *DB) copyDataset(ctx context.Context, tables []bulkTable, progress Progress) error {
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("not a pgx connection: %T", dc)
		}
		pc := sc.Conn()
		tx, err := pc.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(ctx)
		err = checkEmpty(func(q string) (n int, err error) {
			err = tx.QueryRow(ctx, q).Scan(&n)
			return n, err
		})
		if err != nil {
			return err
		}
		for _, t := range tables {
			src := &copySource{t: t, v: make([]any, len(t.cols)), progress: progress}
			progress(t.name, 0, t.n)
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, src); err != nil {
				return fmt.Errorf("%s: %w", t.name, d.dialect.mapError(err))
			}
			progress(t.name, t.n, t.n)
			if t.ids {
				if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, 'id'), GREATEST((SELECT MAX(id) FROM `+t.name+`), 1))`, t.name); err != nil {
					return fmt.Errorf("%s: sequence: %w", t.name, err)
				}
			}
		}
		if err := tx.Commit(ctx); err != nil {
			return err
		}
		// Fresh statistics, so that the first queries are planned for
		// the register's real size rather than for empty tables.
		names := make([]string, len(tables))
		for i, t := range tables {
			names[i] = t.name
		}
		_, err = pc.Exec(ctx, `ANALYZE `+strings.Join(names, ", "))
		return err
	})
}

// copySource feeds one table's rows to COPY.
type copySource struct {
	t        bulkTable
	i        int
	v        []any
	progress Progress
}

func (s *copySource) Next() bool {
	if s.i >= s.t.n {
		return false
	}
	if s.i > 0 && s.i%progressEvery == 0 {
		s.progress(s.t.name, s.i, s.t.n)
	}
	s.t.row(s.i, s.v)
	s.i++
	return true
}

func (s *copySource) Values() ([]any, error) { return s.v, nil }
func (s *copySource) Err() error             { return nil }
