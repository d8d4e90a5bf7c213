package salkku_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/salkku/salkku"
)

// stateAt is a project of the built-in model standing before gate.
func stateAt(t *testing.T, gate string) salkku.GateState {
	t.Helper()
	m := salkku.DefaultModel()
	m.ID = 1
	g, ok := m.Gate(gate)
	if !ok {
		t.Fatalf("no gate %s", gate)
	}
	return salkku.GateState{Model: m, Position: salkku.Position{Phase: g.Phase.Key, Gate: gate}, Status: g.Phase.Status, Requested: true, Today: "2022-01-14"}
}

func TestCheckDecision(t *testing.T) {
	all := salkku.Languages{Used: salkku.ContentLangs, Required: []string{salkku.LangFI}}
	planningItem := salkku.CheckItem{Key: "planning-cost-benefit", Required: true}
	for _, tc := range []struct {
		name   string
		at     string
		change func(*salkku.GateState, *salkku.GateDecision)
		// want is the status after, or the error message / field.
		want, msg, field string
		to               salkku.Position
	}{
		{name: "ApproveMoves", at: "P0", want: salkku.StatusProposed, to: salkku.Position{Phase: "prestudy", Gate: "P1"}},
		{name: "ApproveInsidePhase", at: "P2", want: salkku.StatusProposed, to: salkku.Position{Phase: "planning", Gate: "P3"},
			change: func(st *salkku.GateState, d *salkku.GateDecision) { st.Open = []salkku.CheckItem{planningItem} }},
		{name: "ApproveStartsImplementation", at: "P3", want: salkku.StatusActive, to: salkku.Position{Phase: "implementation", Gate: "P4"}},
		{name: "LastGateCloses", at: "P6", want: salkku.StatusClosed, to: salkku.Position{Phase: "closing"}},
		{name: "Returned", at: "P1", want: salkku.StatusProposed, to: salkku.Position{Phase: "prestudy", Gate: "P1"},
			change: func(st *salkku.GateState, d *salkku.GateDecision) { d.Decision = salkku.DecisionReturned }},
		{name: "RejectedCancels", at: "P1", want: salkku.StatusCancelled, to: salkku.Position{Phase: "prestudy"},
			change: func(st *salkku.GateState, d *salkku.GateDecision) { d.Decision = salkku.DecisionRejected }},
		{name: "StoppedCancels", at: "P4", want: salkku.StatusCancelled, to: salkku.Position{Phase: "implementation"},
			change: func(st *salkku.GateState, d *salkku.GateDecision) { d.Decision = salkku.DecisionStopped }},
		{name: "SkipGate", at: "P2", msg: "error.gate_not_taken", field: "gate",
			change: func(st *salkku.GateState, d *salkku.GateDecision) { d.Gate = "P4" }},
		{name: "PassedGate", at: "P2", msg: "error.gate_already_passed", field: "gate",
			change: func(st *salkku.GateState, d *salkku.GateDecision) { d.Gate = "P1" }},
		{name: "UnknownGate", at: "P2", msg: "error.gate_unknown", field: "gate",
			change: func(st *salkku.GateState, d *salkku.GateDecision) { d.Gate = "P9" }},
		{name: "SecondWithoutRequest", at: "P2", msg: "error.gate_needs_request",
			change: func(st *salkku.GateState, d *salkku.GateDecision) { st.Requested, st.Decided = false, true }},
		{name: "FirstWithoutRequest", at: "P2", want: salkku.StatusProposed, to: salkku.Position{Phase: "planning", Gate: "P3"},
			change: func(st *salkku.GateState, d *salkku.GateDecision) { st.Requested = false }},
		{name: "OpenRequiredItems", at: "P3", msg: "error.gate_open_items", field: "conditions",
			change: func(st *salkku.GateState, d *salkku.GateDecision) { st.Open = []salkku.CheckItem{planningItem} }},
		{name: "OpenItemsAsConditions", at: "P3", want: salkku.StatusActive, to: salkku.Position{Phase: "implementation", Gate: "P4"},
			change: func(st *salkku.GateState, d *salkku.GateDecision) {
				st.Open = []salkku.CheckItem{planningItem}
				d.Decision = salkku.DecisionApprovedConditions
				d.Conditions = []salkku.Condition{{Text: salkku.T("Kustannushyötyanalyysi valmiiksi"), ItemKey: planningItem.Key, Due: "2022-03-31"}}
			}},
		{name: "OpenItemsDoNotStopReturn", at: "P3", want: salkku.StatusProposed, to: salkku.Position{Phase: "planning", Gate: "P3"},
			change: func(st *salkku.GateState, d *salkku.GateDecision) {
				st.Open = []salkku.CheckItem{planningItem}
				d.Decision = salkku.DecisionReturned
			}},
		{name: "ConditionsNeedTheirKind", at: "P0", field: "conditions", msg: "error.invalid",
			change: func(st *salkku.GateState, d *salkku.GateDecision) {
				d.Conditions = []salkku.Condition{{Text: salkku.T("Ehto")}}
			}},
		{name: "ConditionalNeedsConditions", at: "P0", field: "conditions", msg: "error.invalid",
			change: func(st *salkku.GateState, d *salkku.GateDecision) { d.Decision = salkku.DecisionApprovedConditions }},
		{name: "ConditionDueBeforeDecision", at: "P0", field: "conditions.0.due", msg: "error.invalid",
			change: func(st *salkku.GateState, d *salkku.GateDecision) {
				d.Decision = salkku.DecisionApprovedConditions
				d.Conditions = []salkku.Condition{{Text: salkku.T("Ehto"), Due: "2022-01-13"}}
			}},
		{name: "FutureDate", at: "P0", field: "decided_on", msg: "error.invalid",
			change: func(st *salkku.GateState, d *salkku.GateDecision) { d.DecidedOn = "2022-01-15" }},
		{name: "NoDate", at: "P0", field: "decided_on", msg: "error.invalid",
			change: func(st *salkku.GateState, d *salkku.GateDecision) { d.DecidedOn = "" }},
		{name: "UnknownKind", at: "P0", field: "decision", msg: "error.invalid",
			change: func(st *salkku.GateState, d *salkku.GateDecision) { d.Decision = "maybe" }},
		{name: "LevelBelowGate", at: "P0", field: "level", msg: "error.invalid",
			change: func(st *salkku.GateState, d *salkku.GateDecision) { d.Level = salkku.LevelProject }},
		{name: "EscalatedLevel", at: "P4", want: salkku.StatusActive, to: salkku.Position{Phase: "deployment", Gate: "P5"},
			change: func(st *salkku.GateState, d *salkku.GateDecision) { d.Level = salkku.LevelPortfolio }},
		{name: "BadMinutesLink", at: "P0", field: "minutes_url", msg: "error.invalid",
			change: func(st *salkku.GateState, d *salkku.GateDecision) { d.MinutesURL = "javascript:alert(1)" }},
		{name: "ClosedProject", at: "P6", msg: "error.gate_project_closed",
			change: func(st *salkku.GateState, d *salkku.GateDecision) { st.Status = salkku.StatusClosed }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := stateAt(t, tc.at)
			g, _ := st.Model.Gate(tc.at)
			d := &salkku.GateDecision{Gate: tc.at, DecidedOn: "2022-01-14", Level: g.Level, Decision: salkku.DecisionApproved}
			if tc.change != nil {
				tc.change(&st, d)
			}
			status, err := salkku.CheckDecision(st, d, all)
			if tc.msg != "" {
				var e *salkku.Error
				if !errors.As(err, &e) || e.Message != tc.msg || tc.field != "" && e.Fields[tc.field] == "" {
					t.Fatalf("error %v, want %s at %q", err, tc.msg, tc.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if status != tc.want || d.To != tc.to || d.From != st.Position {
				t.Fatalf("status %q to %+v from %+v, want %q to %+v", status, d.To, d.From, tc.want, tc.to)
			}
		})
	}
}

func TestGateNotTakenNamesTheGate(t *testing.T) {
	st := stateAt(t, "P2")
	_, err := salkku.CheckDecision(st, &salkku.GateDecision{Gate: "P4", DecidedOn: "2022-01-14", Level: salkku.LevelSteering, Decision: salkku.DecisionApproved}, salkku.DefaultLanguages())
	var e *salkku.Error
	if !errors.As(err, &e) || len(e.Args) != 2 || e.Args[0] != "P2" || e.Args[1].(salkku.Text).FI != "Toteutuspäätös" {
		t.Fatalf("error %v, want it to name P2 Toteutuspäätös", err)
	}
}

func TestModelValidate(t *testing.T) {
	all := salkku.Languages{Used: salkku.ContentLangs, Required: []string{salkku.LangFI}}
	for _, tc := range []struct {
		name   string
		change func(m *salkku.Model)
		field  string
		key    string
	}{
		{"RepeatedGate", func(m *salkku.Model) { m.Phases[3].Gates[0].Code = "P1" }, "phases.3.gates.0.code", "error.model_cycle"},
		{"RepeatedPhase", func(m *salkku.Model) { m.Phases[4].Key = m.Phases[1].Key }, "phases.4.key", "error.model_cycle"},
		{"MissingGate", func(m *salkku.Model) { m.Phases[2].Gates = nil }, "phases.2.gates", "error.model_missing_gate"},
		{"NoPhases", func(m *salkku.Model) { m.Phases = nil }, "phases", "error.model_no_phase"},
		{"BadLevel", func(m *salkku.Model) { m.Phases[0].Gates[0].Level = "council" }, "phases.0.gates.0.level", "error.level"},
		{"UnknownRole", func(m *salkku.Model) { m.Phases[4].Tasks[0].Role = "janitor" }, "phases.4.tasks.0.role", "error.model_unknown_role"},
		{"BadKey", func(m *salkku.Model) { m.Phases[4].Checklist[0].Key = "Iso Avain" }, "phases.4.checklist.0.key", "error.key"},
		{"DuplicateItemKey", func(m *salkku.Model) { m.Phases[4].Checklist[1].Key = m.Phases[4].Checklist[0].Key }, "phases.4.checklist.1.key", "error.duplicate"},
		{"GateNeedsName", func(m *salkku.Model) { m.Phases[1].Gates[0].Name = salkku.Text{} }, "phases.1.gates.0.name.fi", "error.required"},
		{"BadTemplate", func(m *salkku.Model) { m.Phases[4].Deliverables[0].Template = "ftp://x" }, "phases.4.deliverables.0.template", "error.link"},
		{"PhaseStatus", func(m *salkku.Model) { m.Phases[0].Status = salkku.StatusClosed }, "phases.0.status", "error.status"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := salkku.DefaultModel()
			m.OrganisationID = 1
			if err := m.Validate(all); err != nil {
				t.Fatalf("default model: %v", err)
			}
			tc.change(m)
			var e *salkku.Error
			if err := m.Validate(all); !errors.As(err, &e) || e.Fields[tc.field] != tc.key {
				t.Fatalf("got %v, want %s at %s", err, tc.key, tc.field)
			}
		})
	}
}

func TestGateAccessPredicates(t *testing.T) {
	p := &salkku.Project{Meta: salkku.Meta{ID: 10}, PortfolioID: 2}
	office := accessOf(false, onPortfolio(salkku.RoleProjectOffice, 2))
	viewer := accessOf(false, onPortfolio(salkku.RoleViewer, 2))
	manager := accessOf(false, &salkku.Grant{UserID: 7, Role: salkku.RoleProjectManager, ProjectID: ptr(10)})
	steering := accessOf(false)
	steering.AddBodies(map[int64]int64{10: 2}, nil, testOrgOf)
	board := accessOf(false)
	board.AddBodies(nil, []int64{2}, testOrgOf)
	portfolioSteering := accessOf(false, onPortfolio(salkku.RoleSteeringGroup, 2))
	admin := accessOf(true)
	var nobody *salkku.Access
	for _, tc := range []struct {
		name                                           string
		a                                              *salkku.Access
		view, work, group, portfolio, steer, inProject bool
	}{
		{"admin", admin, true, true, true, true, true, true},
		{"office", office, true, true, true, true, true, true},
		{"viewer", viewer, true, false, false, false, false, false},
		{"manager", manager, true, true, false, false, false, true},
		{"steering group", steering, true, false, false, false, true, false},
		{"board", board, true, false, false, true, false, false},
		{"portfolio steering group", portfolioSteering, true, false, false, true, false, false},
		{"nobody", nobody, false, false, false, false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := [...]bool{tc.a.CanViewProject(p), tc.a.CanWorkOnGates(p), tc.a.CanSetSteeringGroup(p),
				tc.a.CanRecordDecision(p, salkku.LevelPortfolio), tc.a.CanRecordDecision(p, salkku.LevelSteering), tc.a.CanRecordDecision(p, salkku.LevelProject)}
			want := [...]bool{tc.view, tc.work, tc.group, tc.portfolio, tc.steer, tc.inProject}
			if got != want {
				t.Errorf("view, work, group, portfolio, steering, project = %v, want %v", got, want)
			}
		})
	}
	if !steering.CanViewPortfolio(2) || steering.Organisations[100] != salkku.RoleViewer {
		t.Errorf("a steering-group seat shows the portfolio and the organisation: %+v", steering)
	}
	if v := board.Visibility(); len(v.PortfolioIDs) != 1 || v.PortfolioIDs[0] != 2 {
		t.Errorf("a board seat lists the portfolio's projects: %+v", v)
	}
	if !office.CanEditModel(100) || viewer.CanEditModel(100) || office.CanEditModel(200) {
		t.Error("the model is edited by the organisation's project offices and owners")
	}
}

// TestModelClone: a clone shares nothing that changing it could reach.
func TestModelClone(t *testing.T) {
	m := salkku.DefaultModel()
	want, _ := json.Marshal(m)
	c := m.Clone()
	c.Name.FI = "x"
	c.Roles[0].Name.FI = "x"
	dep := &c.Phases[4]
	dep.Name.FI, dep.Gates[0].Code, dep.Checklist[0].Text.FI, dep.Deliverables[0].Name.FI = "x", "x", "x", "x"
	dep.Tasks[0].Text.FI, dep.Stages[0].Sections[1].Items[0].FI, dep.Stages[1].Items[0].FI = "x", "x", "x"
	for i := range dep.Tasks {
		if len(dep.Tasks[i].Sub) > 0 {
			dep.Tasks[i].Sub[0].FI = "x"
		}
	}
	if got, _ := json.Marshal(m); string(got) != string(want) {
		t.Fatal("changing the clone changed the model")
	}
	if got, _ := json.Marshal(m.Clone()); string(got) != string(want) {
		t.Fatal("the clone differs from the model")
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]salkku.Date{
		"2022-01-14": "2022-01-14", "14.1.2022": "2022-01-14", " 1.12.2026 ": "2026-12-01", "01.02.2021": "2021-02-01",
		"31.2.2022": "", "2022-13-01": "", "14/1/2022": "", "": "", "1.12.26": "",
	} {
		got, ok := salkku.ParseDate(in)
		if got != want || ok != (want != "") {
			t.Errorf("ParseDate(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
}

// FuzzParseDate: any input either fails or gives a valid day that reads
// back as itself.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2022-01-14", "14.1.2022", "31.12.9999", "0.0.0", "2022-1-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := salkku.ParseDate(s)
		if !ok {
			return
		}
		if !d.Valid() {
			t.Fatalf("ParseDate(%q) = %q, not a valid day", s, d)
		}
		if again, ok := salkku.ParseDate(string(d)); !ok || again != d {
			t.Fatalf("%q reads back as %q", d, again)
		}
	})
}
