package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/salkku/salkku"
)

// The project model and gates through the API: the same rules as the
// pages, checked by the store, answered as the register's errors are.

// gateCaller signs a user in with an API token: a grant of role on the
// world's portfolio when role is set; linked to person when its e-mail is
// given.
func (a *apiTest) gateCaller(email, role string, portfolioID int64) string {
	a.t.Helper()
	ctx := salkku.System(context.Background())
	u := &salkku.User{Email: email, Name: email}
	if err := a.db.CreateUser(ctx, u, ""); err != nil {
		a.t.Fatal(err)
	}
	if role != "" {
		if err := a.db.CreateGrant(ctx, &salkku.Grant{UserID: u.ID, Role: role, PortfolioID: &portfolioID}); err != nil {
			a.t.Fatal(err)
		}
	}
	secret, err := a.db.CreateToken(ctx, &salkku.APIToken{UserID: u.ID, Name: "test"})
	if err != nil {
		a.t.Fatal(err)
	}
	return "Bearer " + secret
}

// as sends a request as the token's user.
func (a *apiTest) as(auth, method, path string, body any) apiResponse {
	a.t.Helper()
	return a.do(method, path, body, "Authorization", auth)
}

// gatesOf is a project's gates as the API shows them.
type gatesOf struct {
	ProjectID     int64                 `json:"project_id"`
	ModelID       int64                 `json:"model_id"`
	ModelNumber   int                   `json:"model_number"`
	ModelURL      string                `json:"model_url"`
	NewerModelID  *int64                `json:"newer_model_id"`
	Position      salkku.Position       `json:"position"`
	Status        string                `json:"status"`
	OpenItems     []string              `json:"open_items"`
	Marks         []map[string]any      `json:"marks"`
	Links         []map[string]any      `json:"links"`
	Request       *salkku.GateRequest   `json:"request"`
	SteeringGroup []map[string]any      `json:"steering_group"`
	Decisions     []salkku.GateDecision `json:"decisions"`
	History       []map[string]any      `json:"history"`
}

func (a *apiTest) gates(projectID int64) gatesOf {
	a.t.Helper()
	res := a.do("GET", fmt.Sprintf("/api/v1/projects/%d/gates", projectID), nil).want(a.t, http.StatusOK)
	var g gatesOf
	dec := json.NewDecoder(strings.NewReader(string(res.Body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&g); err != nil {
		a.t.Fatalf("gates: %v\n%s", err, res.Body)
	}
	return g
}

// gateState is a project's position and status, as its record shows them.
func (a *apiTest) gateState(projectID int64) string {
	a.t.Helper()
	p := a.get("projects", projectID)
	return fmt.Sprintf("%v %v %v", p["phase"], p["next_gate"], p["status"])
}

func today() string { return string(salkku.Today(time.Now())) }

func decision(gate, kind string) map[string]any {
	return map[string]any{"gate": gate, "decided_on": today(), "decision": kind, "minutes": "Hallitus 14.1.2022 § 3"}
}

// gatePath is a path under a project.
func gatePath(projectID int64, rest string) string {
	return fmt.Sprintf("/api/v1/projects/%d/%s", projectID, rest)
}

// gateSnapshot is everything a refused gate request might have changed.
func (a *apiTest) gateSnapshot(projectID int64) string {
	a.t.Helper()
	b, err := json.Marshal(a.gates(projectID))
	if err != nil {
		a.t.Fatal(err)
	}
	return a.snapshot() + string(b)
}

// TestAPIGateWalk walks a project from P0 to P6 as the project office,
// a request and a decision at each gate, and checks where each decision
// leaves it: the status follows from the phase, closed at the end.
func TestAPIGateWalk(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.world()
		office := a.gateCaller("toimisto@naantali.fi", salkku.RoleProjectOffice, w.portfolio.ID)
		res := a.as(office, "POST", "/api/v1/projects", map[string]any{"portfolio_id": w.portfolio.ID, "code": "9.1", "name": "Sähköinen asiointi"}).want(t, http.StatusCreated)
		id := int64(res.object(t)["id"].(float64))
		if got, want := a.gateState(id), "proposal P0 proposed"; got != want {
			t.Fatalf("new project: %s, want %s", got, want)
		}
		for _, step := range []struct {
			gate string
			// marks are done before the gate: the phase's required items.
			marks []string
			want  string
		}{
			{"P0", nil, "prestudy P1 proposed"},
			{"P1", nil, "planning P2 proposed"},
			{"P2", nil, "planning P3 proposed"},
			{"P3", []string{"planning-cost-benefit"}, "implementation P4 active"},
			{"P4", nil, "deployment P5 active"},
			{"P5", []string{"deploy-supplier-contracts", "deploy-service-owner"}, "closing P6 active"},
			{"P6", nil, "closing  closed"},
		} {
			for i, key := range step.marks {
				mark := map[string]any{"state": "done"}
				if i == 1 {
					mark = map[string]any{"state": "not_applicable", "reason": "Palvelusta vastaa jo linjaorganisaatio."}
				}
				got := a.as(office, "PUT", gatePath(id, "checklist/"+key), mark).want(t, http.StatusOK).object(t)
				if got["item_key"] != key || got["state"] != mark["state"] || got["marked_by_name"] != "toimisto@naantali.fi" {
					t.Errorf("%s: mark %v", key, got)
				}
			}
			r := a.as(office, "POST", gatePath(id, "gates/requests"), map[string]any{"planned_for": today()}).want(t, http.StatusCreated).object(t)
			if r["gate"] != step.gate {
				t.Errorf("request for %v, want %s", r["gate"], step.gate)
			}
			if g := a.gates(id); g.Request == nil || g.Request.Gate != step.gate {
				t.Errorf("%s: open request %+v", step.gate, g.Request)
			}
			d := a.as(office, "POST", gatePath(id, "gates/decisions"), decision(step.gate, salkku.DecisionApproved)).want(t, http.StatusCreated).object(t)
			if d["gate"] != step.gate || d["id"] == nil || d["recorded_by_name"] != "toimisto@naantali.fi" {
				t.Errorf("decision %v", d)
			}
			if got := a.gateState(id); got != step.want {
				t.Errorf("after %s: %s, want %s", step.gate, got, step.want)
			}
		}
		g := a.gates(id)
		if len(g.Decisions) != 7 || g.Request != nil || g.Position.Gate != "" || g.Status != salkku.StatusClosed {
			t.Errorf("at the end: %d decisions, request %v, position %+v, status %s", len(g.Decisions), g.Request, g.Position, g.Status)
		}
		var kinds []string
		for _, e := range g.History {
			kinds = append(kinds, e["kind"].(string))
		}
		if want := 1 + 2*7; len(kinds) != want || kinds[len(kinds)-1] != salkku.EventDecided {
			t.Errorf("history %v, want %d events ending with a decision", kinds, want)
		}
		if g.ModelURL != fmt.Sprintf("/api/v1/models/%d", g.ModelID) {
			t.Errorf("model_url %q", g.ModelURL)
		}
		a.do("GET", g.ModelURL, nil).want(t, http.StatusOK)
		// Closed: no gate ahead to request or decide.
		a.as(office, "POST", gatePath(id, "gates/requests"), map[string]any{}).wantError(t, http.StatusBadRequest, "invalid")
		a.as(office, "POST", gatePath(id, "gates/decisions"), decision("P6", salkku.DecisionApproved)).wantError(t, http.StatusBadRequest, "invalid")
	})
}

// TestAPIGateRules: skipping a gate, approving with open required items,
// and deciding twice without a new request are refused with a message
// that says why, and nothing changes.
func TestAPIGateRules(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.world()
		id := w.project.ID
		approve := func(gate string) {
			t.Helper()
			a.do("POST", gatePath(id, "gates/decisions"), decision(gate, salkku.DecisionApproved)).want(t, http.StatusCreated)
		}
		approve("P0")
		approve("P1")

		t.Run("NotNextGate", func(t *testing.T) {
			before := a.gateSnapshot(id)
			e := a.do("POST", gatePath(id, "gates/decisions"), decision("P4", salkku.DecisionApproved)).wantError(t, http.StatusBadRequest, "invalid", "gate")
			if want := apiCatalog.T("en", "error.gate_not_taken", "P2", "Implementation decision"); e.Error.Message != want {
				t.Errorf("message %q, want %q", e.Error.Message, want)
			}
			if !strings.Contains(e.Error.Message, "P2") || strings.Contains(e.Error.Message, "P3") || strings.Contains(e.Error.Message, "P4") {
				t.Errorf("message %q should name P2 alone", e.Error.Message)
			}
			if got := a.do("POST", gatePath(id, "gates/decisions"), decision("P4", salkku.DecisionApproved), "Accept-Language", "fi").apiError(t).Error.Message; !strings.Contains(got, "P2 Toteutuspäätös") {
				t.Errorf("Finnish message %q does not name P2 Toteutuspäätös", got)
			}
			a.do("POST", gatePath(id, "gates/decisions"), decision("P0", salkku.DecisionApproved)).wantError(t, http.StatusBadRequest, "invalid", "gate")
			if after := a.gateSnapshot(id); after != before {
				t.Errorf("changed:\n%s\n%s", before, after)
			}
		})
		approve("P2")

		t.Run("OpenRequiredItem", func(t *testing.T) {
			before := a.gateSnapshot(id)
			if g := a.gates(id); !slices.Equal(g.OpenItems, []string{"planning-cost-benefit"}) {
				t.Errorf("open items %v", g.OpenItems)
			}
			e := a.do("POST", gatePath(id, "gates/decisions"), decision("P3", salkku.DecisionApproved)).wantError(t, http.StatusBadRequest, "invalid", "conditions")
			if want := apiCatalog.T("en", "error.gate_open_items", 1); e.Error.Message != want {
				t.Errorf("message %q, want %q", e.Error.Message, want)
			}
			// A condition about something else does not cover the item.
			other := decision("P3", salkku.DecisionApprovedConditions)
			other["conditions"] = []map[string]any{{"text": "Riskit arvioidaan."}}
			a.do("POST", gatePath(id, "gates/decisions"), other).wantError(t, http.StatusBadRequest, "invalid", "conditions")
			if after := a.gateSnapshot(id); after != before {
				t.Errorf("changed:\n%s\n%s", before, after)
			}
		})

		t.Run("ConditionCoversItem", func(t *testing.T) {
			d := decision("P3", salkku.DecisionApprovedConditions)
			d["conditions"] = []map[string]any{{"text": "Kustannushyötyanalyysi valmiiksi.", "item_key": "planning-cost-benefit",
				"owner_id": w.people[0].ID, "due": "2020-01-31"}}
			d["decided_on"] = "2019-12-16" // long ago, so that the condition is overdue now
			got := a.do("POST", gatePath(id, "gates/decisions"), d).want(t, http.StatusCreated).object(t)
			cs := got["conditions"].([]any)
			if len(cs) != 1 {
				t.Fatalf("conditions %v", got["conditions"])
			}
			c := cs[0].(map[string]any)
			if c["item_key"] != "planning-cost-benefit" || c["owner_name"] != w.people[0].Name || c["met_at"] != nil || c["id"] == nil {
				t.Errorf("condition %v", c)
			}
			if s := a.gateState(id); s != "implementation P4 active" {
				t.Errorf("after P3: %s", s)
			}
			// Past due and unmet: in the portfolio's overdue list, until met.
			overdue := a.do("GET", fmt.Sprintf("/api/v1/portfolios/%d/conditions/overdue", w.portfolio.ID), nil).want(t, http.StatusOK).object(t)
			if overdue["total"] != 1.0 {
				t.Errorf("overdue %v", overdue)
			}
			a.do("POST", fmt.Sprintf("/api/v1/conditions/%d/met", int64(c["id"].(float64))), nil).want(t, http.StatusNoContent)
			met := a.gates(id).Decisions[3].Conditions[0]
			if met.MetAt == nil || met.MetBy == nil {
				t.Errorf("condition not met: %+v", met)
			}
			overdue = a.do("GET", fmt.Sprintf("/api/v1/portfolios/%d/conditions/overdue", w.portfolio.ID), nil).want(t, http.StatusOK).object(t)
			if overdue["total"] != 0.0 {
				t.Errorf("overdue after met %v", overdue)
			}
			a.do("POST", "/api/v1/conditions/999999/met", nil).wantError(t, http.StatusNotFound, "not_found")
		})

		t.Run("AgainAfterReturned", func(t *testing.T) {
			a.do("POST", gatePath(id, "gates/requests"), map[string]any{}).want(t, http.StatusCreated)
			a.do("POST", gatePath(id, "gates/decisions"), decision("P4", salkku.DecisionReturned)).want(t, http.StatusCreated)
			if s := a.gateState(id); s != "implementation P4 active" {
				t.Errorf("returned: %s", s)
			}
			before := a.gateSnapshot(id)
			e := a.do("POST", gatePath(id, "gates/decisions"), decision("P4", salkku.DecisionApproved)).wantError(t, http.StatusBadRequest, "invalid")
			if want := apiCatalog.T("en", "error.gate_needs_request", "P4", "Acceptance of the implementation"); e.Error.Message != want {
				t.Errorf("message %q, want %q", e.Error.Message, want)
			}
			if after := a.gateSnapshot(id); after != before {
				t.Errorf("changed:\n%s\n%s", before, after)
			}
			// A second open request is a conflict; a new one after the
			// decision lets the body decide again.
			a.do("POST", gatePath(id, "gates/requests"), map[string]any{"gate": "P4"}).want(t, http.StatusCreated)
			a.do("POST", gatePath(id, "gates/requests"), map[string]any{}).wantError(t, http.StatusConflict, "conflict")
			waiting := a.do("GET", fmt.Sprintf("/api/v1/portfolios/%d/gates/waiting?level=steering", w.portfolio.ID), nil).want(t, http.StatusOK).object(t)
			if items := waiting["items"].([]any); waiting["total"] != 1.0 || len(items) != 1 || items[0].(map[string]any)["gate"].(map[string]any)["code"] != "P4" {
				t.Errorf("waiting for the steering group: %v", waiting)
			}
			waiting = a.do("GET", fmt.Sprintf("/api/v1/portfolios/%d/gates/waiting?level=portfolio", w.portfolio.ID), nil).want(t, http.StatusOK).object(t)
			if waiting["total"] != 0.0 {
				t.Errorf("waiting for the board: %v", waiting)
			}
			a.do("GET", fmt.Sprintf("/api/v1/portfolios/%d/gates/waiting?level=council", w.portfolio.ID), nil).wantError(t, http.StatusBadRequest, "invalid", "level")
			approve("P4")
			if s := a.gateState(id); s != "deployment P5 active" {
				t.Errorf("approved after a new request: %s", s)
			}
		})
	})
}

// TestAPIGateSteeringGroup: a member of the project's own steering group
// records its steering-level decisions, not the board's; a viewer and a
// stranger change nothing.
func TestAPIGateSteeringGroup(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.world()
		ctx := salkku.System(context.Background())
		id := w.project.ID
		office := a.gateCaller("toimisto@naantali.fi", salkku.RoleProjectOffice, w.portfolio.ID)
		viewer := a.gateCaller("katsoja@naantali.fi", salkku.RoleViewer, w.portfolio.ID)
		stranger := a.gateCaller("muu@kaarina.fi", "", 0)
		chair := &salkku.Person{Name: "Olli Ohjaaja", Email: "olli.ohjaaja@naantali.fi", OrganisationID: &w.org.ID}
		if err := a.db.CreatePerson(ctx, chair); err != nil {
			t.Fatal(err)
		}
		member := a.gateCaller(chair.Email, "", 0)

		// Before the group is set, the would-be member sees nothing.
		a.as(member, "GET", gatePath(id, "gates"), nil).wantError(t, http.StatusForbidden, "forbidden")
		group := map[string]any{"members": []map[string]any{{"person_id": chair.ID, "role": "chair"}, {"person_id": w.people[1].ID, "role": "secretary"}}}
		a.as(viewer, "PUT", gatePath(id, "steering-group"), group).wantError(t, http.StatusForbidden, "forbidden")
		// Two chairs: refused, naming the members.
		bad := map[string]any{"members": []map[string]any{{"person_id": chair.ID, "role": "chair"}, {"person_id": w.people[1].ID, "role": "chair"}}}
		a.as(office, "PUT", gatePath(id, "steering-group"), bad).wantError(t, http.StatusBadRequest, "invalid", "members")
		got := a.as(office, "PUT", gatePath(id, "steering-group"), group).want(t, http.StatusOK).object(t)
		ms := got["members"].([]any)
		if len(ms) != 2 || ms[0].(map[string]any)["person_name"] != chair.Name || ms[1].(map[string]any)["role"] != "secretary" {
			t.Errorf("steering group %v", got)
		}
		if again := a.as(viewer, "GET", gatePath(id, "steering-group"), nil).want(t, http.StatusOK).object(t); !reflect.DeepEqual(again, got) {
			t.Errorf("GET %v, PUT answered %v", again, got)
		}
		a.as(member, "GET", gatePath(id, "gates"), nil).want(t, http.StatusOK)

		for _, gate := range []string{"P0", "P1"} {
			a.as(office, "POST", gatePath(id, "gates/decisions"), decision(gate, salkku.DecisionApproved)).want(t, http.StatusCreated)
		}
		before := a.gateSnapshot(id)
		// P2 is the portfolio board's: not the steering group's.
		a.as(member, "POST", gatePath(id, "gates/decisions"), decision("P2", salkku.DecisionApproved)).wantError(t, http.StatusForbidden, "forbidden")
		// Nor does naming a weaker level help.
		d := decision("P2", salkku.DecisionApproved)
		d["level"] = salkku.LevelSteering
		a.as(office, "POST", gatePath(id, "gates/decisions"), d).wantError(t, http.StatusBadRequest, "invalid", "level")
		// A viewer and a stranger may not touch the gates.
		for _, c := range []struct {
			auth   string
			status int
		}{{viewer, http.StatusForbidden}, {stranger, http.StatusForbidden}, {member, http.StatusForbidden}} {
			for _, r := range []struct {
				method, path string
				body         any
			}{
				{"POST", gatePath(id, "gates/decisions"), decision("P2", salkku.DecisionApproved)},
				{"POST", gatePath(id, "gates/requests"), map[string]any{}},
				{"PUT", gatePath(id, "checklist/planning-cost-benefit"), map[string]any{"state": "done"}},
				{"PUT", gatePath(id, "deliverables/deploy-privacy-review"), map[string]any{"url": "https://example.org/dpia"}},
				{"POST", gatePath(id, "gates/placement"), map[string]any{"phase": "implementation"}},
				{"PUT", gatePath(id, "steering-group"), group},
			} {
				if res := a.as(c.auth, r.method, r.path, r.body); res.Status != c.status {
					t.Errorf("%s %s: %d, want %d\n%s", r.method, r.path, res.Status, c.status, res.Body)
				}
			}
		}
		a.as(stranger, "GET", gatePath(id, "gates"), nil).wantError(t, http.StatusForbidden, "forbidden")
		a.as(stranger, "GET", fmt.Sprintf("/api/v1/portfolios/%d/phases", w.portfolio.ID), nil).wantError(t, http.StatusForbidden, "forbidden")
		if after := a.gateSnapshot(id); after != before {
			t.Errorf("changed:\n%s\n%s", before, after)
		}

		a.as(office, "POST", gatePath(id, "gates/decisions"), decision("P2", salkku.DecisionApproved)).want(t, http.StatusCreated)
		a.as(office, "PUT", gatePath(id, "checklist/planning-cost-benefit"), map[string]any{"state": "done"}).want(t, http.StatusOK)
		// P3 is the steering group's: its member records it.
		res := a.as(member, "POST", gatePath(id, "gates/decisions"), decision("P3", salkku.DecisionApproved)).want(t, http.StatusCreated).object(t)
		if res["level"] != salkku.LevelSteering || res["recorded_by_name"] != chair.Email {
			t.Errorf("decision %v", res)
		}
		if s := a.gateState(id); s != "implementation P4 active" {
			t.Errorf("after P3: %s", s)
		}
	})
}

// TestAPIGateChecklist: marks, links and requests come back as stored,
// and bad input names its field.
func TestAPIGateChecklist(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.world()
		id := w.project.ID
		item := gatePath(id, "checklist/deploy-service-owner")
		a.do("PUT", item, map[string]any{"state": "not_applicable"}).wantError(t, http.StatusBadRequest, "invalid", "reason.fi")
		a.do("PUT", item, map[string]any{"state": "maybe"}).wantError(t, http.StatusBadRequest, "invalid", "state")
		a.do("PUT", gatePath(id, "checklist/no-such-item"), map[string]any{"state": "done"}).wantError(t, http.StatusNotFound, "not_found")
		a.do("PUT", item, map[string]any{"state": "done", "colour": "green"}).wantError(t, http.StatusBadRequest, "invalid", "colour")
		mark := a.do("PUT", item, map[string]any{"state": "not_applicable", "reason": map[string]any{"fi": "Ei palvelua."}, "marked_by": 42}).want(t, http.StatusOK).object(t)
		g := a.gates(id)
		if len(g.Marks) != 1 || !reflect.DeepEqual(g.Marks[0], mark) || mark["marked_by"] == 42.0 {
			t.Errorf("marks %v, PUT answered %v", g.Marks, mark)
		}
		a.do("DELETE", item, nil).want(t, http.StatusNoContent)
		if g := a.gates(id); len(g.Marks) != 0 {
			t.Errorf("marks after delete %v", g.Marks)
		}

		link := gatePath(id, "deliverables/deploy-privacy-review")
		a.do("PUT", link, map[string]any{"url": "javascript:alert(1)"}).wantError(t, http.StatusBadRequest, "invalid", "url")
		l := a.do("PUT", link, map[string]any{"url": "https://naantali.fi/dpia"}).want(t, http.StatusOK).object(t)
		if g := a.gates(id); len(g.Links) != 1 || g.Links[0]["url"] != "https://naantali.fi/dpia" || !reflect.DeepEqual(g.Links[0], l) {
			t.Errorf("links %v", g.Links)
		}
		a.do("PUT", link, map[string]any{"url": ""}).want(t, http.StatusNoContent)
		if g := a.gates(id); len(g.Links) != 0 {
			t.Errorf("links after removal %v", g.Links)
		}

		a.do("POST", gatePath(id, "gates/requests"), map[string]any{"gate": "P3"}).wantError(t, http.StatusBadRequest, "invalid", "gate")
		a.do("POST", gatePath(id, "gates/requests"), map[string]any{"planned_for": "2022-13-01"}).wantError(t, http.StatusBadRequest, "invalid", "planned_for")
		r := a.do("POST", gatePath(id, "gates/requests"), map[string]any{"planned_for": "2030-01-14", "note": "Hallituksen kokoukseen", "id": 7}).want(t, http.StatusCreated).object(t)
		if r["gate"] != "P0" || r["level"] != salkku.LevelPortfolio || r["planned_for"] != "2030-01-14" || r["id"] == 7.0 {
			t.Errorf("request %v", r)
		}
		a.do("DELETE", gatePath(id, "gates/requests/open"), nil).want(t, http.StatusNoContent)
		if g := a.gates(id); g.Request != nil {
			t.Errorf("request after cancel %+v", g.Request)
		}

		// Placement: only while the project has no decisions.
		a.do("POST", gatePath(id, "gates/placement"), map[string]any{"phase": "nowhere"}).wantError(t, http.StatusBadRequest, "invalid", "phase")
		a.do("POST", gatePath(id, "gates/placement"), map[string]any{"phase": "implementation"}).want(t, http.StatusOK)
		if s := a.gateState(id); s != "implementation P4 active" {
			t.Errorf("placed: %s", s)
		}
		if g := a.gates(id); g.History[len(g.History)-1]["kind"] != salkku.EventPlaced {
			t.Errorf("history %v", g.History)
		}
		a.do("POST", gatePath(id, "gates/decisions"), decision("P4", salkku.DecisionReturned)).want(t, http.StatusCreated)
		a.do("POST", gatePath(id, "gates/placement"), map[string]any{"phase": "planning"}).wantError(t, http.StatusBadRequest, "invalid")

		// Counts by phase, one row per model, phase and status.
		phases := a.do("GET", fmt.Sprintf("/api/v1/portfolios/%d/phases", w.portfolio.ID), nil).want(t, http.StatusOK).object(t)
		items := phases["items"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["phase"] != "implementation" || items[0].(map[string]any)["count"] != 1.0 {
			t.Errorf("phases %v", phases)
		}
		list := a.do("GET", fmt.Sprintf("/api/v1/projects?portfolio_id=%d&phase=implementation", w.portfolio.ID), nil).want(t, http.StatusOK).object(t)
		if list["total"] != 1.0 {
			t.Errorf("projects in implementation %v", list)
		}
	})
}

// TestAPIProjectPosition: a project's status and phase are the gates':
// POST may place a new project at a phase, a PUT may not change them.
func TestAPIProjectPosition(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.world()
		p := a.create("projects", map[string]any{"portfolio_id": w.portfolio.ID, "code": "7.11", "name": "Kassajärjestelmä", "phase": "implementation"})
		if p["phase"] != "implementation" || p["next_gate"] != "P4" || p["status"] != salkku.StatusActive {
			t.Errorf("placed at implementation: %v %v %v", p["phase"], p["next_gate"], p["status"])
		}
		a.do("POST", "/api/v1/projects", map[string]any{"portfolio_id": w.portfolio.ID, "code": "7.12", "name": "x", "phase": "nowhere"}).
			wantError(t, http.StatusBadRequest, "invalid", "phase")
		a.do("POST", "/api/v1/projects", map[string]any{"portfolio_id": w.portfolio.ID, "code": "7.13", "name": "x", "phase": "implementation", "status": "proposed"}).
			wantError(t, http.StatusBadRequest, "invalid", "status")

		before := a.snapshot()
		body := cloneObject(p)
		body["status"] = salkku.StatusClosed
		e := a.do("PUT", "/api/v1/projects/"+apiID(p["id"]), body).wantError(t, http.StatusBadRequest, "invalid", "status")
		if want := apiCatalog.T("en", "error.status_from_gates"); e.Error.Fields["status"] != want {
			t.Errorf("fields.status %q, want %q", e.Error.Fields["status"], want)
		}
		a.unchanged(before)
		// The same values, or none, are fine.
		body["status"] = salkku.StatusActive
		body = a.do("PUT", "/api/v1/projects/"+apiID(p["id"]), body).want(t, http.StatusOK).object(t)
		for _, k := range []string{"status", "phase", "next_gate", "model_id"} {
			delete(body, k)
		}
		got := a.do("PUT", "/api/v1/projects/"+apiID(p["id"]), body).want(t, http.StatusOK).object(t)
		if got["status"] != salkku.StatusActive || got["phase"] != "implementation" {
			t.Errorf("after a PUT without them: %v %v", got["status"], got["phase"])
		}
	})
}

// TestAPIModelVersions: a new draft version, a bad one refused naming the
// field, publishing, and a published version frozen.
func TestAPIModelVersions(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.world()
		models := fmt.Sprintf("/api/v1/organisations/%d/models", w.org.ID)
		list := a.do("GET", models, nil).want(t, http.StatusOK).object(t)
		if list["total"] != 1.0 {
			t.Fatalf("models %v", list["total"])
		}
		builtIn := list["items"].([]any)[0].(map[string]any)
		if builtIn["number"] != 1.0 || builtIn["published_at"] == nil || builtIn["projects"] != 1.0 {
			t.Errorf("built-in model: number %v, published %v, projects %v", builtIn["number"], builtIn["published_at"], builtIn["projects"])
		}
		a.do("PUT", "/api/v1/models/"+apiID(builtIn["id"]), builtIn).wantError(t, http.StatusBadRequest, "invalid")

		res := a.do("POST", models, nil).want(t, http.StatusCreated)
		draft := res.object(t)
		if draft["number"] != 2.0 || draft["published_at"] != nil {
			t.Errorf("draft: number %v, published %v", draft["number"], draft["published_at"])
		}
		if loc := res.Header.Get("Location"); loc != "/api/v1/models/"+apiID(draft["id"]) {
			t.Errorf("Location %q", loc)
		}
		a.do("POST", models, nil).wantError(t, http.StatusConflict, "conflict")
		path := "/api/v1/models/" + apiID(draft["id"])
		if got := a.get("models", draft["id"]); !reflect.DeepEqual(got, draft) {
			t.Errorf("GET differs from the POST answer")
		}

		// A gate code given twice would send projects round in a cycle.
		before := a.do("GET", path, nil).Body
		cyc := cloneObject(draft)
		phases := viaJSON(t, draft["phases"]).([]any)
		phases[1].(map[string]any)["gates"].([]any)[0].(map[string]any)["code"] = "P0"
		cyc["phases"] = phases
		e := a.do("PUT", path, cyc).wantError(t, http.StatusBadRequest, "invalid", "phases.1.gates.0.code")
		if e.Error.Fields["phases.1.gates.0.code"] != apiCatalog.T("en", "error.model_cycle") {
			t.Errorf("fields %v", e.Error.Fields)
		}
		noGate := cloneObject(draft)
		phases = viaJSON(t, draft["phases"]).([]any)
		phases[0].(map[string]any)["gates"] = []any{}
		noGate["phases"] = phases
		a.do("PUT", path, noGate).wantError(t, http.StatusBadRequest, "invalid", "phases.0.gates")
		if after := a.do("GET", path, nil).Body; string(after) != string(before) {
			t.Error("a refused PUT changed the draft")
		}

		// A good change, read-only fields sent back as read.
		good := cloneObject(draft)
		good["name"] = map[string]any{"fi": "Hankemalli 2027", "sv": "Projektmodell 2027", "en": "Project model 2027"}
		changed := a.do("PUT", path, good).want(t, http.StatusOK).object(t)
		if changed["version"] != 2.0 || changed["name"].(map[string]any)["fi"] != "Hankemalli 2027" {
			t.Errorf("changed: version %v, name %v", changed["version"], changed["name"])
		}
		a.do("PUT", path, good).wantError(t, http.StatusConflict, "conflict") // version 1 is stale

		a.do("POST", path+"/publish", map[string]any{"version": 1}).wantError(t, http.StatusConflict, "conflict")
		a.do("POST", path+"/publish", map[string]any{}).wantError(t, http.StatusBadRequest, "invalid", "version")
		a.do("POST", path+"/publish", nil, "If-Match", `"v1"`).wantError(t, http.StatusConflict, "conflict")
		a.do("POST", path+"/publish", nil).wantError(t, http.StatusBadRequest, "invalid")
		pub := a.do("POST", path+"/publish", nil, "If-Match", `"v2"`).want(t, http.StatusOK).object(t)
		if pub["published_at"] == nil || pub["version"] != 3.0 {
			t.Errorf("published: %v, version %v", pub["published_at"], pub["version"])
		}
		// Published: frozen.
		good["version"] = 3
		e = a.do("PUT", path, good).wantError(t, http.StatusBadRequest, "invalid")
		if want := apiCatalog.T("en", "error.model_published", 2); e.Error.Message != want {
			t.Errorf("message %q, want %q", e.Error.Message, want)
		}
		a.do("DELETE", path, nil).wantError(t, http.StatusBadRequest, "invalid")

		// The project follows version 1 until moved; new projects follow 2.
		g := a.gates(w.project.ID)
		if g.NewerModelID == nil || *g.NewerModelID != int64(pub["id"].(float64)) {
			t.Errorf("newer model %v", g.NewerModelID)
		}
		a.do("POST", gatePath(w.project.ID, "gates/model"), map[string]any{"model_id": pub["id"]}).want(t, http.StatusOK)
		if g := a.gates(w.project.ID); g.ModelNumber != 2 || g.NewerModelID != nil {
			t.Errorf("moved: model %d, newer %v", g.ModelNumber, g.NewerModelID)
		}

		// A draft is deleted whole.
		d3 := a.do("POST", models, nil).want(t, http.StatusCreated).object(t)
		a.do("POST", gatePath(w.project.ID, "gates/model"), map[string]any{"model_id": d3["id"]}).wantError(t, http.StatusBadRequest, "invalid")
		a.do("DELETE", "/api/v1/models/"+apiID(d3["id"]), nil).want(t, http.StatusNoContent)
		a.do("GET", "/api/v1/models/"+apiID(d3["id"]), nil).wantError(t, http.StatusNotFound, "not_found")

		// Those without a role in the organisation do not see its model;
		// a viewer sees it but does not change it.
		stranger := a.gateCaller("muu@kaarina.fi", "", 0)
		viewer := a.gateCaller("katsoja@naantali.fi", salkku.RoleViewer, w.portfolio.ID)
		a.as(stranger, "GET", models, nil).wantError(t, http.StatusNotFound, "not_found")
		a.as(stranger, "GET", path, nil).wantError(t, http.StatusNotFound, "not_found")
		a.as(viewer, "GET", path, nil).want(t, http.StatusOK)
		a.as(viewer, "POST", models, nil).wantError(t, http.StatusForbidden, "forbidden")
	})
}

// conform fails when a JSON value does not fit an OpenAPI schema of
// openapi.json: types, enums, required properties, and no property the
// schema does not describe. It follows $ref, allOf and oneOf, which is all
// the document uses.
func conform(t *testing.T, spec map[string]any, schema map[string]any, v any, at string) {
	t.Helper()
	var errs []string
	var walk func(schema map[string]any, v any, at string)
	resolve := func(s map[string]any) map[string]any {
		for {
			ref, ok := s["$ref"].(string)
			if !ok {
				return s
			}
			s = dig(t, spec, strings.Split(strings.TrimPrefix(ref, "#/"), "/")...)
		}
	}
	typeOf := func(v any) string {
		switch x := v.(type) {
		case nil:
			return "null"
		case bool:
			return "boolean"
		case string:
			return "string"
		case float64:
			if x == float64(int64(x)) {
				return "integer"
			}
			return "number"
		case []any:
			return "array"
		case map[string]any:
			return "object"
		}
		return "?"
	}
	walk = func(schema map[string]any, v any, at string) {
		s := resolve(schema)
		for _, sub := range asList(s["allOf"]) {
			walk(sub.(map[string]any), v, at)
		}
		if alts := asList(s["oneOf"]); len(alts) > 0 {
			before := len(errs)
			for i, alt := range alts {
				n := len(errs)
				walk(alt.(map[string]any), v, at)
				if len(errs) == n {
					errs = errs[:before]
					break
				}
				errs = errs[:n]
				if i == len(alts)-1 { // alternatives are objects: compare by place
					errs = append(errs, at+": fits none of oneOf")
				}
			}
		}
		if ty, ok := s["type"]; ok {
			got := typeOf(v)
			okType := false
			for _, want := range append(asList(ty), ty) {
				if w, _ := want.(string); w == got || w == "number" && got == "integer" {
					okType = true
				}
			}
			if !okType {
				errs = append(errs, fmt.Sprintf("%s: %s, want %v", at, got, ty))
				return
			}
		}
		if enum := asList(s["enum"]); len(enum) > 0 && !slices.Contains(enum, v) {
			errs = append(errs, fmt.Sprintf("%s: %v is not one of %v", at, v, enum))
		}
		switch x := v.(type) {
		case map[string]any:
			props, _ := s["properties"].(map[string]any)
			for _, r := range asList(s["required"]) {
				if _, ok := x[r.(string)]; !ok {
					errs = append(errs, at+": lacks required "+r.(string))
				}
			}
			for k, val := range x {
				p, ok := props[k].(map[string]any)
				switch {
				case ok:
					walk(p, val, at+"."+k)
				case s["additionalProperties"] == false:
					errs = append(errs, at+": "+k+" is not in the schema")
				}
			}
		case []any:
			if items, ok := s["items"].(map[string]any); ok {
				for i, val := range x {
					walk(items, val, fmt.Sprintf("%s.%d", at, i))
				}
			}
		}
	}
	walk(schema, v, at)
	for _, e := range errs {
		t.Error(e)
	}
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// TestAPIGateSchemas: what the gate endpoints answer fits the schemas
// openapi.json gives them, to the last nested field.
func TestAPIGateSchemas(t *testing.T) {
	a := newAPITest(t, "sqlite")
	w := a.world()
	spec := a.openAPI()
	schema := func(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }
	check := func(name string, res apiResponse) {
		t.Helper()
		var v any
		if err := json.Unmarshal(res.Body, &v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		conform(t, spec, schema(name), v, name)
	}
	id := w.project.ID
	group := map[string]any{"members": []map[string]any{{"person_id": w.people[0].ID, "role": "chair"}}}
	check("SteeringGroup", a.do("PUT", gatePath(id, "steering-group"), group).want(t, http.StatusOK))
	check("CheckMark", a.do("PUT", gatePath(id, "checklist/deploy-service-owner"), map[string]any{"state": "not_applicable", "reason": "Ei palvelua."}).want(t, http.StatusOK))
	check("DeliverableLink", a.do("PUT", gatePath(id, "deliverables/deploy-privacy-review"), map[string]any{"url": "/files/dpia.pdf"}).want(t, http.StatusOK))
	check("GateRequest", a.do("POST", gatePath(id, "gates/requests"), map[string]any{"planned_for": "2030-01-14", "note": "Kokoukseen"}).want(t, http.StatusCreated))
	d := decision("P0", salkku.DecisionApprovedConditions)
	d["conditions"] = []map[string]any{{"text": "Rahoitus varmistetaan.", "owner_id": w.people[1].ID, "due": "2020-02-01"}}
	d["decided_on"] = "2019-12-16"
	d["minutes_url"] = "https://naantali.fi/poytakirjat/2022-1"
	check("GateDecision", a.do("POST", gatePath(id, "gates/decisions"), d).want(t, http.StatusCreated))
	a.do("POST", gatePath(id, "gates/requests"), map[string]any{}).want(t, http.StatusCreated)
	check("ProjectGates", a.do("GET", gatePath(id, "gates"), nil).want(t, http.StatusOK))
	check("SteeringGroup", a.do("GET", gatePath(id, "steering-group"), nil).want(t, http.StatusOK))
	check("Project", a.do("GET", fmt.Sprintf("/api/v1/projects/%d", id), nil).want(t, http.StatusOK))
	models := fmt.Sprintf("/api/v1/organisations/%d/models", w.org.ID)
	check("ModelList", a.do("GET", models, nil).want(t, http.StatusOK))
	check("Model", a.do("POST", models, nil).want(t, http.StatusCreated))
	pf := w.portfolio.ID
	check("PhaseCountList", a.do("GET", fmt.Sprintf("/api/v1/portfolios/%d/phases", pf), nil).want(t, http.StatusOK))
	check("GateWaitingList", a.do("GET", fmt.Sprintf("/api/v1/portfolios/%d/gates/waiting", pf), nil).want(t, http.StatusOK))
	check("ConditionList", a.do("GET", fmt.Sprintf("/api/v1/portfolios/%d/conditions/overdue", pf), nil).want(t, http.StatusOK))
	if n := len(a.do("GET", fmt.Sprintf("/api/v1/portfolios/%d/gates/waiting", pf), nil).object(t)["items"].([]any)); n != 1 {
		t.Errorf("%d waiting", n)
	}
}

// TestAPIGateJSONStrict: keys inside nested objects (a decision's
// conditions, a steering group's members, a model's phases) are held to
// their fields' names too: one in another case, which encoding/json would
// take for the field, or one given twice is a 400 naming the top-level
// field, and nothing changes.
func TestAPIGateJSONStrict(t *testing.T) {
	a := newAPITest(t, "sqlite")
	w := a.world()
	id := w.project.ID
	p0 := fmt.Sprintf(`"gate":"P0","decided_on":%q,"decision":"approved_with_conditions"`, today())
	before := a.gateSnapshot(id)
	for _, c := range []struct {
		name, method, path, body, field string
	}{
		{"ConditionKeyInUpperCase", "POST", gatePath(id, "gates/decisions"), `{` + p0 + `,"conditions":[{"TEXT":"Ehto"}]}`, "conditions"},
		{"ConditionKeyTwice", "POST", gatePath(id, "gates/decisions"), `{` + p0 + `,"conditions":[{"text":"Ehto","due":"2030-01-01","due":"2020-01-01"}]}`, "conditions"},
		{"MemberKeyCapitalised", "PUT", gatePath(id, "steering-group"), fmt.Sprintf(`{"members":[{"Person_id":%d,"role":"chair"}]}`, w.people[0].ID), "members"},
		{"MemberKeyTwice", "PUT", gatePath(id, "steering-group"), fmt.Sprintf(`{"members":[{"person_id":%d,"person_id":%d,"role":"chair"}]}`, w.people[0].ID, w.people[1].ID), "members"},
		{"NestedInvalidUTF8", "PUT", gatePath(id, "steering-group"), fmt.Sprintf(`{"members":[{"person_id":%d,"role":"chair`+"\xff"+`"}]}`, w.people[0].ID), "members"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := *a
			a.t = t
			a.do(c.method, c.path, c.body).wantError(t, http.StatusBadRequest, "invalid", c.field)
			if after := a.gateSnapshot(id); after != before {
				t.Errorf("changed:\n%s\n%s", before, after)
			}
		})
	}
	// The same bodies with the keys as named are fine.
	a.do("PUT", gatePath(id, "steering-group"), fmt.Sprintf(`{"members":[{"person_id":%d,"role":"chair"}]}`, w.people[0].ID)).want(t, http.StatusOK)
	a.do("POST", gatePath(id, "gates/decisions"), `{`+p0+`,"conditions":[{"text":"Ehto","due":"2030-01-01"}]}`).want(t, http.StatusCreated)

	// A model's phases, two levels down.
	draft := a.do("POST", fmt.Sprintf("/api/v1/organisations/%d/models", w.org.ID), nil).want(t, http.StatusCreated).object(t)
	body, _ := json.Marshal(draft)
	bad := strings.Replace(string(body), `"key":"proposal"`, `"KEY":"proposal"`, 1)
	if bad == string(body) {
		t.Fatal("no phase key to change")
	}
	a.do("PUT", "/api/v1/models/"+apiID(draft["id"]), bad).wantError(t, http.StatusBadRequest, "invalid", "phases")
	a.do("PUT", "/api/v1/models/"+apiID(draft["id"]), string(body)).want(t, http.StatusOK)
}
