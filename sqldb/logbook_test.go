package sqldb_test

import (
	"testing"

	"github.com/salkku/salkku"
)

func TestDecisionLog(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		sys := salkku.System(t.Context())
		p := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "KaRa"})
		// A gate decision of the project, at the portfolio level (P0).
		gate := decide(t, sys, w.db, p.ID, "P0", salkku.DecisionApproved)

		e := &salkku.DecisionEntry{ProjectID: &p.ID, DecidedOn: "2021-11-22", DecidedBy: salkku.T("Ohjausryhmä"),
			Decision: salkku.T("Hyväksyttiin tilannekatsaus."), Who: "Kristiina Taskinen", WhoID: &w.kristiina.ID,
			MinutesURL: "https://example.org/pk/2021-11-22"}
		if err := w.db.CreateDecisionEntry(sys, e); err != nil {
			t.Fatal(err)
		}
		if e.Kind != salkku.LogEntry || e.WhoName != "Kristiina Taskinen" || e.Version != 1 {
			t.Errorf("stored %+v", e)
		}
		got, err := w.db.FindDecisionEntryByID(sys, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, got, e)

		log, n, err := w.db.FindDecisionLog(sys, salkku.LogFilter{ProjectID: &p.ID})
		if err != nil {
			t.Fatal(err)
		}
		if n != 2 || len(log) != 2 {
			t.Fatalf("log of %d (%d), want the entry and the gate decision", n, len(log))
		}
		var sawGate bool
		for _, l := range log {
			if l.Kind == salkku.LogGate {
				sawGate = true
				if l.GateDecisionID != gate.ID || l.Gate != "P0" || l.GateDecision != salkku.DecisionApproved || l.ID != 0 {
					t.Errorf("gate line %+v", l)
				}
			}
		}
		if !sawGate {
			t.Error("the gate decision is not in the log")
		}

		// The portfolio's log: its own entries and its projects'
		// portfolio-level gate decisions.
		pe := &salkku.DecisionEntry{PortfolioID: &w.pf.ID, DecidedOn: "2021-12-01", Decision: salkku.T("Salkun priorisointi hyväksyttiin.")}
		if err := w.db.CreateDecisionEntry(sys, pe); err != nil {
			t.Fatal(err)
		}
		plog, n, err := w.db.FindDecisionLog(sys, salkku.LogFilter{PortfolioID: &w.pf.ID})
		if err != nil {
			t.Fatal(err)
		}
		if n != 2 || plog[0].ID != pe.ID || plog[1].Kind != salkku.LogGate || plog[1].ProjectLabel == "" {
			t.Errorf("portfolio log %d: %+v", n, plog)
		}

		// Edits: stale, a bad link, then a good one; delete.
		e.Decision = salkku.T("Muutettu")
		if err := w.db.UpdateDecisionEntry(sys, e); err != nil {
			t.Fatal(err)
		}
		stale := *got
		wantErr(t, w.db.UpdateDecisionEntry(sys, &stale), salkku.ECONFLICT, "")
		e.MinutesURL = "javascript:alert(1)"
		wantErr(t, w.db.UpdateDecisionEntry(sys, e), salkku.EINVALID, "minutes_url")
		wantErr(t, w.db.CreateDecisionEntry(sys, &salkku.DecisionEntry{ProjectID: &p.ID, PortfolioID: &w.pf.ID, DecidedOn: "2021-11-22", Decision: salkku.T("x")}), salkku.EINVALID, "project_id")
		if err := w.db.DeleteDecisionEntry(sys, e.ID); err != nil {
			t.Fatal(err)
		}
		if _, n, _ := w.db.FindDecisionLog(sys, salkku.LogFilter{ProjectID: &p.ID}); n != 1 {
			t.Errorf("after delete %d lines, want the gate decision", n)
		}
	})
}

func TestCommsLog(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		sys := salkku.System(t.Context())
		p := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "KaRa"})
		wp := mustCreateWorkPackage(t, w.db, p, nil, "OA1")
		later := &salkku.CommsEntry{ProjectID: p.ID, Date: "2021-11-22", Channel: salkku.ChannelRelease, Scope: salkku.ScopeExternal,
			Audience: salkku.T("Media"), Subject: salkku.T("Tiedote hankkeen etenemisestä"), Link: "https://example.org/tiedote"}
		period := &salkku.CommsEntry{ProjectID: p.ID, WorkPackageID: &wp.ID, Start: salkku.NewMonth(2021, 1), End: salkku.NewMonth(2021, 3),
			Channel: salkku.ChannelIntranet, Scope: salkku.ScopeInternal, Audience: salkku.T("Henkilöstö"), Subject: salkku.T("Intranet-juttusarja")}
		undated := &salkku.CommsEntry{ProjectID: p.ID, Channel: salkku.ChannelSocial, Scope: salkku.ScopeExternal, Subject: salkku.T("Somepäivitykset")}
		for _, c := range []*salkku.CommsEntry{undated, later, period} {
			if err := w.db.CreateCommsEntry(sys, c); err != nil {
				t.Fatal(err)
			}
		}
		got, err := w.db.FindCommsEntryByID(sys, period.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, got, period)
		if got.WorkPackageName.FI != "OA1" || got.When() != "1/2021 – 3/2021" {
			t.Errorf("stored %+v", got)
		}
		log, n, err := w.db.FindCommsLog(sys, salkku.LogFilter{ProjectID: &p.ID})
		if err != nil {
			t.Fatal(err)
		}
		if n != 3 || log[0].ID != period.ID || log[1].ID != later.ID || log[2].ID != undated.ID {
			t.Errorf("log %d: %+v", n, log)
		}
		later.Channel = "fax"
		wantErr(t, w.db.UpdateCommsEntry(sys, later), salkku.EINVALID, "channel")
		later.Channel = salkku.ChannelPress
		if err := w.db.UpdateCommsEntry(sys, later); err != nil {
			t.Fatal(err)
		}
		stale := *got
		stale.Subject = salkku.T("vanha")
		if err := w.db.UpdateCommsEntry(sys, &stale); err != nil {
			t.Fatal(err) // got is current still
		}
		wantErr(t, w.db.UpdateCommsEntry(sys, got), salkku.ECONFLICT, "")
		if err := w.db.DeleteCommsEntry(sys, later.ID); err != nil {
			t.Fatal(err)
		}
		if _, n, _ := w.db.FindCommsLog(sys, salkku.LogFilter{ProjectID: &p.ID}); n != 2 {
			t.Errorf("after delete %d", n)
		}
	})
}
