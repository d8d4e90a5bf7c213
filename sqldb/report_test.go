package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
)

// karaCycle is KaRa's cycle: every two months from 7/2021 (seed 002).
func karaCycle(pf *salkku.Portfolio) *salkku.ReportingCycle {
	return &salkku.ReportingCycle{PortfolioID: pf.ID, Kind: salkku.CycleBimonthly, Start: "2021-07-01"}
}

func mustSetCycle(t *testing.T, db *sqldb.DB, c *salkku.ReportingCycle) {
	t.Helper()
	if err := db.SetReportingCycle(salkku.System(t.Context()), c); err != nil {
		t.Fatalf("set cycle: %v", err)
	}
}

// mustReport writes and submits a report with the overall light given.
func mustReport(t *testing.T, ctx context.Context, db *sqldb.DB, p *salkku.Project, wp *salkku.WorkPackage, date salkku.Date, lights salkku.Lights) *salkku.StatusReport {
	t.Helper()
	r := &salkku.StatusReport{ProjectID: p.ID, ReportDate: date, Overall: salkku.T("Etenee suunnitellusti"), Lights: lights}
	if wp != nil {
		r.WorkPackageID = &wp.ID
	}
	if err := db.CreateReport(ctx, r); err != nil {
		t.Fatalf("create report: %v", err)
	}
	s, err := db.SubmitReport(ctx, r.ID, r.Version)
	if err != nil {
		t.Fatalf("submit report: %v", err)
	}
	return s
}

func TestReportingCycleInherited(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		ctx := salkku.System(t.Context())
		sub := mustCreatePortfolio(t, w.db, w.org, w.pf, "Sivistyspalvelut")
		if c, err := w.db.FindReportingCycle(ctx, sub.ID); err != nil || c != nil {
			t.Fatalf("no cycle yet: %v %v", c, err)
		}
		mustSetCycle(t, w.db, karaCycle(w.pf))
		c, err := w.db.FindReportingCycle(ctx, sub.ID)
		if err != nil || c == nil || c.InheritedFrom == nil || *c.InheritedFrom != w.pf.ID || c.Kind != salkku.CycleBimonthly || c.PortfolioID != sub.ID {
			t.Fatalf("inherited cycle = %+v, %v", c, err)
		}
		own := &salkku.ReportingCycle{PortfolioID: sub.ID, Kind: salkku.CycleGivenDates, Start: "2022-01-01", Dates: []salkku.Date{"2022-05-31", "2022-09-30"}}
		mustSetCycle(t, w.db, own)
		c, _ = w.db.FindReportingCycle(ctx, sub.ID)
		if c.InheritedFrom != nil || c.Kind != salkku.CycleGivenDates || len(c.Dates) != 2 || c.Version != 1 {
			t.Fatalf("own cycle = %+v", c)
		}
		// A stale edit is a conflict and changes nothing.
		stale := *own
		stale.Version, stale.Kind = 0, salkku.CycleMonthly
		if err := w.db.SetReportingCycle(ctx, &stale); salkku.ErrorCode(err) != salkku.ECONFLICT {
			t.Fatalf("stale cycle: %v", err)
		}
		if err := w.db.DeleteReportingCycle(ctx, sub.ID); err != nil {
			t.Fatal(err)
		}
		if c, _ = w.db.FindReportingCycle(ctx, sub.ID); c.InheritedFrom == nil {
			t.Fatalf("after delete: %+v", c)
		}
	})
}

func TestReportLifecycle(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		ctx := salkku.System(t.Context())
		p := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "KaRa", Phase: "implementation", ManagerID: &w.kristiina.ID})
		r := &salkku.StatusReport{ProjectID: p.ID, ReportDate: "2021-11-22", Overall: salkku.T("Hankekoordinaation osalta työt etenee aikataulussa ja suunnitellusti")}

		// Without a cycle the date is outside every cycle.
		wantFields(t, w.db.CreateReport(ctx, r), map[string]string{"report_date": "error.report_no_cycle"})
		mustSetCycle(t, w.db, karaCycle(w.pf))
		bad := *r
		bad.ReportDate = "2021-06-30"
		wantFields(t, w.db.CreateReport(ctx, &bad), map[string]string{"report_date": "error.report_outside_cycle"})

		if err := w.db.CreateReport(ctx, r); err != nil {
			t.Fatal(err)
		}
		if r.Period != (salkku.Period{Start: "2021-11-01", Due: "2021-12-31"}) || r.State != salkku.ReportDraft {
			t.Fatalf("period %v state %s", r.Period, r.State)
		}
		// Submitting needs the overall light.
		if _, err := w.db.SubmitReport(ctx, r.ID, r.Version); salkku.ErrorCode(err) != salkku.EINVALID {
			t.Fatalf("submit without light: %v", err)
		}
		r.Lights.Overall = salkku.LightGreen
		r.ResponsibleIDs = []int64{w.kristiina.ID}
		if err := w.db.UpdateReport(ctx, r); err != nil {
			t.Fatal(err)
		}
		s, err := w.db.SubmitReport(ctx, r.ID, r.Version)
		if err != nil {
			t.Fatal(err)
		}
		if s.State != salkku.ReportSubmitted || s.SubmittedAt == nil {
			t.Fatalf("submitted: %+v", s)
		}
		// Frozen: no edit, no delete.
		s.Overall = salkku.T("muutettu")
		if err := w.db.UpdateReport(ctx, s); salkku.ErrorCode(err) != salkku.EINVALID {
			t.Fatalf("edit submitted: %v", err)
		}
		if err := w.db.DeleteReport(ctx, s.ID); salkku.ErrorCode(err) != salkku.EINVALID {
			t.Fatalf("delete submitted: %v", err)
		}
		got, _ := w.db.FindReportByID(ctx, s.ID)
		if got.Overall.FI != "Hankekoordinaation osalta työt etenee aikataulussa ja suunnitellusti" || len(got.ResponsibleNames) != 1 || got.ResponsibleNames[0] != "Kristiina Taskinen" {
			t.Fatalf("stored report: %+v", got)
		}

		// A correction is a new revision; the old one stays, superseded.
		c, err := w.db.CorrectReport(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Revision != 2 || c.CorrectsID == nil || *c.CorrectsID != s.ID || c.Overall.FI != got.Overall.FI {
			t.Fatalf("correction: %+v", c)
		}
		c.Lights.Overall = salkku.LightYellow
		if err := w.db.UpdateReport(ctx, c); err != nil {
			t.Fatal(err)
		}
		if _, err := w.db.SubmitReport(ctx, c.ID, c.Version); err != nil {
			t.Fatal(err)
		}
		all, _ := w.db.FindReports(ctx, salkku.ReportFilter{ProjectID: &p.ID})
		current, _ := w.db.FindReports(ctx, salkku.ReportFilter{ProjectID: &p.ID, Current: true})
		if len(all) != 2 || len(current) != 1 || current[0].ID != c.ID {
			t.Fatalf("reports %d, current %d", len(all), len(current))
		}
		old, _ := w.db.FindReportByID(ctx, s.ID)
		if old.SupersededBy == nil || *old.SupersededBy != c.ID {
			t.Fatalf("old report not superseded: %+v", old.SupersededBy)
		}

		// Review by the project office, once.
		rev, err := w.db.ReviewReport(ctx, c.ID, c.Version+1, salkku.T("Käsitelty ohjausryhmässä"))
		if err != nil {
			t.Fatal(err)
		}
		if rev.State != salkku.ReportReviewed || rev.ReviewedAt == nil {
			t.Fatalf("review: %+v", rev)
		}
		if _, err := w.db.ReviewReport(ctx, c.ID, rev.Version, salkku.Text{}); salkku.ErrorCode(err) != salkku.EINVALID {
			t.Fatalf("second review: %v", err)
		}

		// A new report starts from the latest one.
		n, err := w.db.NewReport(ctx, p.ID, nil, "2022-01-10")
		if err != nil {
			t.Fatal(err)
		}
		if n.Lights.Overall != salkku.LightYellow || n.Overall.FI != got.Overall.FI || n.State != salkku.ReportDraft || n.ID != 0 {
			t.Fatalf("prefilled: %+v", n)
		}
	})
}

func TestReportRefusals(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		ctx := salkku.System(t.Context())
		mustSetCycle(t, w.db, karaCycle(w.pf))
		p := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "1", Phase: "implementation"})
		closed := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "2", Phase: "closing"})
		closeRequired(t, ctx, w.db, closed.ID)
		decide(t, ctx, w.db, closed.ID, "P6", salkku.DecisionApproved)
		wantFields(t, w.db.CreateReport(ctx, &salkku.StatusReport{ProjectID: closed.ID, ReportDate: "2021-11-22"}),
			map[string]string{"project_id": "error.report_project_closed"})
		wantFields(t, w.db.CreateReport(ctx, &salkku.StatusReport{ProjectID: p.ID, ReportDate: "2021-11-22", Lights: salkku.Lights{Scope: "purple"}}),
			map[string]string{"light_scope": "error.invalid_choice"})
		reports, err := w.db.FindReports(ctx, salkku.ReportFilter{ProjectID: &p.ID})
		if err != nil || len(reports) != 0 {
			t.Fatalf("nothing stored: %d %v", len(reports), err)
		}
		// Someone with no right to review: a viewer of the portfolio.
		r := mustReport(t, ctx, w.db, p, nil, "2021-11-22", salkku.Lights{Overall: salkku.LightGreen})
		viewer := mustUserWithRole(t, w.db, w.pf, salkku.RoleViewer)
		if _, err := w.db.ReviewReport(viewer, r.ID, r.Version, salkku.Text{}); salkku.ErrorCode(err) != salkku.EFORBIDDEN {
			t.Fatalf("review by a viewer: %v", err)
		}
		got, _ := w.db.FindReportByID(ctx, r.ID)
		if got.State != salkku.ReportSubmitted {
			t.Fatalf("state after refused review: %s", got.State)
		}
	})
}

func TestPortfolioSummaryAndDue(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		ctx := salkku.System(t.Context())
		mustSetCycle(t, w.db, karaCycle(w.pf))
		sub := mustCreatePortfolio(t, w.db, w.org, w.pf, "Osa-alue")
		a := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "A", Phase: "implementation", ManagerID: &w.aino.ID})
		b := mustCreateProject(t, w.db, sub, &salkku.Project{Code: "B", Phase: "implementation"})
		mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "C", Phase: "implementation"})
		wp := mustCreateWorkPackage(t, w.db, b, nil, "TP 1")

		// Sep–Oct: A green, B's package green. Nov–Dec: A yellow (worse),
		// B's package red (worse), C nothing.
		mustReport(t, ctx, w.db, a, nil, "2021-09-15", salkku.Lights{Overall: salkku.LightGreen})
		mustReport(t, ctx, w.db, b, wp, "2021-09-20", salkku.Lights{Overall: salkku.LightGreen})
		mustReport(t, ctx, w.db, a, nil, "2021-11-22", salkku.Lights{Overall: salkku.LightYellow})
		mustReport(t, ctx, w.db, b, wp, "2021-11-22", salkku.Lights{Overall: salkku.LightRed})

		s, err := w.db.FindPortfolioSummary(ctx, salkku.SummaryFilter{PortfolioID: w.pf.ID, Date: "2021-11-30"})
		if err != nil {
			t.Fatal(err)
		}
		if s.Period.Due != "2021-12-31" || s.Counts[salkku.LightYellow] != 1 || s.Counts[salkku.LightRed] != 1 || s.Reported != 2 || s.Worse != 2 || s.Missing != 1 {
			t.Fatalf("summary: period %v counts %v reported %d worse %d missing %d", s.Period, s.Counts, s.Reported, s.Worse, s.Missing)
		}
		// A; B's own row (it reports through its package) and the
		// package's; C.
		if len(s.Units) != 4 {
			t.Fatalf("units: %d", len(s.Units))
		}
		if u := s.Units[1]; u.ProjectCode != "B" || u.WorkPackageID != nil || u.Report != nil {
			t.Fatalf("B's own row: %+v", u)
		}
		if u := s.Units[0]; u.ProjectCode != "A" || u.Report == nil || u.Report.Lights.Overall != salkku.LightYellow || len(u.Worse) != 1 {
			t.Fatalf("A: %+v", u)
		}
		if u := s.Units[2]; u.ProjectCode != "B" || u.WorkPackageID == nil || u.Report.Lights.Overall != salkku.LightRed || u.WorkPackageName.FI != "TP 1" {
			t.Fatalf("B: %+v", u)
		}
		if u := s.Units[3]; u.ProjectCode != "C" || u.Report != nil {
			t.Fatalf("C: %+v", u)
		}
		missing, _ := w.db.FindPortfolioSummary(ctx, salkku.SummaryFilter{PortfolioID: w.pf.ID, Date: "2021-11-30", Show: "missing"})
		if len(missing.Units) != 1 || missing.Units[0].ProjectCode != "C" {
			t.Fatalf("missing: %+v", missing.Units)
		}
		// The period before: both green, nothing worse; C missing there too.
		s, _ = w.db.FindPortfolioSummary(ctx, salkku.SummaryFilter{PortfolioID: w.pf.ID, Date: "2021-10-01"})
		if s.Counts[salkku.LightGreen] != 2 || s.Worse != 0 || s.Missing != 1 {
			t.Fatalf("Sep–Oct: %v worse %d missing %d", s.Counts, s.Worse, s.Missing)
		}
		// Paging: one project per page, in code order.
		page, _ := w.db.FindPortfolioSummary(ctx, salkku.SummaryFilter{PortfolioID: w.pf.ID, Date: "2021-11-30", Limit: 1})
		next, _ := w.db.FindPortfolioSummary(ctx, salkku.SummaryFilter{PortfolioID: w.pf.ID, Date: "2021-11-30", Limit: 1, AfterCode: "A", AfterID: a.ID})
		if !page.More || page.Units[0].ProjectCode != "A" || next.Units[0].ProjectCode != "B" {
			t.Fatalf("paging: %v %v", page.Units[0].ProjectCode, next.Units[0].ProjectCode)
		}

		// Due lists on 1.5.2025: A reported for Mar–Apr, so its May–Jun
		// report is due; B and C, entered in March, missed Mar–Apr: overdue.
		mustReport(t, ctx, w.db, a, nil, "2025-04-20", salkku.Lights{Overall: salkku.LightGreen})
		due, err := w.db.FindReportsDue(ctx, salkku.DueFilter{PortfolioID: &w.pf.ID, AsOf: "2025-05-01"})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range due {
			got = append(got, fmt.Sprintf("%s %v %s", d.ProjectCode, d.Overdue, d.Period.Due))
		}
		wantEqual(t, got, []string{"B true 2025-04-30", "C true 2025-04-30", "A false 2025-06-30"})
		mine, _ := w.db.FindReportsDue(ctx, salkku.DueFilter{PersonID: &w.aino.ID, AsOf: "2025-05-01"})
		if len(mine) != 1 || mine[0].ProjectCode != "A" || mine[0].Overdue {
			t.Fatalf("Aino's: %+v", mine)
		}
		// Before a period has passed since they were entered, nothing is
		// overdue: the last period ended before the projects existed.
		early, _ := w.db.FindReportsDue(ctx, salkku.DueFilter{PortfolioID: &w.pf.ID, AsOf: "2025-03-02"})
		for _, d := range early {
			if d.Overdue {
				t.Fatalf("overdue before its first period: %+v", d)
			}
		}
		// Moving B out of the tree takes its roll-up with it.
		other := mustCreatePortfolio(t, w.db, w.org, nil, "Muu salkku")
		b.PortfolioID = other.ID
		if err := w.db.UpdateProject(ctx, b); err != nil {
			t.Fatal(err)
		}
		s, _ = w.db.FindPortfolioSummary(ctx, salkku.SummaryFilter{PortfolioID: w.pf.ID, Date: "2021-11-30"})
		if s.Counts[salkku.LightRed] != 0 || s.Reported != 1 {
			t.Fatalf("after move: %v reported %d", s.Counts, s.Reported)
		}
	})
}

// mustUserWithRole is a caller holding role on the portfolio.
func mustUserWithRole(t *testing.T, db *sqldb.DB, pf *salkku.Portfolio, role string) context.Context {
	t.Helper()
	ctx := salkku.System(t.Context())
	u := &salkku.User{Email: role + "@test.invalid", Name: "Rooli " + role}
	if err := db.CreateUser(ctx, u, ""); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateGrant(ctx, &salkku.Grant{UserID: u.ID, Role: role, PortfolioID: &pf.ID}); err != nil {
		t.Fatal(err)
	}
	a, err := db.FindAccess(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return salkku.WithCaller(t.Context(), salkku.Actor{UserID: u.ID, Name: u.Name}, a)
}

// wantFields wants EINVALID naming exactly these fields and keys.
func wantFields(t *testing.T, err error, want map[string]string) {
	t.Helper()
	var e *salkku.Error
	if !errors.As(err, &e) || e.Code != salkku.EINVALID {
		t.Fatalf("got %v, want EINVALID with %v", err, want)
	}
	wantEqual(t, e.Fields, want)
}
