package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/salkku/salkku"
)

// Importing a project list into a portfolio: the rows are checked with a
// fixed number of queries per 500 of them (the portfolio's categories,
// the organisation's people, the projects with the file's codes), and
// written only when no row has a problem, all in one transaction: new
// projects, their texts, history and audit rows in multi-row INSERTs,
// changed ones an UPDATE each (the same one UpdateProject runs), the
// unchanged ones not at all.

// projectsByCode reads the organisation's projects with the given codes
// (folded), in chunks: the columns an import needs to find them.
func (tx *Tx) projectsByCode(org int64, codes []string) ([]*salkku.Project, error) {
	var out []*salkku.Project
	for start := 0; start < len(codes); start += maxIn {
		part := make([]any, 0, maxIn)
		for _, c := range codes[start:min(start+maxIn, len(codes))] {
			part = append(part, c)
		}
		q, err := tx.query(`SELECT p.id, p.portfolio_id, p.code, p.start_month, p.end_month, p.continuous FROM projects p JOIN portfolios pf ON pf.id = p.portfolio_id
			WHERE pf.organisation_id = ? AND p.code_fold IN (`+placeholders(len(part))+`)`, append([]any{org}, part...)...)
		if err != nil {
			return nil, fmt.Errorf("sqldb: import projects: %w", err)
		}
		for q.Next() {
			p := &salkku.Project{}
			var start, end sql.NullInt64
			if err := q.Scan(&p.ID, &p.PortfolioID, &p.Code, &start, &end, &p.Continuous); err != nil {
				q.Close()
				return nil, fmt.Errorf("sqldb: import projects: %w", err)
			}
			p.Start, p.End = salkku.Month(start.Int64), salkku.Month(end.Int64)
			out = append(out, p)
		}
		q.Close()
		if err := q.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// projectsByID reads whole projects, their texts and names filled, in
// chunks: a query for each chunk and one per kind of text.
func (tx *Tx) projectsByID(ids []int64) (map[int64]*salkku.Project, error) {
	out := map[int64]*salkku.Project{}
	var all []*salkku.Project
	for start := 0; start < len(ids); start += maxIn {
		part := make([]any, 0, maxIn)
		for _, id := range ids[start:min(start+maxIn, len(ids))] {
			part = append(part, id)
		}
		q, err := tx.query(projectSelect+` WHERE p.id IN (`+placeholders(len(part))+`)`, part...)
		if err != nil {
			return nil, fmt.Errorf("sqldb: import projects: %w", err)
		}
		for q.Next() {
			p, err := scanProject(q)
			if err != nil {
				q.Close()
				return nil, fmt.Errorf("sqldb: import projects: %w", err)
			}
			out[p.ID] = p
			all = append(all, p)
		}
		q.Close()
		if err := q.Err(); err != nil {
			return nil, err
		}
	}
	for start := 0; start < len(all); start += maxIn {
		if err := tx.fillProjects(all[start:min(start+maxIn, len(all))]...); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ImportProjects checks the rows of a project list against the portfolio
// and, unless dryRun or a row has a problem, writes them all.
func (d *DB) ImportProjects(ctx context.Context, portfolioID int64, in salkku.ProjectRows, dryRun bool) (*salkku.ProjectImportResult, error) {
	var res *salkku.ProjectImportResult
	run := d.inTx
	if dryRun {
		run = d.read
	}
	err := run(ctx, func(tx *Tx) (err error) {
		if err := allow(tx.access().CanCreateProject(portfolioID)); err != nil {
			return err
		}
		res, err = tx.importProjectRows(portfolioID, in, dryRun)
		return err
	})
	return res, err
}

// importedProject is one row of a project list being checked.
type importedProject struct {
	row    *salkku.ProjectRow
	before *salkku.Project // the stored project of the row's code; nil for a new one
	p      *salkku.Project // the project as the row makes it
}

func (tx *Tx) importProjectRows(portfolioID int64, in salkku.ProjectRows, dryRun bool) (*salkku.ProjectImportResult, error) {
	progress := in.Progress
	if progress == nil {
		progress = func(int, int) {}
	}
	total := len(in.Rows)
	res := &salkku.ProjectImportResult{ImportSummary: salkku.ImportSummary{Rows: total, Problems: []salkku.ImportProblem{}},
		Preview: make([]salkku.ProjectPreviewRow, 0, total)}
	org, err := tx.portfolioOrganisation(portfolioID)
	if err != nil {
		return nil, err
	}
	langs, err := tx.languagesOf(langsOfPortfolio, portfolioID)
	if err != nil {
		return nil, err
	}
	cats, err := tx.portfolioCategories(portfolioID)
	if err != nil {
		return nil, err
	}
	var people []*salkku.Person
	if in.Fields[salkku.ProjectFieldManager] {
		if people, err = tx.organisationPeople(org); err != nil {
			return nil, err
		}
	}
	stored, elsewhere, err := tx.importTargets(org, portfolioID, langs.Primary(), in.Rows)
	if err != nil {
		return nil, err
	}
	dups := map[int][]salkku.ImportProblem{}
	for _, p := range salkku.CheckProjectCodes(in.Rows, in.Columns) {
		dups[p.Row] = append(dups[p.Row], p)
	}
	rows := make([]importedProject, total)
	for i := range in.Rows {
		r := &in.Rows[i]
		ip := &rows[i]
		ip.row = r
		problems := append(append([]salkku.ImportProblem{}, r.Problems...), dups[r.Row]...)
		code := salkku.Fold(r.Code)
		ip.before = stored[code]
		if pf, ok := elsewhere[code]; ok && ip.before == nil {
			problems = append(problems, salkku.ImportProblem{Row: r.Row, Column: in.Column(salkku.ProjectFieldCode), Key: salkku.ErrImportOtherPortf, Args: []any{r.Code, pf}})
		}
		var cat, manager *int64
		if s := r.Category; in.Fields[salkku.ProjectFieldCategory] && s != "" {
			if c := salkku.CategoryByName(cats, s); c != nil {
				cat = &c.ID
			} else {
				problems = append(problems, salkku.ImportProblem{Row: r.Row, Column: in.Column(salkku.ProjectFieldCategory), Key: salkku.ErrImportUnknownCat, Args: []any{s}})
			}
		}
		if s := r.Manager; in.Fields[salkku.ProjectFieldManager] && s != "" {
			switch m, ambiguous := salkku.PersonByName(people, s); {
			case m != nil:
				manager = &m.ID
			case ambiguous:
				problems = append(problems, salkku.ImportProblem{Row: r.Row, Column: in.Column(salkku.ProjectFieldManager), Key: salkku.ErrImportAmbiguous, Args: []any{s}})
			default:
				problems = append(problems, salkku.ImportProblem{Row: r.Row, Column: in.Column(salkku.ProjectFieldManager), Key: salkku.ErrImportUnknownPerson, Args: []any{s}})
			}
		}
		p := &salkku.Project{PortfolioID: portfolioID}
		fields := in.Fields
		if ip.before != nil {
			cp := *ip.before
			p = &cp
		} else {
			// A new project takes every field the file has, and the
			// portfolio's code is the row's.
			fields = map[string]bool{salkku.ProjectFieldCode: true}
			for f := range in.Fields {
				fields[f] = true
			}
		}
		salkku.ApplyRow(p, r, fields, cat, manager)
		if len(r.Problems) == 0 {
			problems = append(problems, in.RowProblems(r.Row, p.Validate(langs))...)
		}
		ip.p = p
		pr := salkku.ProjectPreviewRow{Row: r.Row, Code: p.Code, Name: p.Name, Schedule: p.Schedule, Action: salkku.ImportNew}
		pr.Name.Primary = langs.Primary()
		if c := categoryOf(cats, p.CategoryID); c != nil {
			pr.CategoryName = c.Name
		}
		if m := personOf(people, p.ManagerID); m != nil {
			pr.ManagerName = m.Name
		} else if ip.before != nil && sameID(p.ManagerID, ip.before.ManagerID) {
			pr.ManagerName = ip.before.ManagerName
		}
		switch {
		case len(problems) > 0:
			pr.Action = salkku.ImportError
			for _, pb := range problems {
				res.Problem(pb)
			}
		case ip.before == nil:
			res.New++
		default:
			pr.ProjectID = ip.before.ID
			if pr.Changes = salkku.ProjectChanges(ip.before, p); len(pr.Changes) == 0 {
				pr.Action = salkku.ImportUnchanged
				res.Unchanged++
			} else {
				pr.Action = salkku.ImportUpdated
				res.Updated++
			}
		}
		res.Preview = append(res.Preview, pr)
		if (i+1)%1000 == 0 {
			progress(i+1, total)
		}
	}
	if len(res.Problems) > 0 || dryRun {
		return res, nil
	}
	if err := tx.applyProjectRows(org, portfolioID, rows, res, progress); err != nil {
		return nil, err
	}
	res.Applied = true
	progress(total, total)
	return res, nil
}

func categoryOf(cats []*salkku.Category, id *int64) *salkku.Category {
	for _, c := range cats {
		if id != nil && c.ID == *id {
			return c
		}
	}
	return nil
}

func personOf(people []*salkku.Person, id *int64) *salkku.Person {
	for _, p := range people {
		if id != nil && p.ID == *id {
			return p
		}
	}
	return nil
}

// portfolioCategories reads a portfolio's categories with their names.
func (tx *Tx) portfolioCategories(portfolioID int64) ([]*salkku.Category, error) {
	rows, err := tx.query(categorySelect+` WHERE c.portfolio_id = ? ORDER BY c.position, c.id`, portfolioID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: import categories: %w", err)
	}
	var out []*salkku.Category
	for rows.Next() {
		c, err := scanCategory(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqldb: import categories: %w", err)
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, tx.fillCategories(out...)
}

// organisationPeople reads the names and e-mails of an organisation's
// people, whom a project list may name as managers.
func (tx *Tx) organisationPeople(org int64) ([]*salkku.Person, error) {
	rows, err := tx.query(`SELECT id, name, email FROM people WHERE organisation_id = ?`, org)
	if err != nil {
		return nil, fmt.Errorf("sqldb: import people: %w", err)
	}
	defer rows.Close()
	var out []*salkku.Person
	for rows.Next() {
		p := &salkku.Person{OrganisationID: &org}
		if err := rows.Scan(&p.ID, &p.Name, &p.Email); err != nil {
			return nil, fmt.Errorf("sqldb: import people: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// importTargets finds the projects the rows' codes name: the portfolio's
// own, whole (code folded → project), and the names of the other
// portfolios of the organisation that have a code.
func (tx *Tx) importTargets(org, portfolioID int64, lang string, rows []salkku.ProjectRow) (map[string]*salkku.Project, map[string]string, error) {
	seen := map[string]bool{}
	var codes []string
	for _, r := range rows {
		if c := salkku.Fold(r.Code); c != "" && !seen[c] {
			seen[c] = true
			codes = append(codes, c)
		}
	}
	found, err := tx.projectsByCode(org, codes)
	if err != nil {
		return nil, nil, err
	}
	var own []int64
	otherPortfolio := map[string]int64{}
	for _, p := range found {
		if p.PortfolioID == portfolioID {
			own = append(own, p.ID)
		} else {
			otherPortfolio[salkku.Fold(p.Code)] = p.PortfolioID
		}
	}
	byID, err := tx.projectsByID(own)
	if err != nil {
		return nil, nil, err
	}
	stored := map[string]*salkku.Project{}
	for _, p := range byID {
		stored[salkku.Fold(p.Code)] = p
	}
	elsewhere := map[string]string{}
	if len(otherPortfolio) > 0 {
		names := textRefs{}
		texts := map[int64]*salkku.Text{}
		for _, pf := range otherPortfolio {
			if texts[pf] == nil {
				texts[pf] = &salkku.Text{}
				names.add(textPortfolio, pf, "name", texts[pf])
			}
		}
		if err := tx.fillTexts(names); err != nil {
			return nil, nil, err
		}
		for code, pf := range otherPortfolio {
			t := texts[pf]
			t.Primary = lang
			elsewhere[code] = t.PrimaryText()
		}
	}
	return stored, elsewhere, nil
}

// applyProjectRows writes the checked rows: the new projects and all
// that comes with them in batches, the changed ones one by one as
// UpdateProject writes them, the unchanged ones not at all.
func (tx *Tx) applyProjectRows(org, portfolioID int64, rows []importedProject, res *salkku.ProjectImportResult, progress func(int, int)) error {
	var news, changed []*importedProject
	for i := range rows {
		switch res.Preview[i].Action {
		case salkku.ImportNew:
			news = append(news, &rows[i])
		case salkku.ImportUpdated:
			changed = append(changed, &rows[i])
		}
	}
	done := 0
	if len(news) > 0 {
		m, err := tx.currentModel(org)
		if err != nil {
			return err
		}
		values := make([][]any, 0, len(news))
		codes := make([]any, 0, len(news))
		for _, ip := range news {
			if err := placeIn(m, ip.p); err != nil {
				return err
			}
			values = append(values, tx.projectRow(ip.p))
			codes = append(codes, salkku.Fold(ip.p.Code))
		}
		if err := tx.insertRowsOf("projects", projectColumns, values); err != nil {
			return fmt.Errorf("sqldb: import projects: %w", projectCode.onDuplicate(err, ""))
		}
		ids, err := tx.projectIDsByCode(portfolioID, codes)
		if err != nil {
			return err
		}
		var texts, events [][]any
		created := make([]int64, 0, len(news))
		for _, ip := range news {
			id := ids[salkku.Fold(ip.p.Code)]
			ip.p.ID = id
			created = append(created, id)
			for _, f := range projectTexts(ip.p) {
				texts = append(texts, textRows(textProject, id, f)...)
			}
			events = append(events, tx.eventRow(salkku.GateEvent{ProjectID: id, Kind: salkku.EventPlaced, To: positionOf(ip.p), ModelID: ip.p.ModelID}))
		}
		if err := tx.insertRowsOf("texts", textColumns, texts); err != nil {
			return fmt.Errorf("sqldb: import projects: %w", err)
		}
		if err := tx.insertRowsOf("gate_events", eventColumns, events); err != nil {
			return fmt.Errorf("sqldb: import projects: %w", err)
		}
		after, err := tx.projectsByID(created)
		if err != nil {
			return err
		}
		audit := make([][]any, 0, len(created))
		for _, id := range created {
			row, err := tx.auditRow(actionCreate, "project", id, &id, nil, after[id])
			if err != nil {
				return err
			}
			audit = append(audit, row)
		}
		if err := tx.auditRows(audit); err != nil {
			return err
		}
		done += len(news)
		progress(done, len(rows))
	}
	if len(changed) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(changed))
	for _, ip := range changed {
		if err := tx.writeProject(ip.p); err != nil {
			return err
		}
		if err := tx.replaceTexts(textProject, ip.p.ID, projectTexts(ip.before), projectTexts(ip.p)); err != nil {
			return err
		}
		ids = append(ids, ip.p.ID)
		if done++; done%100 == 0 {
			progress(done, len(rows))
		}
	}
	after, err := tx.projectsByID(ids)
	if err != nil {
		return err
	}
	audit := make([][]any, 0, len(changed))
	for _, ip := range changed {
		a := after[ip.p.ID]
		if a.Schedule != ip.before.Schedule {
			// A run-rate forecast runs to the project's end.
			if err := tx.refreshFinance(a); err != nil {
				return err
			}
		}
		row, err := tx.auditRow(actionUpdate, "project", a.ID, &a.ID, ip.before, a)
		if err != nil {
			return err
		}
		audit = append(audit, row)
	}
	return tx.auditRows(audit)
}

// projectIDsByCode reads the ids of the portfolio's projects with the
// given codes (folded), in chunks.
func (tx *Tx) projectIDsByCode(portfolioID int64, codes []any) (map[string]int64, error) {
	out := map[string]int64{}
	for start := 0; start < len(codes); start += maxIn {
		part := codes[start:min(start+maxIn, len(codes))]
		q, err := tx.query(`SELECT id, code_fold FROM projects WHERE portfolio_id = ? AND code_fold IN (`+placeholders(len(part))+`)`,
			append([]any{portfolioID}, part...)...)
		if err != nil {
			return nil, fmt.Errorf("sqldb: import projects: %w", err)
		}
		for q.Next() {
			var id int64
			var code string
			if err := q.Scan(&id, &code); err != nil {
				q.Close()
				return nil, fmt.Errorf("sqldb: import projects: %w", err)
			}
			out[code] = id
		}
		q.Close()
		if err := q.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
