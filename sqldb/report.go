package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/salkku/salkku"
)

// Reporting cycles and status reports. Every write that changes which
// report is a unit's latest in a period refreshes report_latest and
// projects.reported_due in the same transaction (refreshLatest), so that
// summaries and due lists read the roll-up, never the reports.

// FindReportingCycle returns the portfolio's own cycle or its nearest
// ancestor's.
func (d *DB) FindReportingCycle(ctx context.Context, portfolioID int64) (*salkku.ReportingCycle, error) {
	var c *salkku.ReportingCycle
	err := d.read(ctx, func(tx *Tx) error {
		if _, err := tx.viewPortfolio(portfolioID); err != nil {
			return err
		}
		var err error
		c, err = tx.cycleOf(portfolioID)
		return err
	})
	return c, err
}

// cycleOf finds the cycle that applies to a portfolio in one query.
func (tx *Tx) cycleOf(portfolioID int64) (*salkku.ReportingCycle, error) {
	cs, err := tx.cyclesOf([]int64{portfolioID})
	if err != nil {
		return nil, err
	}
	return cs[portfolioID], nil
}

// cyclesOf finds the cycle of each portfolio, walking up the tree in one
// query; portfolios without any cycle are left out.
func (tx *Tx) cyclesOf(ids []int64) (map[int64]*salkku.ReportingCycle, error) {
	out := map[int64]*salkku.ReportingCycle{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(ids)+1)
	for _, id := range ids {
		args = append(args, id)
	}
	args = append(args, maxPortfolioDepth)
	rows, err := tx.query(`WITH RECURSIVE up(origin, id, parent_id, depth) AS (
			SELECT id, id, parent_id, 0 FROM portfolios WHERE id IN (`+placeholders(len(ids))+`)
			UNION ALL
			SELECT up.origin, p.id, p.parent_id, up.depth + 1 FROM portfolios p JOIN up ON p.id = up.parent_id WHERE up.depth < ?)
		SELECT up.origin, up.depth, c.portfolio_id, c.version, c.kind, c.start_date, c.end_date, c.dates, o.primary_lang
		FROM up JOIN reporting_cycles c ON c.portfolio_id = up.id JOIN portfolios p ON p.id = c.portfolio_id
		JOIN organisations o ON o.id = p.organisation_id
		ORDER BY up.origin, up.depth`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqldb: find reporting cycle: %w", err)
	}
	defer rows.Close()
	// The names of the portfolios cycles are inherited from are texts,
	// read in one query once the rows are done.
	refs := textRefs{}
	for rows.Next() {
		var origin int64
		var depth int
		var c salkku.ReportingCycle
		var start, end, dates, primary string
		if err := rows.Scan(&origin, &depth, &c.PortfolioID, &c.Version, &c.Kind, &start, &end, &dates, &primary); err != nil {
			return nil, fmt.Errorf("sqldb: find reporting cycle: %w", err)
		}
		if _, seen := out[origin]; seen {
			continue // a nearer cycle came first
		}
		c.Start, c.End = salkku.Date(start), salkku.Date(end)
		for _, s := range decodeLangs(dates) {
			c.Dates = append(c.Dates, salkku.Date(s))
		}
		if c.PortfolioID != origin {
			from := c.PortfolioID
			c.InheritedFrom, c.InheritedFromName.Primary = &from, primary
			c.PortfolioID, c.Version = origin, 0
		}
		out[origin] = &c
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqldb: find reporting cycle: %w", err)
	}
	rows.Close()
	for _, c := range out {
		if c.InheritedFrom != nil {
			refs.add(textPortfolio, *c.InheritedFrom, "name", &c.InheritedFromName)
		}
	}
	return out, tx.fillTexts(refs)
}

// SetReportingCycle sets a portfolio's own cycle. Reports already filed
// keep their periods.
func (d *DB) SetReportingCycle(ctx context.Context, c *salkku.ReportingCycle) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.viewPortfolio(c.PortfolioID); err != nil {
			return err
		}
		if err := allow(tx.access().CanSetReportingCycle(c.PortfolioID)); err != nil {
			return err
		}
		pr, err := newProblems(ctx, c.Validate())
		if err != nil {
			return err
		}
		if err := pr.err(); err != nil {
			return err
		}
		dates := make([]string, len(c.Dates))
		for i, d := range c.Dates {
			dates[i] = string(d)
		}
		var version int
		err = tx.queryRow(`SELECT version FROM reporting_cycles WHERE portfolio_id = ?`, c.PortfolioID).Scan(&version)
		switch {
		case err == sql.ErrNoRows:
			if c.Version != 0 {
				return salkku.Errorf(salkku.ECONFLICT, "error.stale")
			}
			_, err = tx.exec(`INSERT INTO reporting_cycles (portfolio_id, version, updated_at, kind, start_date, end_date, dates) VALUES (?, 1, ?, ?, ?, ?, ?)`,
				c.PortfolioID, tx.now, c.Kind, string(c.Start), string(c.End), strings.Join(dates, ","))
			c.Version = 1
		case err != nil:
		case version != c.Version:
			return salkku.Errorf(salkku.ECONFLICT, "error.stale")
		default:
			_, err = tx.exec(`UPDATE reporting_cycles SET version = version + 1, updated_at = ?, kind = ?, start_date = ?, end_date = ?, dates = ? WHERE portfolio_id = ?`,
				tx.now, c.Kind, string(c.Start), string(c.End), strings.Join(dates, ","), c.PortfolioID)
			c.Version++
		}
		if err != nil {
			return fmt.Errorf("sqldb: set reporting cycle: %w", err)
		}
		c.InheritedFrom = nil
		return tx.audit("update", "reporting_cycle", c.PortfolioID, nil, nil, c)
	})
}

// DeleteReportingCycle removes the portfolio's own cycle.
func (d *DB) DeleteReportingCycle(ctx context.Context, portfolioID int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.viewPortfolio(portfolioID); err != nil {
			return err
		}
		if err := allow(tx.access().CanSetReportingCycle(portfolioID)); err != nil {
			return err
		}
		res, err := tx.exec(`DELETE FROM reporting_cycles WHERE portfolio_id = ?`, portfolioID)
		if err != nil {
			return fmt.Errorf("sqldb: delete reporting cycle: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
		}
		return tx.audit("delete", "reporting_cycle", portfolioID, nil, nil, nil)
	})
}

const reportSelect = `SELECT r.id, r.version, r.created_at, r.updated_at, r.project_id, r.work_package_id, r.report_date, r.period_start, r.period_due,
	r.state, r.revision, r.corrects_id, r.superseded_by, r.responsible, r.overall, r.achievements, r.todo, r.deviations, r.legend, r.tags,
	r.light_overall, r.light_schedule, r.light_cost, r.light_scope, r.light_resources,
	r.submitted_at, r.submitted_by, r.reviewed_at, r.reviewed_by, r.review_note,
	p.code, p.portfolio_id, COALESCE(w.code, '')
	FROM status_reports r JOIN projects p ON p.id = r.project_id LEFT JOIN work_packages w ON w.id = r.work_package_id`

// responsibleName is one entry of status_reports.responsible.
type responsibleName struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Share int    `json:"share,omitempty"`
}

func scanReport(sc interface{ Scan(...any) error }) (*salkku.StatusReport, error) {
	var r salkku.StatusReport
	var wp, corrects, superseded sql.NullInt64
	var date, pstart, pdue, resp, overall, achievements, todo, deviations, legend, tags, note string
	var submitted, reviewed sql.NullTime
	l := &r.Lights
	if err := sc.Scan(&r.ID, &r.Version, &r.CreatedAt, &r.UpdatedAt, &r.ProjectID, &wp, &date, &pstart, &pdue,
		&r.State, &r.Revision, &corrects, &superseded, &resp, &overall, &achievements, &todo, &deviations, &legend, &tags,
		&l.Overall, &l.Schedule, &l.Cost, &l.Scope, &l.Resources,
		&submitted, &r.SubmittedBy, &reviewed, &r.ReviewedBy, &note,
		&r.ProjectCode, &r.PortfolioID, &r.WorkPackageCode); err != nil {
		return nil, err
	}
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	r.WorkPackageID, r.CorrectsID, r.SupersededBy = idPtr(wp), idPtr(corrects), idPtr(superseded)
	r.ReportDate, r.Period = salkku.Date(date), salkku.Period{Start: salkku.Date(pstart), Due: salkku.Date(pdue)}
	var people []responsibleName
	_ = json.Unmarshal([]byte(resp), &people)
	for _, p := range people {
		r.ResponsibleIDs = append(r.ResponsibleIDs, p.ID)
		r.ResponsibleNames = append(r.ResponsibleNames, p.Name)
		if p.Share > 0 {
			r.Shares = append(r.Shares, salkku.Share{PersonID: p.ID, Percent: p.Share})
		}
	}
	r.Overall, r.Achievements, r.ToDo, r.Deviations = parseText(overall, ""), parseText(achievements, ""), parseText(todo, ""), parseText(deviations, "")
	r.Legend, r.ReviewNote = parseText(legend, ""), parseText(note, "")
	r.Tags = decodeList(tags)
	r.SubmittedAt, r.ReviewedAt = nullTime(submitted), nullTime(reviewed)
	return &r, nil
}

// resolveReport sets the primary language of a report's texts.
func resolveReport(r *salkku.StatusReport, primary string) {
	for _, t := range []*salkku.Text{&r.Overall, &r.Achievements, &r.ToDo, &r.Deviations, &r.Legend, &r.ReviewNote} {
		*t = t.Resolve(primary)
		t.Primary = primary
	}
	r.ProjectName.Primary, r.WorkPackageName.Primary = primary, primary
}

// fillReportNames reads the names of the reports' projects and work
// packages in one query each.
func (tx *Tx) fillReportNames(rs ...*salkku.StatusReport) error {
	refs := textRefs{}
	for _, r := range rs {
		refs.add(textProject, r.ProjectID, "name", &r.ProjectName)
		if r.WorkPackageID != nil {
			refs.add(textWorkPackage, *r.WorkPackageID, "name", &r.WorkPackageName)
		}
	}
	return tx.fillTexts(refs)
}

func (tx *Tx) findReport(id int64) (*salkku.StatusReport, *salkku.Project, error) {
	r, err := scanReport(tx.queryRow(reportSelect+` WHERE r.id = ?`, id))
	if err != nil {
		return nil, nil, notFound(err)
	}
	p, err := tx.viewProject(r.ProjectID)
	if err != nil {
		return nil, nil, err
	}
	resolveReport(r, p.ContentLangs.Primary())
	return r, p, tx.fillReportNames(r)
}

// FindReportByID returns a report the caller may see.
func (d *DB) FindReportByID(ctx context.Context, id int64) (*salkku.StatusReport, error) {
	var r *salkku.StatusReport
	err := d.read(ctx, func(tx *Tx) (err error) {
		r, _, err = tx.findReport(id)
		return err
	})
	return r, err
}

// FindReports lists a project's reports, newest first (index
// status_reports_unit); work packages' reports with the project's.
func (d *DB) FindReports(ctx context.Context, f salkku.ReportFilter) ([]*salkku.StatusReport, error) {
	var out []*salkku.StatusReport
	if f.ProjectID == nil {
		return nil, salkku.FieldErrors{"project_id": "error.required"}.Err()
	}
	f.Page = f.Page.Normalize()
	err := d.read(ctx, func(tx *Tx) error {
		p, err := tx.viewProject(*f.ProjectID)
		if err != nil {
			return err
		}
		cond, args := ` WHERE r.project_id = ?`, []any{p.ID}
		switch {
		case f.WorkPackageID != nil:
			cond, args = cond+` AND r.unit_id = ?`, append(args, *f.WorkPackageID)
		case f.ProjectOnly:
			cond += ` AND r.unit_id = 0`
		}
		if f.Current {
			cond += ` AND r.superseded_by IS NULL`
		}
		rows, err := tx.query(reportSelect+cond+` ORDER BY r.report_date DESC, r.id DESC`+sqlLimitOffset(f.Limit, f.Offset), args...)
		if err != nil {
			return fmt.Errorf("sqldb: find reports: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanReport(rows)
			if err != nil {
				return fmt.Errorf("sqldb: find reports: %w", err)
			}
			resolveReport(r, p.ContentLangs.Primary())
			out = append(out, r)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		return tx.fillReportNames(out...)
	})
	return out, err
}

// NewReport is a draft for the unit dated d, pre-filled from its latest
// report, or with the work package's or the project's responsible people.
func (d *DB) NewReport(ctx context.Context, projectID int64, workPackageID *int64, date salkku.Date) (*salkku.StatusReport, error) {
	var out *salkku.StatusReport
	err := d.read(ctx, func(tx *Tx) error {
		p, err := tx.viewProject(projectID)
		if err != nil {
			return err
		}
		if err := allow(tx.access().CanWriteReport(p)); err != nil {
			return err
		}
		prev, err := scanReport(tx.queryRow(reportSelect+` WHERE r.project_id = ? AND r.unit_id = ? AND r.superseded_by IS NULL
			ORDER BY r.report_date DESC, r.id DESC LIMIT 1`, p.ID, unitOf(workPackageID)))
		switch {
		case err == nil:
			resolveReport(prev, p.ContentLangs.Primary())
			out = prev.Prefill(date)
		case err == sql.ErrNoRows:
			out = &salkku.StatusReport{ProjectID: p.ID, WorkPackageID: workPackageID, ReportDate: date, State: salkku.ReportDraft}
			if workPackageID != nil {
				w, err := tx.findWorkPackage(*workPackageID)
				if err != nil {
					return err
				}
				if w.ProjectID != p.ID {
					return salkku.FieldErrors{"work_package_id": "error.not_found"}.Err()
				}
				out.ResponsibleIDs, out.ResponsibleNames, out.Tags = w.ResponsibleIDs, w.ResponsibleNames, w.Tags
				out.WorkPackageCode, out.WorkPackageName = w.Code, w.Name
			} else if p.ManagerID != nil {
				out.ResponsibleIDs = []int64{*p.ManagerID}
			}
		default:
			return fmt.Errorf("sqldb: new report: %w", err)
		}
		out.ProjectCode, out.ProjectName, out.PortfolioID = p.Code, p.Name, p.PortfolioID
		return nil
	})
	return out, err
}

func unitOf(wp *int64) int64 {
	if wp == nil {
		return 0
	}
	return *wp
}

// writableReport checks a report about to be written: its project, work
// package, people and period. It returns the project and the period.
func (tx *Tx) writableReport(ctx context.Context, r *salkku.StatusReport) (*salkku.Project, salkku.Period, error) {
	p, err := tx.viewProject(r.ProjectID)
	if err != nil {
		return nil, salkku.Period{}, err
	}
	if err := allow(tx.access().CanWriteReport(p)); err != nil {
		return nil, salkku.Period{}, err
	}
	pr, err := newProblems(ctx, r.Validate(p.ContentLangs))
	if err != nil {
		return nil, salkku.Period{}, err
	}
	var period salkku.Period
	if err := pr.check(func() error {
		c, err := tx.cycleOf(p.PortfolioID)
		if err != nil {
			return err
		}
		if err := salkku.CheckReportable(p, c, r.ReportDate); err != nil {
			return err
		}
		period, _ = c.PeriodOf(r.ReportDate)
		return nil
	}, "report_date"); err != nil {
		return nil, salkku.Period{}, err
	}
	fe := salkku.FieldErrors{}
	if r.WorkPackageID != nil {
		w, err := tx.findWorkPackage(*r.WorkPackageID)
		if salkku.ErrorCode(err) == salkku.ENOTFOUND || err == nil && w.ProjectID != p.ID {
			fe.Add("work_package_id", "error.not_found")
		} else if err != nil {
			return nil, salkku.Period{}, err
		}
	}
	if err := tx.checkRefIDs(fe, "people", "responsible_ids", r.ResponsibleIDs); err != nil {
		return nil, salkku.Period{}, err
	}
	if err := tx.checkPeople(fe, "responsible_ids", nil, r.ResponsibleIDs); err != nil {
		return nil, salkku.Period{}, err
	}
	if err := pr.add(fe.Err()); err != nil {
		return nil, salkku.Period{}, err
	}
	return p, period, pr.err()
}

// responsibleJSON snapshots the names of the report's people, with their
// shares.
func (tx *Tx) responsibleJSON(r *salkku.StatusReport) (string, error) {
	ids := r.ResponsibleIDs
	names, err := tx.personNames(ids)
	if err != nil {
		return "", err
	}
	list := make([]responsibleName, 0, len(ids))
	for _, id := range ids {
		list = append(list, responsibleName{ID: id, Name: names[id], Share: r.ShareOf(id)})
	}
	b, _ := json.Marshal(list)
	return string(b), nil
}

// personNames reads the names of people in one query.
func (tx *Tx) personNames(ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := tx.query(`SELECT id, name FROM people WHERE id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqldb: person names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}

// CreateReport stores a draft.
func (d *DB) CreateReport(ctx context.Context, r *salkku.StatusReport) error {
	return d.inTx(ctx, func(tx *Tx) error {
		p, period, err := tx.writableReport(ctx, r)
		if err != nil {
			return err
		}
		return tx.insertReport(p, r, period, nil, 1)
	})
}

func (tx *Tx) insertReport(p *salkku.Project, r *salkku.StatusReport, period salkku.Period, corrects *int64, revision int) error {
	resp, err := tx.responsibleJSON(r)
	if err != nil {
		return err
	}
	l := r.Lights
	if r.ID, err = tx.insert(`INSERT INTO status_reports (version, created_at, updated_at, project_id, work_package_id, unit_id, report_date, period_start, period_due,
		state, revision, corrects_id, responsible, overall, achievements, todo, deviations, legend, tags,
		light_overall, light_schedule, light_cost, light_scope, light_resources)
		VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		tx.now, tx.now, p.ID, nullID(r.WorkPackageID), unitOf(r.WorkPackageID), string(r.ReportDate), string(period.Start), string(period.Due),
		salkku.ReportDraft, revision, nullID(corrects), resp, jsonText(r.Overall), jsonText(r.Achievements), jsonText(r.ToDo), jsonText(r.Deviations),
		jsonText(r.Legend), encodeList(r.Tags), l.Overall, l.Schedule, l.Cost, l.Scope, l.Resources); err != nil {
		return fmt.Errorf("sqldb: create report: %w", err)
	}
	r.Version, r.CreatedAt, r.UpdatedAt, r.State, r.Period, r.Revision, r.CorrectsID = 1, tx.now, tx.now, salkku.ReportDraft, period, revision, corrects
	return tx.audit("create", "status_report", r.ID, &p.ID, nil, auditReport(r))
}

// auditReport is what the history shows of a report.
func auditReport(r *salkku.StatusReport) map[string]any {
	return map[string]any{"report_date": r.ReportDate, "state": r.State, "revision": r.Revision, "lights": r.Lights,
		"overall": r.Overall, "achievements": r.Achievements, "todo": r.ToDo, "deviations": r.Deviations}
}

// UpdateReport edits a draft.
func (d *DB) UpdateReport(ctx context.Context, r *salkku.StatusReport) error {
	return d.inTx(ctx, func(tx *Tx) error {
		before, _, err := tx.findReport(r.ID)
		if err != nil {
			return err
		}
		if before.Frozen() {
			return salkku.Errorf(salkku.EINVALID, "error.report_frozen")
		}
		r.ProjectID, r.WorkPackageID = before.ProjectID, before.WorkPackageID
		p, period, err := tx.writableReport(ctx, r)
		if err != nil {
			return err
		}
		resp, err := tx.responsibleJSON(r)
		if err != nil {
			return err
		}
		l := r.Lights
		res, err := tx.exec(`UPDATE status_reports SET version = version + 1, updated_at = ?, report_date = ?, period_start = ?, period_due = ?,
			responsible = ?, overall = ?, achievements = ?, todo = ?, deviations = ?, legend = ?, tags = ?,
			light_overall = ?, light_schedule = ?, light_cost = ?, light_scope = ?, light_resources = ?
			WHERE id = ? AND version = ? AND state = ?`,
			tx.now, string(r.ReportDate), string(period.Start), string(period.Due), resp, jsonText(r.Overall), jsonText(r.Achievements),
			jsonText(r.ToDo), jsonText(r.Deviations), jsonText(r.Legend), encodeList(r.Tags), l.Overall, l.Schedule, l.Cost, l.Scope, l.Resources,
			r.ID, r.Version, salkku.ReportDraft)
		if err != nil {
			return fmt.Errorf("sqldb: update report: %w", err)
		}
		if err := tx.checkVersion(res, "status_reports", r.ID); err != nil {
			return err
		}
		r.Version++
		r.UpdatedAt, r.Period, r.State, r.Revision, r.CorrectsID = tx.now, period, before.State, before.Revision, before.CorrectsID
		return tx.audit("update", "status_report", r.ID, &p.ID, auditReport(before), auditReport(r))
	})
}

// DeleteReport removes a draft; a submitted report stays.
func (d *DB) DeleteReport(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		r, p, err := tx.findReport(id)
		if err != nil {
			return err
		}
		if err := allow(tx.access().CanWriteReport(p)); err != nil {
			return err
		}
		if r.Frozen() {
			return salkku.Errorf(salkku.EINVALID, "error.report_frozen")
		}
		if _, err := tx.exec(`DELETE FROM status_reports WHERE id = ?`, id); err != nil {
			return fmt.Errorf("sqldb: delete report: %w", err)
		}
		return tx.audit("delete", "status_report", id, &p.ID, auditReport(r), nil)
	})
}

// reportToChange loads a report the caller may change with can, at the
// version the caller read.
func (tx *Tx) reportToChange(id int64, version int, can func(*salkku.Access, *salkku.Project) bool) (*salkku.StatusReport, *salkku.Project, error) {
	r, p, err := tx.findReport(id)
	if err != nil {
		return nil, nil, err
	}
	if err := allow(can(tx.access(), p)); err != nil {
		return nil, nil, err
	}
	if r.Version != version {
		return nil, nil, salkku.Errorf(salkku.ECONFLICT, "error.stale")
	}
	return r, p, nil
}

// SubmitReport freezes a draft. A correction supersedes the report it
// corrects. The roll-up is refreshed.
func (d *DB) SubmitReport(ctx context.Context, id int64, version int) (*salkku.StatusReport, error) {
	var out *salkku.StatusReport
	err := d.inTx(ctx, func(tx *Tx) error {
		r, p, err := tx.reportToChange(id, version, (*salkku.Access).CanWriteReport)
		if err != nil {
			return err
		}
		if err := salkku.CheckSubmit(r); err != nil {
			return err
		}
		a := salkku.ActorFrom(tx.ctx)
		res, err := tx.exec(`UPDATE status_reports SET version = version + 1, updated_at = ?, state = ?, submitted_at = ?, submitted_by = ?
			WHERE id = ? AND version = ? AND state = ?`, tx.now, salkku.ReportSubmitted, tx.now, a.Name, id, version, salkku.ReportDraft)
		if err != nil {
			return fmt.Errorf("sqldb: submit report: %w", err)
		}
		if err := tx.checkVersion(res, "status_reports", id); err != nil {
			return err
		}
		if r.CorrectsID != nil {
			var oldDue string
			if err := tx.queryRow(`SELECT period_due FROM status_reports WHERE id = ?`, *r.CorrectsID).Scan(&oldDue); err != nil {
				return fmt.Errorf("sqldb: submit report: %w", err)
			}
			if _, err := tx.exec(`UPDATE status_reports SET superseded_by = ? WHERE id = ?`, id, *r.CorrectsID); err != nil {
				return fmt.Errorf("sqldb: submit report: %w", err)
			}
			if oldDue != string(r.Period.Due) {
				if err := tx.refreshLatest(p, unitOf(r.WorkPackageID), salkku.Date(oldDue)); err != nil {
					return err
				}
			}
		}
		if err := tx.refreshLatest(p, unitOf(r.WorkPackageID), r.Period.Due); err != nil {
			return err
		}
		before := auditReport(r)
		r.Version, r.State, r.SubmittedAt, r.SubmittedBy, r.UpdatedAt = r.Version+1, salkku.ReportSubmitted, &tx.now, a.Name, tx.now
		out = r
		return tx.audit("submit", "status_report", id, &p.ID, before, auditReport(r))
	})
	return out, err
}

// ReviewReport marks a submitted report read by the project office or the
// steering group.
func (d *DB) ReviewReport(ctx context.Context, id int64, version int, note salkku.Text) (*salkku.StatusReport, error) {
	var out *salkku.StatusReport
	err := d.inTx(ctx, func(tx *Tx) error {
		r, p, err := tx.reportToChange(id, version, (*salkku.Access).CanReviewReport)
		if err != nil {
			return err
		}
		if r.State != salkku.ReportSubmitted {
			return salkku.Errorf(salkku.EINVALID, "error.report_not_submitted")
		}
		fe := salkku.FieldErrors{}
		p.ContentLangs.CheckText(fe, "review_note", &note, false, salkku.MaxDescriptionLen)
		if err := fe.Err(); err != nil {
			return err
		}
		a := salkku.ActorFrom(tx.ctx)
		res, err := tx.exec(`UPDATE status_reports SET version = version + 1, updated_at = ?, state = ?, reviewed_at = ?, reviewed_by = ?, review_note = ?
			WHERE id = ? AND version = ? AND state = ?`, tx.now, salkku.ReportReviewed, tx.now, a.Name, jsonText(note), id, version, salkku.ReportSubmitted)
		if err != nil {
			return fmt.Errorf("sqldb: review report: %w", err)
		}
		if err := tx.checkVersion(res, "status_reports", id); err != nil {
			return err
		}
		if err := tx.refreshLatest(p, unitOf(r.WorkPackageID), r.Period.Due); err != nil {
			return err
		}
		r.Version, r.State, r.ReviewedAt, r.ReviewedBy, r.ReviewNote, r.UpdatedAt = r.Version+1, salkku.ReportReviewed, &tx.now, a.Name, note, tx.now
		out = r
		return tx.audit("review", "status_report", id, &p.ID, nil, map[string]any{"state": r.State, "review_note": note})
	})
	return out, err
}

// CorrectReport starts a draft revision of a submitted report. Only one
// correction at a time: an open one is returned again.
func (d *DB) CorrectReport(ctx context.Context, id int64) (*salkku.StatusReport, error) {
	var out *salkku.StatusReport
	err := d.inTx(ctx, func(tx *Tx) error {
		r, p, err := tx.findReport(id)
		if err != nil {
			return err
		}
		if err := allow(tx.access().CanWriteReport(p)); err != nil {
			return err
		}
		if !r.Frozen() {
			return salkku.Errorf(salkku.EINVALID, "error.report_not_submitted")
		}
		if r.SupersededBy != nil {
			return salkku.Errorf(salkku.EINVALID, "error.report_superseded")
		}
		open, err := scanReport(tx.queryRow(reportSelect+` WHERE r.corrects_id = ? AND r.state = ?`, id, salkku.ReportDraft))
		if err == nil {
			resolveReport(open, p.ContentLangs.Primary())
			out = open
			return nil
		} else if err != sql.ErrNoRows {
			return fmt.Errorf("sqldb: correct report: %w", err)
		}
		n := r.Prefill(r.ReportDate)
		if err := tx.insertReport(p, n, r.Period, &r.ID, r.Revision+1); err != nil {
			return err
		}
		out = n
		return nil
	})
	return out, err
}

// refreshLatest recomputes a unit's roll-up row for one period from its
// reports, the next period's comparison with it, and the project's latest
// reported period.
func (tx *Tx) refreshLatest(p *salkku.Project, unit int64, due salkku.Date) error {
	var id int64
	var date, state string
	var l salkku.Lights
	err := tx.queryRow(`SELECT id, report_date, state, light_overall, light_schedule, light_cost, light_scope, light_resources FROM status_reports
		WHERE project_id = ? AND unit_id = ? AND period_due = ? AND state <> ? AND superseded_by IS NULL
		ORDER BY report_date DESC, id DESC LIMIT 1`, p.ID, unit, string(due), salkku.ReportDraft).
		Scan(&id, &date, &state, &l.Overall, &l.Schedule, &l.Cost, &l.Scope, &l.Resources)
	switch {
	case err == sql.ErrNoRows:
		if _, err := tx.exec(`DELETE FROM report_latest WHERE project_id = ? AND unit_id = ? AND period_due = ?`, p.ID, unit, string(due)); err != nil {
			return fmt.Errorf("sqldb: report roll-up: %w", err)
		}
	case err != nil:
		return fmt.Errorf("sqldb: report roll-up: %w", err)
	default:
		prev, err := tx.latestLights(p.ID, unit, `period_due < ? ORDER BY period_due DESC`, string(due))
		if err != nil {
			return err
		}
		lights, _ := json.Marshal(l)
		prevJSON, worse := "", 0
		if prev != nil {
			b, _ := json.Marshal(prev)
			prevJSON = string(b)
			if len(l.Worse(*prev)) > 0 {
				worse = 1
			}
		}
		if _, err := tx.exec(`INSERT INTO report_latest (project_id, unit_id, period_due, portfolio_id, report_id, report_date, state, lights, prev_lights, light_overall, worse)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (project_id, unit_id, period_due) DO UPDATE SET portfolio_id = excluded.portfolio_id, report_id = excluded.report_id,
			report_date = excluded.report_date, state = excluded.state, lights = excluded.lights, prev_lights = excluded.prev_lights,
			light_overall = excluded.light_overall, worse = excluded.worse`,
			p.ID, unit, string(due), p.PortfolioID, id, date, state, string(lights), prevJSON, l.Overall, worse); err != nil {
			return fmt.Errorf("sqldb: report roll-up: %w", err)
		}
	}
	if err := tx.refreshNextPeriod(p.ID, unit, due); err != nil {
		return err
	}
	if _, err := tx.exec(`UPDATE projects SET reported_due = COALESCE((SELECT MAX(period_due) FROM report_latest WHERE project_id = ?), '') WHERE id = ?`, p.ID, p.ID); err != nil {
		return fmt.Errorf("sqldb: report roll-up: %w", err)
	}
	return nil
}

// latestLights reads the lights of a unit's roll-up row chosen by where.
func (tx *Tx) latestLights(project, unit int64, where string, args ...any) (*salkku.Lights, error) {
	var s string
	err := tx.queryRow(`SELECT lights FROM report_latest WHERE project_id = ? AND unit_id = ? AND `+where+` LIMIT 1`,
		append([]any{project, unit}, args...)...).Scan(&s)
	if err == sql.ErrNoRows {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: report roll-up: %w", err)
	}
	var l salkku.Lights
	_ = json.Unmarshal([]byte(s), &l)
	return &l, nil
}

// refreshNextPeriod updates the comparison of the unit's next reported
// period after due with what is now the latest before it.
func (tx *Tx) refreshNextPeriod(project, unit int64, due salkku.Date) error {
	var nextDue, lights string
	err := tx.queryRow(`SELECT period_due, lights FROM report_latest WHERE project_id = ? AND unit_id = ? AND period_due > ? ORDER BY period_due LIMIT 1`,
		project, unit, string(due)).Scan(&nextDue, &lights)
	if err == sql.ErrNoRows {
		return nil
	} else if err != nil {
		return fmt.Errorf("sqldb: report roll-up: %w", err)
	}
	prev, err := tx.latestLights(project, unit, `period_due < ? ORDER BY period_due DESC`, nextDue)
	if err != nil {
		return err
	}
	var l salkku.Lights
	_ = json.Unmarshal([]byte(lights), &l)
	prevJSON, worse := "", 0
	if prev != nil {
		b, _ := json.Marshal(prev)
		prevJSON = string(b)
		if len(l.Worse(*prev)) > 0 {
			worse = 1
		}
	}
	if _, err := tx.exec(`UPDATE report_latest SET prev_lights = ?, worse = ? WHERE project_id = ? AND unit_id = ? AND period_due = ?`,
		prevJSON, worse, project, unit, nextDue); err != nil {
		return fmt.Errorf("sqldb: report roll-up: %w", err)
	}
	return nil
}
