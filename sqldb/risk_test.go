package sqldb_test

import (
	"fmt"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
)

func mustCreateRisk(t *testing.T, db *sqldb.DB, r *salkku.Risk) *salkku.Risk {
	t.Helper()
	if r.Description.IsZero() {
		r.Description = salkku.T("Toimittajan resurssit eivät riitä")
	}
	if err := db.CreateRisk(salkku.System(t.Context()), r); err != nil {
		t.Fatalf("create risk: %v", err)
	}
	return r
}

func TestRiskCRUD(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		sys := salkku.System(t.Context())
		p := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "KaRa"})
		wp := mustCreateWorkPackage(t, w.db, p, nil, "OA2 TP1 Asiakasohjaus")
		report := int64(42)

		t.Run("OK", func(t *testing.T) {
			r := &salkku.Risk{ProjectID: p.ID, WorkPackageID: &wp.ID, ReportID: &report, Description: salkku.T("Toteuttaminen poikkeaa suunnitellusta"),
				Cause: salkku.T("Koronatilanne"), Consequence: salkku.T("Aikataulu venyy"), Probability: 4, Impact: 3, OwnerID: &w.kristiina.ID,
				Mitigation: salkku.T("Lisäresurssi"), ReviewDate: "2021-12-15", Score: 1}
			if err := w.db.CreateRisk(sys, r); err != nil {
				t.Fatal(err)
			}
			got, err := w.db.FindRiskByID(sys, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			wantEqual(t, got, r)
			if got.Score != 12 || got.Status != salkku.RiskOpen || got.OwnerName != "Kristiina Taskinen" || *got.ReportID != 42 || got.WorkPackageName.FI != wp.Name.FI {
				t.Errorf("stored %+v", got)
			}
			got.Probability, got.Status = 5, salkku.RiskMitigated
			if err := w.db.UpdateRisk(sys, got); err != nil {
				t.Fatal(err)
			}
			if got.Score != 15 || got.Version != 2 {
				t.Errorf("after update: score %d, version %d", got.Score, got.Version)
			}
			// A stale edit.
			r.Impact = 1
			wantErr(t, w.db.UpdateRisk(sys, r), salkku.ECONFLICT, "")
			if err := w.db.DeleteRisk(sys, r.ID); err != nil {
				t.Fatal(err)
			}
			_, err = w.db.FindRiskByID(sys, r.ID)
			wantErr(t, err, salkku.ENOTFOUND, "")
		})
		t.Run("ErrProbability7", func(t *testing.T) {
			_, before, err := w.db.FindRisks(sys, salkku.RiskFilter{ProjectID: &p.ID})
			if err != nil {
				t.Fatal(err)
			}
			err = w.db.CreateRisk(sys, &salkku.Risk{ProjectID: p.ID, Description: salkku.T("Liian todennäköinen"), Probability: 7, Impact: 2})
			wantErr(t, err, salkku.EINVALID, "probability")
			if e := err.(*salkku.Error); e.Fields["probability"] != "error.out_of_range" {
				t.Errorf("fields %v", e.Fields)
			}
			_, after, err := w.db.FindRisks(sys, salkku.RiskFilter{ProjectID: &p.ID})
			if err != nil {
				t.Fatal(err)
			}
			if after != before {
				t.Errorf("%d risks after a refused one, want %d", after, before)
			}
		})
		t.Run("ErrWorkPackageOfAnotherProject", func(t *testing.T) {
			other := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "9.9"})
			owp := mustCreateWorkPackage(t, w.db, other, nil, "Muu")
			err := w.db.CreateRisk(sys, &salkku.Risk{ProjectID: p.ID, WorkPackageID: &owp.ID, Description: salkku.T("x"), Probability: 1, Impact: 1})
			wantErr(t, err, salkku.EINVALID, "work_package_id")
		})
		t.Run("ErrUnknownProject", func(t *testing.T) {
			err := w.db.CreateRisk(sys, &salkku.Risk{ProjectID: 99999, Description: salkku.T("x"), Probability: 1, Impact: 1})
			wantErr(t, err, salkku.EINVALID, "project_id")
		})
		t.Run("Sorted by score", func(t *testing.T) {
			q := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "3.3"})
			low := mustCreateRisk(t, w.db, &salkku.Risk{ProjectID: q.ID, Probability: 1, Impact: 2})
			high := mustCreateRisk(t, w.db, &salkku.Risk{ProjectID: q.ID, Probability: 5, Impact: 4})
			mid := mustCreateRisk(t, w.db, &salkku.Risk{ProjectID: q.ID, Probability: 3, Impact: 3})
			rs, n, err := w.db.FindRisks(sys, salkku.RiskFilter{ProjectID: &q.ID})
			if err != nil {
				t.Fatal(err)
			}
			if n != 3 || len(rs) != 3 || rs[0].ID != high.ID || rs[1].ID != mid.ID || rs[2].ID != low.ID {
				t.Errorf("got %d: %v", n, rs)
			}
		})
	})
}

// TestRiskHeatMap: the counts agree with the risks behind them, over a
// sub-portfolio too, closed risks left out; each cell's list is the risks
// counted in it; and a manager sees only their own project's risks.
func TestRiskHeatMap(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		sys := salkku.System(t.Context())
		sub := mustCreatePortfolio(t, w.db, w.org, w.pf, "Sote")
		other := mustCreatePortfolio(t, w.db, w.org, nil, "Muu salkku")
		p1 := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "1"})
		p2 := mustCreateProject(t, w.db, sub, &salkku.Project{Code: "2"})
		p3 := mustCreateProject(t, w.db, other, &salkku.Project{Code: "3"})
		mustCreateRisk(t, w.db, &salkku.Risk{ProjectID: p1.ID, Probability: 3, Impact: 4, ReviewDate: "2021-01-01"})
		mustCreateRisk(t, w.db, &salkku.Risk{ProjectID: p2.ID, Probability: 3, Impact: 4, Status: salkku.RiskRealised})
		mustCreateRisk(t, w.db, &salkku.Risk{ProjectID: p2.ID, Probability: 5, Impact: 5, ReviewDate: "2099-01-01"})
		mustCreateRisk(t, w.db, &salkku.Risk{ProjectID: p1.ID, Probability: 3, Impact: 4, Status: salkku.RiskClosed, ReviewDate: "2021-01-01"})
		mustCreateRisk(t, w.db, &salkku.Risk{ProjectID: p3.ID, Probability: 3, Impact: 4})
		// Not assessed: in the register, off the map.
		mustCreateRisk(t, w.db, &salkku.Risk{ProjectID: p2.ID})

		h, err := w.db.RiskHeatMap(sys, w.pf.ID)
		if err != nil {
			t.Fatal(err)
		}
		if h.Total != 3 || h.Unassessed != 1 || h.Count(3, 4) != 2 || h.Count(5, 5) != 1 || h.Count(1, 1) != 0 {
			t.Errorf("heat map %+v", h.Cells)
		}
		// Every cell agrees with the list of its risks.
		for _, c := range h.Cells {
			rs, n, err := w.db.FindRisks(sys, salkku.RiskFilter{PortfolioID: &w.pf.ID, Probability: c.Probability, Impact: c.Impact})
			if err != nil {
				t.Fatal(err)
			}
			if n != c.Count || len(rs) != c.Count {
				t.Errorf("cell %d×%d: count %d, list %d (%d)", c.Probability, c.Impact, c.Count, n, len(rs))
			}
		}
		hs, err := w.db.RiskHeatMap(sys, sub.ID)
		if err != nil {
			t.Fatal(err)
		}
		if hs.Total != 2 {
			t.Errorf("sub-portfolio total %d, want 2", hs.Total)
		}
		overdue, n, err := w.db.FindRisks(sys, salkku.RiskFilter{PortfolioID: &w.pf.ID, Overdue: "2021-11-22"})
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 || overdue[0].ProjectID != p1.ID || overdue[0].ProjectCode != "1" {
			t.Errorf("overdue: %d %v", n, overdue)
		}

		// A project manager of p1 sees the portfolio, but only p1's risks.
		u := &salkku.User{Email: "pm@naantali.fi", Name: "PM"}
		if err := w.db.CreateUser(sys, u, testPassword); err != nil {
			t.Fatal(err)
		}
		if err := w.db.CreateGrant(sys, &salkku.Grant{UserID: u.ID, Role: salkku.RoleProjectManager, ProjectID: &p1.ID}); err != nil {
			t.Fatal(err)
		}
		pm := ctxFor(t, w.db, u.ID)
		hm, err := w.db.RiskHeatMap(pm, w.pf.ID)
		if err != nil {
			t.Fatal(err)
		}
		if hm.Total != 1 || hm.Count(3, 4) != 1 {
			t.Errorf("manager's heat map %+v", hm.Cells)
		}
		_, err = w.db.RiskHeatMap(pm, other.ID)
		wantErr(t, err, salkku.ENOTFOUND, "")
		// The manager keeps p1's register, and no other.
		mustCreateRisk(t, w.db, &salkku.Risk{ProjectID: p1.ID, Probability: 1, Impact: 1})
		if err := w.db.CreateRisk(pm, &salkku.Risk{ProjectID: p1.ID, Description: salkku.T("oma"), Probability: 2, Impact: 2}); err != nil {
			t.Fatal(err)
		}
		wantErr(t, w.db.CreateRisk(pm, &salkku.Risk{ProjectID: p2.ID, Description: salkku.T("vieras"), Probability: 2, Impact: 2}), salkku.EFORBIDDEN, "")
	})
}

// TestRiskHeatMapQueries: the heat map is one query, whatever the number
// of projects.
func TestRiskHeatMapQueries(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		sys := salkku.System(t.Context())
		count := func() int64 {
			ctx, n := sqldb.CountQueries(sys)
			if _, err := w.db.RiskHeatMap(ctx, w.pf.ID); err != nil {
				t.Fatal(err)
			}
			return n.Load()
		}
		added := 0
		add := func(k int) {
			for range k {
				i := added
				added++
				p := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: fmt.Sprintf("P%d", i)})
				mustCreateRisk(t, w.db, &salkku.Risk{ProjectID: p.ID, Probability: i%5 + 1, Impact: (i/5)%5 + 1})
			}
		}
		add(2)
		few := count()
		add(30)
		if many := count(); many > few {
			t.Errorf("%d statements with 2 projects, %d with 32", few, many)
		}
	})
}

// TestRiskReferencesGo: deleting the owner, the work package or the
// project is not blocked by risks and log lines; the references are
// cleared, or the lines go with the project.
func TestRiskReferencesGo(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		sys := salkku.System(t.Context())
		p := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "7.7"})
		wp := mustCreateWorkPackage(t, w.db, p, nil, "OA1")
		owner := mustCreatePerson(t, w.db, w.org, "Olli Omistaja")
		r := mustCreateRisk(t, w.db, &salkku.Risk{ProjectID: p.ID, WorkPackageID: &wp.ID, OwnerID: &owner.ID, Probability: 2, Impact: 2})
		c := &salkku.CommsEntry{ProjectID: p.ID, WorkPackageID: &wp.ID, Date: "2021-11-22", Channel: salkku.ChannelVideo, Scope: salkku.ScopeExternal, Subject: salkku.T("Video")}
		if err := w.db.CreateCommsEntry(sys, c); err != nil {
			t.Fatal(err)
		}
		e := &salkku.DecisionEntry{ProjectID: &p.ID, DecidedOn: "2021-11-22", Decision: salkku.T("x"), WhoID: &owner.ID}
		if err := w.db.CreateDecisionEntry(sys, e); err != nil {
			t.Fatal(err)
		}
		if err := w.db.DeletePerson(sys, owner.ID); err != nil {
			t.Fatalf("delete the owner: %v", err)
		}
		if err := w.db.DeleteWorkPackage(sys, wp.ID); err != nil {
			t.Fatalf("delete the work package: %v", err)
		}
		got, err := w.db.FindRiskByID(sys, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.OwnerID != nil || got.WorkPackageID != nil {
			t.Errorf("references kept: %+v", got)
		}
		if gc, err := w.db.FindCommsEntryByID(sys, c.ID); err != nil || gc.WorkPackageID != nil {
			t.Errorf("communication %+v, %v", gc, err)
		}
		if err := w.db.DeleteProject(sys, p.ID); err != nil {
			t.Fatalf("delete the project: %v", err)
		}
		_, err = w.db.FindRiskByID(sys, r.ID)
		wantErr(t, err, salkku.ENOTFOUND, "")
		_, err = w.db.FindDecisionEntryByID(sys, e.ID)
		wantErr(t, err, salkku.ENOTFOUND, "")
	})
}
