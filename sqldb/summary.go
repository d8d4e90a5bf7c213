package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/salkku/salkku"
)

// The portfolio summary and the due lists read the roll-up report_latest
// and projects.reported_due, never the reports themselves: a page costs a
// fixed number of queries, each bounded by the page or by one portfolio's
// index range.

// portfolioSubtree returns the portfolio and its descendants, in one query.
func (tx *Tx) portfolioSubtree(id int64) ([]int64, error) {
	rows, err := tx.query(`WITH RECURSIVE down(id, depth) AS (
			SELECT id, 0 FROM portfolios WHERE id = ?
			UNION ALL
			SELECT p.id, down.depth + 1 FROM portfolios p JOIN down ON p.parent_id = down.id WHERE down.depth < ?)
		SELECT id FROM down`, id, maxPortfolioDepth)
	if err != nil {
		return nil, fmt.Errorf("sqldb: portfolio subtree: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var c int64
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// periodGroups splits portfolios by the period their cycle has on date:
// "(p.portfolio_id IN (…) AND l.period_due = ?) OR …", with its args.
// Portfolios whose cycle has no period then are left out.
func periodGroups(cycles map[int64]*salkku.ReportingCycle, ids []int64, pick func(*salkku.ReportingCycle) (salkku.Period, bool), col string) (string, []any, map[int64]salkku.Period) {
	byDue := map[salkku.Date][]any{}
	periods := map[int64]salkku.Period{}
	var dues []salkku.Date
	for _, id := range ids {
		c := cycles[id]
		if c == nil {
			continue
		}
		p, ok := pick(c)
		if !ok {
			continue
		}
		periods[id] = p
		if _, seen := byDue[p.Due]; !seen {
			dues = append(dues, p.Due)
		}
		byDue[p.Due] = append(byDue[p.Due], id)
	}
	if len(dues) == 0 {
		return "1 = 0", nil, periods
	}
	slices.Sort(dues)
	var parts []string
	var args []any
	for _, due := range dues {
		parts = append(parts, "(p.portfolio_id IN ("+placeholders(len(byDue[due]))+") AND "+col+")")
		args = append(append(args, byDue[due]...), string(due))
	}
	return "(" + strings.Join(parts, " OR ") + ")", args, periods
}

// FindPortfolioSummary is the latest report of every project and work
// package of a portfolio and its sub-portfolios in the period of f.Date.
func (d *DB) FindPortfolioSummary(ctx context.Context, f salkku.SummaryFilter) (*salkku.PortfolioSummary, error) {
	if f.Limit <= 0 || f.Limit > salkku.MaxPageSize {
		f.Limit = salkku.DefaultPageSize
	}
	fe := salkku.FieldErrors{}
	if f.Date != "" && !f.Date.Valid() {
		fe.Add("date", "error.date")
	}
	if !slices.Contains([]string{"", "missing", "worse"}, f.Show) {
		fe.Add("show", "error.invalid_choice")
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	var out *salkku.PortfolioSummary
	err := d.read(ctx, func(tx *Tx) error {
		vis, visArgs, err := tx.portfolioViewable(f.PortfolioID)
		if err != nil {
			return err
		}
		if f.Date == "" {
			f.Date = salkku.Today(tx.now)
		}
		ids, err := tx.portfolioSubtree(f.PortfolioID)
		if err != nil {
			return err
		}
		cycles, err := tx.cyclesOf(ids)
		if err != nil {
			return err
		}
		out = &salkku.PortfolioSummary{Cycle: cycles[f.PortfolioID], Counts: map[string]int{}}
		if out.Cycle != nil {
			out.Period, _ = out.Cycle.PeriodOf(f.Date)
		}
		inPeriod, periodArgs, periods := periodGroups(cycles, ids, func(c *salkku.ReportingCycle) (salkku.Period, bool) { return c.PeriodOf(f.Date) }, "l.period_due = ?")
		// The projects the summary is about: the filter and what the
		// caller may see.
		where, args := vis, visArgs
		if f.CategoryID != nil {
			where, args = where+" AND p.category_id = ?", append(args, *f.CategoryID)
		}
		if f.Phase != "" {
			where, args = where+" AND p.phase = ?", append(args, f.Phase)
		}
		withPeriod := func(extra string, more ...any) (string, []any) {
			return inPeriod + where + extra, append(append(slices.Clone(periodArgs), args...), more...)
		}

		// Counts by overall light, reported and worse projects.
		q, qa := withPeriod("")
		rows, err := tx.query(`SELECT l.light_overall, COUNT(*) FROM report_latest l JOIN projects p ON p.id = l.project_id WHERE `+q+` GROUP BY l.light_overall`, qa...)
		if err != nil {
			return fmt.Errorf("sqldb: portfolio summary: %w", err)
		}
		for rows.Next() {
			var light string
			var n int
			if err := rows.Scan(&light, &n); err != nil {
				rows.Close()
				return fmt.Errorf("sqldb: portfolio summary: %w", err)
			}
			out.Counts[light] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if err := tx.queryRow(`SELECT COUNT(DISTINCT l.project_id), COUNT(DISTINCT CASE WHEN l.worse = 1 THEN l.project_id END)
			FROM report_latest l JOIN projects p ON p.id = l.project_id WHERE `+q, qa...).Scan(&out.Reported, &out.Worse); err != nil {
			return fmt.Errorf("sqldb: portfolio summary: %w", err)
		}
		missingCond, missingArgs, _ := periodGroups(cycles, ids, func(c *salkku.ReportingCycle) (salkku.Period, bool) { return c.PeriodOf(f.Date) },
			"NOT EXISTS (SELECT 1 FROM report_latest l WHERE l.project_id = p.id AND l.period_due = ?)")
		mq, ma := missingCond+where+" AND p.status = ?", append(append(slices.Clone(missingArgs), args...), salkku.StatusActive)
		if err := tx.queryRow(`SELECT COUNT(*) FROM projects p WHERE `+mq, ma...).Scan(&out.Missing); err != nil {
			return fmt.Errorf("sqldb: portfolio summary: %w", err)
		}

		// One page of projects, by code.
		pq, pa := "p.portfolio_id IN ("+placeholders(len(ids))+")"+where, append(int64Args(ids), args...)
		switch f.Show {
		case "missing":
			pq, pa = mq, ma
		case "worse":
			wc, wa, _ := periodGroups(cycles, ids, func(c *salkku.ReportingCycle) (salkku.Period, bool) { return c.PeriodOf(f.Date) },
				"EXISTS (SELECT 1 FROM report_latest l WHERE l.project_id = p.id AND l.period_due = ? AND l.worse = 1)")
			pq, pa = wc+where, append(wa, args...)
		}
		if f.AfterCode != "" || f.AfterID != 0 {
			k := salkku.SortKey(f.AfterCode)
			pq, pa = pq+" AND (p.code_sort > ? OR p.code_sort = ? AND p.id > ?)", append(pa, k, k, f.AfterID)
		}
		rows, err = tx.query(`SELECT p.id, p.code, p.portfolio_id, p.category_id, p.phase, COALESCE(m.name, ''), o.primary_lang
			FROM projects p JOIN portfolios pf ON pf.id = p.portfolio_id JOIN organisations o ON o.id = pf.organisation_id
			LEFT JOIN people m ON m.id = p.manager_id
			WHERE `+pq+` ORDER BY p.code_sort, p.id`+sqlLimit(f.Limit+1), pa...)
		if err != nil {
			return fmt.Errorf("sqldb: portfolio summary: %w", err)
		}
		var projects []*salkku.ReportUnit
		refs := textRefs{}
		for rows.Next() {
			u := &salkku.ReportUnit{}
			var cat sql.NullInt64
			var primary string
			if err := rows.Scan(&u.ProjectID, &u.ProjectCode, &u.PortfolioID, &cat, &u.Phase, &u.ManagerName, &primary); err != nil {
				rows.Close()
				return fmt.Errorf("sqldb: portfolio summary: %w", err)
			}
			u.CategoryID, u.ProjectName.Primary = idPtr(cat), primary
			refs.add(textProject, u.ProjectID, "name", &u.ProjectName)
			projects = append(projects, u)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(projects) > f.Limit {
			projects, out.More = projects[:f.Limit], true
		}
		units, err := tx.summaryUnits(projects, periods, refs)
		if err != nil {
			return err
		}
		out.Units = units
		return tx.fillTexts(refs)
	})
	return out, err
}

// summaryUnits reads the roll-up rows of a page of projects in their
// periods and their work packages' codes: the project's own row first,
// then its work packages' by code.
func (tx *Tx) summaryUnits(projects []*salkku.ReportUnit, periods map[int64]salkku.Period, refs textRefs) ([]*salkku.ReportUnit, error) {
	if len(projects) == 0 {
		return nil, nil
	}
	var parts []string
	var args []any
	for _, u := range projects {
		if p, ok := periods[u.PortfolioID]; ok {
			parts = append(parts, "(l.project_id = ? AND l.period_due = ?)")
			args = append(args, u.ProjectID, string(p.Due))
		}
	}
	type row struct {
		unit       int64
		wpCode     string
		reportID   int64
		date       string
		state      string
		lights     string
		prev       string
		worse      int
		reportedAt time.Time
	}
	found := map[int64][]row{}
	if len(parts) > 0 {
		rows, err := tx.query(`SELECT l.project_id, l.unit_id, COALESCE(w.code, ''), l.report_id, l.report_date, l.state, l.lights, l.prev_lights, l.worse
			FROM report_latest l LEFT JOIN work_packages w ON w.id = l.unit_id AND l.unit_id <> 0 WHERE `+strings.Join(parts, " OR "), args...)
		if err != nil {
			return nil, fmt.Errorf("sqldb: portfolio summary: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var pid int64
			var r row
			if err := rows.Scan(&pid, &r.unit, &r.wpCode, &r.reportID, &r.date, &r.state, &r.lights, &r.prev, &r.worse); err != nil {
				return nil, fmt.Errorf("sqldb: portfolio summary: %w", err)
			}
			found[pid] = append(found[pid], r)
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	var out []*salkku.ReportUnit
	for _, u := range projects {
		rs := found[u.ProjectID]
		slices.SortFunc(rs, func(a, b row) int {
			if (a.unit == 0) != (b.unit == 0) {
				if a.unit == 0 {
					return -1
				}
				return 1
			}
			return strings.Compare(salkku.SortKey(a.wpCode), salkku.SortKey(b.wpCode))
		})
		// The project's own row comes first, empty when only its work
		// packages reported or nothing did.
		out = append(out, u)
		for _, r := range rs {
			v := u
			if r.unit != 0 {
				c := *u
				v = &c
			}
			rep := &salkku.StatusReport{ProjectID: u.ProjectID, ReportDate: salkku.Date(r.date), State: r.state, Period: periods[u.PortfolioID]}
			rep.ID = r.reportID
			_ = json.Unmarshal([]byte(r.lights), &rep.Lights)
			if r.unit != 0 {
				id := r.unit
				v.WorkPackageID, v.WorkPackageCode, rep.WorkPackageID = &id, r.wpCode, &id
				v.WorkPackageName.Primary = u.ProjectName.Primary
				refs.add(textWorkPackage, id, "name", &v.WorkPackageName)
			}
			v.Report = rep
			if r.prev != "" {
				var prev salkku.Lights
				_ = json.Unmarshal([]byte(r.prev), &prev)
				v.Previous, v.Worse = &prev, rep.Lights.Worse(prev)
			}
			if r.unit != 0 {
				out = append(out, v)
			}
		}
	}
	return out, nil
}

func int64Args(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// FindReportsDue lists projects whose report for the open period is not
// in yet, and those that missed the last period (Overdue), overdue first.
func (d *DB) FindReportsDue(ctx context.Context, f salkku.DueFilter) ([]*salkku.ReportDue, error) {
	if f.Limit <= 0 || f.Limit > salkku.MaxPageSize {
		f.Limit = salkku.DefaultPageSize
	}
	if f.AsOf != "" && !f.AsOf.Valid() {
		return nil, salkku.FieldErrors{"date": "error.date"}.Err()
	}
	var out []*salkku.ReportDue
	err := d.read(ctx, func(tx *Tx) error {
		if f.AsOf == "" {
			f.AsOf = salkku.Today(tx.now)
		}
		where, args := "p.status = ?", []any{salkku.StatusActive}
		var ids []int64
		switch {
		case f.PortfolioID != nil:
			vis, visArgs, err := tx.portfolioViewable(*f.PortfolioID)
			if err != nil {
				return err
			}
			if ids, err = tx.portfolioSubtree(*f.PortfolioID); err != nil {
				return err
			}
			where, args = where+vis, append(args, visArgs...)
		case f.ProjectID != nil:
			p, err := tx.viewProject(*f.ProjectID)
			if err != nil {
				return err
			}
			ids = []int64{p.PortfolioID}
			where, args = where+" AND p.id = ?", append(args, p.ID)
		case f.PersonID != nil:
			where, args = where+" AND p.manager_id = ?", append(args, *f.PersonID)
			if v := tx.access().Visibility(); v != nil {
				cond, vargs := visibleProjects(v)
				where, args = where+" AND "+cond, append(args, vargs...)
			}
			rows, err := tx.query(`SELECT DISTINCT p.portfolio_id FROM projects p WHERE `+where, args...)
			if err != nil {
				return fmt.Errorf("sqldb: reports due: %w", err)
			}
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return err
				}
				ids = append(ids, id)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		default:
			return salkku.FieldErrors{"portfolio_id": "error.required"}.Err()
		}
		cycles, err := tx.cyclesOf(ids)
		if err != nil {
			return err
		}
		// A project is due while its latest reported period is before the
		// open one.
		open, openArgs, periods := periodGroups(cycles, ids, func(c *salkku.ReportingCycle) (salkku.Period, bool) { return c.NextDue(f.AsOf) }, "p.reported_due < ?")
		last, lastArgs, lastPeriods := periodGroups(cycles, ids, func(c *salkku.ReportingCycle) (salkku.Period, bool) { return c.LastDue(f.AsOf) }, "p.reported_due < ?")
		rows, err := tx.query(`SELECT p.id, p.code, p.portfolio_id, p.category_id, p.phase, p.reported_due, p.created_at, COALESCE(m.name, ''), o.primary_lang
			FROM projects p JOIN portfolios pf ON pf.id = p.portfolio_id JOIN organisations o ON o.id = pf.organisation_id
			LEFT JOIN people m ON m.id = p.manager_id
			WHERE `+where+` AND (`+open+` OR `+last+`) ORDER BY p.reported_due, p.code_sort, p.id`+sqlLimit(f.Limit),
			append(append(args, openArgs...), lastArgs...)...)
		if err != nil {
			return fmt.Errorf("sqldb: reports due: %w", err)
		}
		defer rows.Close()
		refs := textRefs{}
		for rows.Next() {
			var due salkku.ReportDue
			var cat sql.NullInt64
			var reported, primary string
			var created time.Time
			u := &due.ReportUnit
			if err := rows.Scan(&u.ProjectID, &u.ProjectCode, &u.PortfolioID, &cat, &u.Phase, &reported, &created, &u.ManagerName, &primary); err != nil {
				return fmt.Errorf("sqldb: reports due: %w", err)
			}
			u.CategoryID, u.ProjectName.Primary = idPtr(cat), primary
			if lp, ok := lastPeriods[u.PortfolioID]; ok && reported < string(lp.Due) && salkku.Today(created) <= lp.Due {
				due.Period, due.Overdue = lp, true
			} else if op, ok := periods[u.PortfolioID]; ok && reported < string(op.Due) {
				due.Period = op
			} else {
				continue
			}
			refs.add(textProject, u.ProjectID, "name", &u.ProjectName)
			out = append(out, &due)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		slices.SortStableFunc(out, func(a, b *salkku.ReportDue) int {
			if a.Overdue != b.Overdue {
				if a.Overdue {
					return -1
				}
				return 1
			}
			if c := strings.Compare(string(a.Period.Due), string(b.Period.Due)); c != 0 {
				return c
			}
			return strings.Compare(salkku.SortKey(a.ProjectCode), salkku.SortKey(b.ProjectCode))
		})
		return tx.fillTexts(refs)
	})
	return out, err
}
