package sqldb_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
)

// decide requests the project's next gate and records an approval of it,
// closing every open required item as not applicable first when asked.
func decide(t *testing.T, ctx context.Context, db *sqldb.DB, projectID int64, gate, decision string) *salkku.GateDecision {
	t.Helper()
	if err := db.RequestGate(ctx, &salkku.GateRequest{ProjectID: projectID, Gate: gate}); err != nil {
		t.Fatalf("request %s: %v", gate, err)
	}
	d := &salkku.GateDecision{ProjectID: projectID, Gate: gate, DecidedOn: "2021-11-22", Decision: decision}
	if err := db.RecordDecision(ctx, d); err != nil {
		t.Fatalf("decide %s: %v", gate, err)
	}
	return d
}

// closeRequired marks every required item of the project's phase not
// applicable.
func closeRequired(t *testing.T, ctx context.Context, db *sqldb.DB, projectID int64) {
	t.Helper()
	g, err := db.FindProjectGates(ctx, projectID)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range salkku.OpenItems(g.Model.Phase(g.Position.Phase), g.Marks) {
		if err := db.MarkItem(ctx, projectID, &salkku.CheckMark{ItemKey: it.Key, State: salkku.CheckNotApplicable, Reason: salkku.T("Ei koske tätä hanketta")}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestGatesWalk(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		ctx := salkku.System(t.Context())
		p := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "2.1"})
		if p.Phase != "proposal" || p.NextGate != "P0" || p.Status != salkku.StatusProposed || p.ModelID == 0 {
			t.Fatalf("new project at %q/%q status %q model %d", p.Phase, p.NextGate, p.Status, p.ModelID)
		}
		want := []struct{ gate, phase, next, status string }{
			{"P0", "prestudy", "P1", salkku.StatusProposed},
			{"P1", "planning", "P2", salkku.StatusProposed},
			{"P2", "planning", "P3", salkku.StatusProposed},
			{"P3", "implementation", "P4", salkku.StatusActive},
			{"P4", "deployment", "P5", salkku.StatusActive},
			{"P5", "closing", "P6", salkku.StatusActive},
			{"P6", "closing", "", salkku.StatusClosed},
		}
		for _, step := range want {
			closeRequired(t, ctx, w.db, p.ID)
			decide(t, ctx, w.db, p.ID, step.gate, salkku.DecisionApproved)
			got, err := w.db.FindProjectByID(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Phase != step.phase || got.NextGate != step.next || got.Status != step.status {
				t.Fatalf("after %s: %q/%q %q, want %q/%q %q", step.gate, got.Phase, got.NextGate, got.Status, step.phase, step.next, step.status)
			}
		}
		g, err := w.db.FindProjectGates(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		// History: the placement at creation, then a request and a
		// decision for each of the seven gates.
		if len(g.History) != 1+2*7 || g.History[0].Kind != salkku.EventPlaced || len(g.Decisions) != 7 {
			t.Fatalf("history %d entries (first %q), %d decisions", len(g.History), g.History[0].Kind, len(g.Decisions))
		}
		last := g.History[len(g.History)-1]
		if last.Kind != salkku.EventDecided || last.Decision == nil || last.Decision.Gate != "P6" || last.Decision.From.Gate != "P6" {
			t.Fatalf("last event %+v", last)
		}
		// A closed project takes no more decisions.
		err = w.db.RecordDecision(ctx, &salkku.GateDecision{ProjectID: p.ID, Gate: "P6", DecidedOn: "2021-11-22", Decision: salkku.DecisionApproved})
		wantErr(t, err, salkku.EINVALID, "")
	})
}

func TestGateRules(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		ctx := salkku.System(t.Context())
		p := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "2.2", Phase: "planning"})
		if p.Phase != "planning" || p.NextGate != "P2" {
			t.Fatalf("placed at %q/%q", p.Phase, p.NextGate)
		}
		unchanged := func(t *testing.T) {
			t.Helper()
			got, _ := w.db.FindProjectByID(ctx, p.ID)
			if got.Phase != p.Phase || got.NextGate != p.NextGate || got.Version != p.Version {
				t.Fatalf("project moved to %q/%q v%d", got.Phase, got.NextGate, got.Version)
			}
		}

		t.Run("SkipGate", func(t *testing.T) {
			err := w.db.RecordDecision(ctx, &salkku.GateDecision{ProjectID: p.ID, Gate: "P4", DecidedOn: "2021-11-22", Decision: salkku.DecisionApproved})
			wantErr(t, err, salkku.EINVALID, "gate")
			var e *salkku.Error
			if !errorsAs(err, &e) || e.Message != "error.gate_not_taken" || e.Args[0] != "P2" {
				t.Fatalf("error %v, want one naming P2", err)
			}
			unchanged(t)
		})

		t.Run("OpenRequiredItems", func(t *testing.T) {
			// Planning's cost-benefit analysis is required; P3 leaves the
			// phase, so P2 passes but P3 does not.
			decide(t, ctx, w.db, p.ID, "P2", salkku.DecisionApproved)
			p, _ = w.db.FindProjectByID(ctx, p.ID)
			if err := w.db.RequestGate(ctx, &salkku.GateRequest{ProjectID: p.ID}); err != nil {
				t.Fatal(err)
			}
			err := w.db.RecordDecision(ctx, &salkku.GateDecision{ProjectID: p.ID, Gate: "P3", DecidedOn: "2021-11-22", Decision: salkku.DecisionApproved})
			var e *salkku.Error
			if !errorsAs(err, &e) || e.Message != "error.gate_open_items" {
				t.Fatalf("error %v, want open items", err)
			}
			unchanged(t)
			g, _ := w.db.FindProjectGates(ctx, p.ID)
			open := salkku.OpenItems(g.Model.Phase("planning"), g.Marks)
			if len(open) == 0 {
				t.Fatal("planning has no required item")
			}
			d := &salkku.GateDecision{ProjectID: p.ID, Gate: "P3", DecidedOn: "2021-11-22", Decision: salkku.DecisionApprovedConditions}
			for _, it := range open {
				d.Conditions = append(d.Conditions, salkku.Condition{Text: salkku.T("Analyysi valmiiksi"), ItemKey: it.Key, OwnerID: &w.aino.ID, Due: "2021-12-31"})
			}
			if err := w.db.RecordDecision(ctx, d); err != nil {
				t.Fatal(err)
			}
			p, _ = w.db.FindProjectByID(ctx, p.ID)
			if p.Phase != "implementation" || p.Status != salkku.StatusActive {
				t.Fatalf("after conditional approval: %q %q", p.Phase, p.Status)
			}
			over, err := w.db.FindOverdueConditions(ctx, w.pf.ID, "2022-01-15")
			if err != nil || len(over) != len(open) || over[0].OwnerName != "Aino Aalto" || over[0].Gate != "P3" {
				t.Fatalf("overdue %v %+v", err, over)
			}
			if err := w.db.MeetCondition(ctx, over[0].ID); err != nil {
				t.Fatal(err)
			}
			if over, _ := w.db.FindOverdueConditions(ctx, w.pf.ID, "2022-01-15"); len(over) != len(open)-1 {
				t.Fatalf("met condition still overdue: %d", len(over))
			}
		})

		t.Run("ReturnedNeedsNewRequest", func(t *testing.T) {
			decide(t, ctx, w.db, p.ID, "P4", salkku.DecisionReturned)
			p, _ = w.db.FindProjectByID(ctx, p.ID)
			if p.NextGate != "P4" {
				t.Fatalf("returned moved the project to %q", p.NextGate)
			}
			err := w.db.RecordDecision(ctx, &salkku.GateDecision{ProjectID: p.ID, Gate: "P4", DecidedOn: "2021-11-22", Decision: salkku.DecisionApproved})
			var e *salkku.Error
			if !errorsAs(err, &e) || e.Message != "error.gate_needs_request" {
				t.Fatalf("error %v, want a new request needed", err)
			}
			unchanged(t)
			err = w.db.RequestGate(ctx, &salkku.GateRequest{ProjectID: p.ID, Gate: "P5"})
			wantErr(t, err, salkku.EINVALID, "gate")
			decide(t, ctx, w.db, p.ID, "P4", salkku.DecisionApproved)
		})

		t.Run("SecondRequest", func(t *testing.T) {
			if err := w.db.RequestGate(ctx, &salkku.GateRequest{ProjectID: p.ID, PlannedFor: "2022-01-14"}); err != nil {
				t.Fatal(err)
			}
			wantErr(t, w.db.RequestGate(ctx, &salkku.GateRequest{ProjectID: p.ID}), salkku.ECONFLICT, "")
			ws, err := w.db.FindWaiting(ctx, salkku.GateFilter{PortfolioID: w.pf.ID, Level: salkku.LevelSteering})
			if err != nil || len(ws) != 1 || ws[0].Project.ID != p.ID || ws[0].Gate.Code != "P5" || ws[0].Request.PlannedFor != "2022-01-14" || ws[0].Project.Name.FI == "" {
				t.Fatalf("waiting %v %+v", err, ws)
			}
			if ws, _ := w.db.FindWaiting(ctx, salkku.GateFilter{PortfolioID: w.pf.ID, Level: salkku.LevelPortfolio}); len(ws) != 0 {
				t.Fatalf("waiting on the board: %d", len(ws))
			}
			if err := w.db.CancelGateRequest(ctx, p.ID); err != nil {
				t.Fatal(err)
			}
			if ws, _ := w.db.FindWaiting(ctx, salkku.GateFilter{PortfolioID: w.pf.ID}); len(ws) != 0 {
				t.Fatalf("cancelled request still waiting: %d", len(ws))
			}
		})

		t.Run("Stopped", func(t *testing.T) {
			decide(t, ctx, w.db, p.ID, "P5", salkku.DecisionStopped)
			got, _ := w.db.FindProjectByID(ctx, p.ID)
			if got.Status != salkku.StatusCancelled || got.NextGate != "" {
				t.Fatalf("stopped project: %q next %q", got.Status, got.NextGate)
			}
		})

		t.Run("StatusNotByHand", func(t *testing.T) {
			q := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "2.9"})
			q.Status = salkku.StatusClosed
			wantErr(t, w.db.UpdateProject(ctx, q), salkku.EINVALID, "status")
			got, _ := w.db.FindProjectByID(ctx, q.ID)
			if got.Status != salkku.StatusProposed || got.Version != 1 {
				t.Fatalf("status %q v%d", got.Status, got.Version)
			}
		})

		t.Run("PhaseCounts", func(t *testing.T) {
			for _, code := range []string{"3.1", "3.2"} {
				mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: code, Status: salkku.StatusActive})
			}
			cs, err := w.db.CountPhases(ctx, w.pf.ID)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, c := range cs {
				got[c.Phase+"/"+c.Status] += c.Count
			}
			if got["implementation/active"] != 2 || got["proposal/proposed"] != 1 || got["deployment/cancelled"] != 1 {
				t.Fatalf("counts %v", got)
			}
			ps, n, err := w.db.FindProjects(ctx, salkku.ProjectFilter{PortfolioID: &w.pf.ID, Phase: "implementation"})
			if err != nil || n != 2 || len(ps) != 2 {
				t.Fatalf("implementation: %d %v", n, err)
			}
		})
	})
}

func TestGateChecklist(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		ctx := salkku.System(t.Context())
		p := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "5.1", Phase: "deployment"})
		g, _ := w.db.FindProjectGates(ctx, p.ID)
		dep := g.Model.Phase("deployment")
		if dep == nil || len(dep.Checklist) == 0 || len(dep.Deliverables) == 0 || len(dep.Tasks) == 0 {
			t.Fatalf("deployment phase %+v", dep)
		}
		item := dep.Checklist[0].Key
		wantErr(t, w.db.MarkItem(ctx, p.ID, &salkku.CheckMark{ItemKey: item, State: salkku.CheckNotApplicable}), salkku.EINVALID, "reason.fi")
		wantErr(t, w.db.MarkItem(ctx, p.ID, &salkku.CheckMark{ItemKey: "no-such", State: salkku.CheckDone}), salkku.ENOTFOUND, "")
		if err := w.db.MarkItem(ctx, p.ID, &salkku.CheckMark{ItemKey: item, State: salkku.CheckDone}); err != nil {
			t.Fatal(err)
		}
		link := &salkku.DeliverableLink{ItemKey: dep.Deliverables[0].Key, URL: "https://intra.naantali.fi/tietoturva.docx"}
		if err := w.db.SetDeliverableLink(ctx, p.ID, link); err != nil {
			t.Fatal(err)
		}
		wantErr(t, w.db.SetDeliverableLink(ctx, p.ID, &salkku.DeliverableLink{ItemKey: dep.Deliverables[0].Key, URL: "javascript:alert(1)"}), salkku.EINVALID, "url")
		g, _ = w.db.FindProjectGates(ctx, p.ID)
		if m := g.Marks[item]; m.State != salkku.CheckDone || m.MarkedAt.IsZero() {
			t.Fatalf("mark %+v", m)
		}
		if g.Links[link.ItemKey].URL != link.URL {
			t.Fatalf("links %+v", g.Links)
		}
		// The architect is named on the project; the project manager
		// comes from its field and cannot be named here.
		if err := w.db.SetRolePeople(ctx, p.ID, "architect", []int64{w.kristiina.ID, w.jukka.ID}); err != nil {
			t.Fatal(err)
		}
		wantErr(t, w.db.SetRolePeople(ctx, p.ID, "project_manager", []int64{w.jukka.ID}), salkku.EINVALID, "people")
		wantErr(t, w.db.SetRolePeople(ctx, p.ID, "architect", []int64{99999}), salkku.EINVALID, "people")
		p.ManagerID = &w.aino.ID
		if err := w.db.UpdateProject(ctx, p); err != nil {
			t.Fatal(err)
		}
		g, _ = w.db.FindProjectGates(ctx, p.ID)
		if h := g.Holders("architect"); len(h) != 2 || h[0].Name != "Kristiina Taskinen" {
			t.Fatalf("architects %+v", h)
		}
		if h := g.Holders("project_manager"); len(h) != 1 || h[0].Name != "Aino Aalto" {
			t.Fatalf("project manager %+v", h)
		}
		if err := w.db.UnmarkItem(ctx, p.ID, item); err != nil {
			t.Fatal(err)
		}
		g, _ = w.db.FindProjectGates(ctx, p.ID)
		if _, ok := g.Marks[item]; ok {
			t.Fatal("unmarked item still marked")
		}
	})
}

// TestGateAccess: who may do what on a project's gates, with users whose
// seats come from the steering group and the portfolio's board.
func TestGateAccess(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		sys := salkku.System(t.Context())
		p := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "4.2", Phase: "planning"})
		as := func(email string, person *salkku.Person) context.Context {
			t.Helper()
			u := &salkku.User{Email: email, Name: person.Name}
			person.Email = email
			if err := w.db.UpdatePerson(sys, person); err != nil {
				t.Fatal(err)
			}
			if err := w.db.CreateUser(sys, u, testPassword); err != nil {
				t.Fatal(err)
			}
			return ctxFor(t, w.db, u.ID)
		}
		if err := w.db.SetSteeringGroup(sys, p.ID, []salkku.SteeringGroupMember{{PersonID: w.jukka.ID, Role: salkku.SteeringChair}}); err != nil {
			t.Fatal(err)
		}
		w.pf.BoardIDs = []int64{w.aino.ID}
		if err := w.db.UpdatePortfolio(sys, w.pf); err != nil {
			t.Fatal(err)
		}
		steering := as("jukka@naantali.fi", w.jukka)
		board := as("aino@naantali.fi", w.aino)

		// The steering group's chair sees the project but cannot decide
		// P2, the board's gate, nor tick the checklist.
		if _, err := w.db.FindProjectGates(steering, p.ID); err != nil {
			t.Fatalf("steering group member cannot see the project: %v", err)
		}
		if err := w.db.RequestGate(sys, &salkku.GateRequest{ProjectID: p.ID}); err != nil {
			t.Fatal(err)
		}
		d := &salkku.GateDecision{ProjectID: p.ID, Gate: "P2", DecidedOn: "2021-11-22", Decision: salkku.DecisionApproved}
		wantErr(t, w.db.RecordDecision(steering, d), salkku.EFORBIDDEN, "")
		wantErr(t, w.db.MarkItem(steering, p.ID, &salkku.CheckMark{ItemKey: "planning-cost-benefit", State: salkku.CheckDone}), salkku.EFORBIDDEN, "")
		if err := w.db.RecordDecision(board, d); err != nil {
			t.Fatalf("board member: %v", err)
		}
		// P3 is the steering group's.
		closeRequired(t, sys, w.db, p.ID)
		if err := w.db.RequestGate(sys, &salkku.GateRequest{ProjectID: p.ID}); err != nil {
			t.Fatal(err)
		}
		if err := w.db.RecordDecision(steering, &salkku.GateDecision{ProjectID: p.ID, Gate: "P3", DecidedOn: "2021-11-22", Decision: salkku.DecisionApproved}); err != nil {
			t.Fatalf("steering group chair: %v", err)
		}
		// A steering group of two chairs is refused.
		err := w.db.SetSteeringGroup(sys, p.ID, []salkku.SteeringGroupMember{{PersonID: w.jukka.ID, Role: salkku.SteeringChair}, {PersonID: w.aino.ID, Role: salkku.SteeringChair}})
		wantErr(t, err, salkku.EINVALID, "members")
	})
}

func TestModelVersions(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		ctx := salkku.System(t.Context())
		p := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "1.1"})
		ms, err := w.db.FindModels(ctx, w.org.ID)
		if err != nil || len(ms) != 1 || ms[0].PublishedAt == nil || ms[0].Projects != 1 {
			t.Fatalf("models %v %+v", err, ms)
		}
		v1 := ms[0]
		v1.Name = salkku.T("Muutettu")
		wantErr(t, w.db.UpdateModel(ctx, v1), salkku.EINVALID, "")
		v2, err := w.db.NewModelVersion(ctx, w.org.ID)
		if err != nil || v2.Number != 2 || v2.PublishedAt != nil {
			t.Fatalf("new version %v %+v", err, v2)
		}
		_, err = w.db.NewModelVersion(ctx, w.org.ID)
		wantErr(t, err, salkku.ECONFLICT, "")

		// A repeated gate is a cycle, named at its field; nothing changes.
		bad := *v2
		bad.Phases = append([]salkku.Phase(nil), v2.Phases...)
		bad.Phases[1].Gates = []salkku.Gate{bad.Phases[0].Gates[0]}
		wantErr(t, w.db.UpdateModel(ctx, &bad), salkku.EINVALID, "phases.1.gates.0.code")
		noGate := *v2
		noGate.Phases = append([]salkku.Phase(nil), v2.Phases...)
		noGate.Phases[2].Gates = nil
		wantErr(t, w.db.UpdateModel(ctx, &noGate), salkku.EINVALID, "phases.2.gates")

		v2.Phases[0].Name = salkku.Text{FI: "Hanke-esitys"}
		if err := w.db.UpdateModel(ctx, v2); err != nil {
			t.Fatal(err)
		}
		if err := w.db.PublishModel(ctx, v2.ID, v2.Version); err != nil {
			t.Fatal(err)
		}
		// New projects follow version 2; the old one stays on 1 until moved.
		q := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "1.2"})
		if q.ModelID != v2.ID {
			t.Fatalf("new project on model %d, want %d", q.ModelID, v2.ID)
		}
		g, _ := w.db.FindProjectGates(ctx, p.ID)
		if g.Model.ID != v1.ID || g.Newer == nil || g.Newer.ID != v2.ID {
			t.Fatalf("old project on %d, newer %+v", g.Model.ID, g.Newer)
		}
		if err := w.db.MoveProjectModel(ctx, p.ID, v2.ID); err != nil {
			t.Fatal(err)
		}
		g, _ = w.db.FindProjectGates(ctx, p.ID)
		if g.Model.ID != v2.ID || g.Model.Phases[0].Name.FI != "Hanke-esitys" || g.History[len(g.History)-1].Kind != salkku.EventModel {
			t.Fatalf("moved project on %d", g.Model.ID)
		}
		wantErr(t, w.db.DeleteModel(ctx, v2.ID), salkku.EINVALID, "")
	})
}

// TestPlaceByStatusNames: a project brought in with a status stands where
// the built-in model puts that status.
func TestPlaceByStatusNames(t *testing.T) {
	m := salkku.DefaultModel()
	for status, want := range map[string]string{salkku.StatusProposed: "proposal/P0", salkku.StatusActive: "implementation/P4", salkku.StatusClosed: "closing/", salkku.StatusCancelled: "proposal/"} {
		pos, ok := m.PlaceByStatus(status)
		if got := pos.Phase + "/" + pos.Gate; !ok || got != want {
			t.Errorf("%s: %s, want %s", status, got, want)
		}
	}
	if !strings.HasPrefix(m.Phases[0].Gates[0].Code, "P") {
		t.Error("default gates are not P0…")
	}
}

func errorsAs(err error, e **salkku.Error) bool { return errors.As(err, e) }

// ctxFor is a caller context for the user, with the access the store
// computes for them.
func ctxFor(t *testing.T, db *sqldb.DB, userID int64) context.Context {
	t.Helper()
	a, err := db.FindAccess(salkku.System(t.Context()), userID)
	if err != nil {
		t.Fatal(err)
	}
	return salkku.WithCaller(t.Context(), salkku.Actor{UserID: userID, Name: "testi"}, a)
}

// TestModelReadsAreCopies: what one caller changes in a model it read
// does not reach the next reader (the store keeps decoded versions).
func TestModelReadsAreCopies(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		ctx := salkku.System(t.Context())
		p := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "8.1"})
		g, err := w.db.FindProjectGates(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		g.Model.Phases[0].Name.FI = "Muutettu"
		g.Model.Phases[0].Gates[0].Code = "X0"
		again, _ := w.db.FindProjectGates(ctx, p.ID)
		if again.Model.Phases[0].Name.FI != "Esitys/ehdotus" || again.Model.Phases[0].Gates[0].Code != "P0" {
			t.Fatalf("a reader's change reached the next: %q %q", again.Model.Phases[0].Name.FI, again.Model.Phases[0].Gates[0].Code)
		}
		// A new version of a draft is read anew.
		d, err := w.db.NewModelVersion(ctx, w.org.ID)
		if err != nil {
			t.Fatal(err)
		}
		d.Phases[0].Name = salkku.Text{FI: "Hanke-esitys"}
		if err := w.db.UpdateModel(ctx, d); err != nil {
			t.Fatal(err)
		}
		got, _ := w.db.FindModelByID(ctx, d.ID)
		if got.Phases[0].Name.FI != "Hanke-esitys" || got.Projects != 0 {
			t.Fatalf("draft after update: %q, %d projects", got.Phases[0].Name.FI, got.Projects)
		}
	})
}
