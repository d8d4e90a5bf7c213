package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

// signInAs makes the app's client a fresh browser signed in as u.
func (a *app) signInAs(t *testing.T, u *salkku.User) {
	t.Helper()
	hc := a.anonymousClient()
	secret, s, err := a.db.CreateSession(salkku.System(context.Background()), u.ID)
	must(t, err)
	pu, _ := url.Parse(a.url)
	hc.Jar.SetCookies(pu, []*http.Cookie{{Name: "salkku_session", Value: secret, Path: "/"}})
	a.hc, a.csrf = hc, s.CSRF
}

// gateUser is a new user with the role on the portfolio.
func (a *app) gateUser(t *testing.T, name, role string, portfolioID int64) *salkku.User {
	t.Helper()
	ctx := salkku.System(context.Background())
	u := &salkku.User{Email: name + "@gates.test.invalid", Name: "Testi " + name}
	must(t, a.db.CreateUser(ctx, u, ""))
	must(t, a.db.CreateGrant(ctx, &salkku.Grant{UserID: u.ID, Role: role, PortfolioID: &portfolioID}))
	return u
}

// gateProject is a new project in the Naantali demo portfolio, at P0.
func (a *app) gateProject(t *testing.T, code string) *salkku.Project {
	t.Helper()
	pf := a.portfolio(t, naantaliName)
	p := &salkku.Project{PortfolioID: pf.ID, Code: code, Name: salkku.T("Porttien testihanke " + code)}
	must(t, a.db.CreateProject(salkku.System(context.Background()), p))
	return p
}

var currentPhaseRE = regexp.MustCompile(`(?s)<li class="current" aria-current="step">(.*?)</li>`)

// currentPhase is the phase the phase line marks current.
func currentPhase(t *testing.T, p *page) string {
	t.Helper()
	m := currentPhaseRE.FindStringSubmatch(p.Body)
	if m == nil {
		return ""
	}
	return plain(m[1])
}

// TestGateWalk takes a project from P0 to P6 through the pages' forms as
// the project office: a request and a decision at each gate, the required
// items ticked before the gates that leave their phase. The project page
// and the gates page show the phase reached after each.
func TestGateWalk(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		pr := a.gateProject(t, "9.9")
		a.signInAs(t, a.gateUser(t, "office", salkku.RoleProjectOffice, pr.PortfolioID))
		base := "/projects/" + id(pr.ID)

		p := a.get(t, base)
		wantStatus(t, p, http.StatusOK)
		if got := currentPhase(t, p); got != "Esitys/ehdotus (nykyinen vaihe)" {
			t.Errorf("project page: current phase %q", got)
		}
		wantText(t, p, "Vaihe ja portit", "P0 Valmistelupäätös", "päättää: salkun johtoryhmä")

		steps := []struct {
			gate, after string
			items       []string
		}{
			{"P0", "Esiselvitys", nil},
			{"P1", "Suunnittelu", nil},
			{"P2", "Suunnittelu", nil},
			{"P3", "Toteutus", []string{"planning-cost-benefit"}},
			{"P4", "Käyttöönotto", nil},
			{"P5", "Päättäminen", []string{"deploy-supplier-contracts", "deploy-service-owner"}},
			{"P6", "", nil},
		}
		for _, st := range steps {
			for _, key := range st.items {
				wantRedirect(t, a.post(t, base+"/gates/items/"+key, url.Values{"action": {"done"}}), base+"/gates#checklist")
			}
			req := a.get(t, base+"/gates/request")
			wantStatus(t, req, http.StatusOK)
			form := formValues(t, req)
			if form.Get("gate") != st.gate {
				t.Fatalf("request form for gate %q, want %s", form.Get("gate"), st.gate)
			}
			wantRedirect(t, a.post(t, base+"/gates/request", with(form, "planned_for", "1.12.2026")), base+"/gates")

			dec := a.get(t, base+"/gates/decision")
			wantStatus(t, dec, http.StatusOK)
			form = formValues(t, dec)
			if form.Get("gate") != st.gate {
				t.Fatalf("decision form for gate %q, want %s", form.Get("gate"), st.gate)
			}
			form.Set("decision", salkku.DecisionApproved)
			wantRedirect(t, a.post(t, base+"/gates/decision", form), base+"/gates")

			g := a.get(t, base+"/gates")
			wantStatus(t, g, http.StatusOK)
			if st.after == "" {
				wantText(t, g, "Ei portteja edessä", "Päättynyt")
				continue
			}
			if got := currentPhase(t, g); !strings.HasPrefix(got, st.after+" ") {
				t.Errorf("after %s: current phase %q, want %s", st.gate, got, st.after)
			}
			wantText(t, g, "Päätös portista "+st.gate)
		}
		hist := a.get(t, base+"/gates")
		for _, code := range []string{"P0", "P3", "P6"} {
			wantText(t, hist, "Päätöstä pyydetty portista "+code, "Päätös portista "+code)
		}
	})
}

// TestGateRules posts what the gate rules refuse: a gate past the one
// ahead, an approval with an open required item and no condition, a
// not-applicable mark without a reason; and a viewer's posts.
func TestGateRules(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		ctx := salkku.System(context.Background())
		pr := a.gateProject(t, "9.9")
		base := "/projects/" + id(pr.ID)
		must(t, a.db.PlaceProject(ctx, pr.ID, "planning"))

		t.Run("skip", func(t *testing.T) {
			form := formValues(t, a.get(t, base+"/gates/decision"))
			if form.Get("gate") != "P2" {
				t.Fatalf("gate ahead %q, want P2", form.Get("gate"))
			}
			form.Set("gate", "P4")
			form.Set("decision", salkku.DecisionApproved)
			p := a.post(t, base+"/gates/decision", form)
			wantStatus(t, p, http.StatusUnprocessableEntity)
			wantText(t, p, "Porttia P2 Toteutuspäätös ei ole vielä päätetty")
			g, err := a.db.FindProjectGates(ctx, pr.ID)
			must(t, err)
			if len(g.Decisions) != 0 || g.Position.Gate != "P2" {
				t.Errorf("after a refused skip: %d decisions, gate %q", len(g.Decisions), g.Position.Gate)
			}
		})

		t.Run("open item", func(t *testing.T) {
			// P2 passes; P3 leaves planning, whose required item is open.
			form := formValues(t, a.get(t, base+"/gates/decision"))
			form.Set("decision", salkku.DecisionApproved)
			wantRedirect(t, a.post(t, base+"/gates/decision", form), base+"/gates")
			wantRedirect(t, a.post(t, base+"/gates/request", url.Values{"gate": {"P3"}}), base+"/gates")
			dec := a.get(t, base+"/gates/decision")
			wantText(t, dec, "avoimia pakollisia kohtia (1)")
			form = formValues(t, dec)
			if form.Get("conditions.0.item_key") != "planning-cost-benefit" {
				t.Errorf("first condition row for %q, want the open item", form.Get("conditions.0.item_key"))
			}
			form.Set("decision", salkku.DecisionApproved)
			form.Set("minutes.fi", "Käsitelty kokouksessa")
			p := a.post(t, base+"/gates/decision", form)
			wantStatus(t, p, http.StatusUnprocessableEntity)
			wantText(t, p, "Vaiheen tarkistuslistalla on avoimia pakollisia kohtia (1). Merkitse ne")
			wantKept(t, p, form, "minutes", "decided_on", "level")
			wantText(t, p, `value="approved" checked`)
			g, err := a.db.FindProjectGates(ctx, pr.ID)
			must(t, err)
			if len(g.Decisions) != 1 || g.Position.Gate != "P3" {
				t.Errorf("after a refused approval: %d decisions, gate %q", len(g.Decisions), g.Position.Gate)
			}

			// With the item as a condition it passes, and the condition
			// can be marked met.
			form.Set("decision", salkku.DecisionApprovedConditions)
			form.Set("conditions.0.text.fi", "Kustannushyötyanalyysi valmiiksi")
			form.Set("conditions.0.due", "31.12.2026")
			wantRedirect(t, a.post(t, base+"/gates/decision", form), base+"/gates")
			g, err = a.db.FindProjectGates(ctx, pr.ID)
			must(t, err)
			if g.Position.Phase != "implementation" || len(g.Decisions) != 2 || len(g.Decisions[1].Conditions) != 1 {
				t.Fatalf("after approval with conditions: %+v", g.Position)
			}
			c := g.Decisions[1].Conditions[0]
			if c.ItemKey != "planning-cost-benefit" || c.Due != "2026-12-31" {
				t.Errorf("condition %+v", c)
			}
			page := a.get(t, base+"/gates")
			wantText(t, page, "Kustannushyötyanalyysi valmiiksi", "avoinna", "Hyväksytty ehdoin")
			wantRedirect(t, a.post(t, base+"/gates/conditions/"+id(c.ID)+"/met", nil), base+"/gates#decisions")
			wantText(t, a.get(t, base+"/gates"), "täytetty")
		})

		t.Run("not applicable without reason", func(t *testing.T) {
			dp := a.gateProject(t, "9.8")
			must(t, a.db.PlaceProject(ctx, dp.ID, "deployment"))
			path := "/projects/" + id(dp.ID) + "/gates/items/deploy-data-migrations"
			p := a.post(t, path, url.Values{"action": {"not_applicable"}, "reason.fi": {"  "}})
			wantStatus(t, p, http.StatusUnprocessableEntity)
			if fieldError(p, "reason") == "" {
				t.Errorf("no error at the reason\n%s", excerpt(p.Body))
			}
			wantText(t, p, "<details open>")
			g, err := a.db.FindProjectGates(ctx, dp.ID)
			must(t, err)
			if len(g.Marks) != 0 {
				t.Errorf("marks %v after a refused mark", g.Marks)
			}
			wantRedirect(t, a.post(t, path, url.Values{"action": {"not_applicable"}, "reason.fi": {"Ei siirrettävää dataa"}}), "/projects/"+id(dp.ID)+"/gates#checklist")
			wantText(t, a.get(t, "/projects/"+id(dp.ID)+"/gates"), "Ei sovellu, koska: Ei siirrettävää dataa")
		})

		t.Run("viewer", func(t *testing.T) {
			a.signInAs(t, a.gateUser(t, "viewer", salkku.RoleViewer, pr.PortfolioID))
			for _, path := range []string{"/gates/items/planning-cost-benefit", "/gates/deliverables/x", "/gates/request", "/gates/request/cancel",
				"/gates/decision", "/gates/model", "/steering-group"} {
				p := a.post(t, base+path, url.Values{"action": {"done"}, "decision": {"approved"}, "model_id": {"1"}})
				if p.Status != http.StatusForbidden && p.Status != http.StatusNotFound {
					t.Errorf("viewer POST %s: status %d, want 403 or 404", path, p.Status)
				}
			}
			if p := a.get(t, base+"/gates"); p.Status != http.StatusOK {
				t.Errorf("viewer: gates page %d", p.Status)
			} else {
				wantNoText(t, p, "Merkitse tehdyksi", "Kirjaa porttipäätös")
			}
		})
	})
}

// TestSteeringGroup names a project's steering group through its form: a
// person picked by name as chair, a second chair refused with what was
// chosen kept, a member removed.
func TestSteeringGroup(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		ctx := salkku.System(context.Background())
		pf := a.portfolio(t, karaName)
		pr := &salkku.Project{PortfolioID: pf.ID, Code: "9.7", Name: salkku.T("Ohjattava hanke")}
		must(t, a.db.CreateProject(ctx, pr))
		people, _, err := a.db.FindPeople(ctx, salkku.PersonFilter{OrganisationID: &pf.OrganisationID, Page: salkku.Page{Limit: 2}})
		must(t, err)
		if len(people) < 2 {
			t.Fatalf("%d people in the demo organisation", len(people))
		}
		path := "/projects/" + id(pr.ID) + "/steering-group"
		form := formValues(t, a.get(t, path))
		wantRedirect(t, a.post(t, path, with(form, "person_id_name", people[0].Name, "role", salkku.SteeringChair)), path)
		group := func() []salkku.SteeringGroupMember {
			g, err := a.db.FindProjectGates(ctx, pr.ID)
			must(t, err)
			return g.SteeringGroup
		}
		if g := group(); len(g) != 1 || g[0].PersonID != people[0].ID || g[0].Role != salkku.SteeringChair {
			t.Fatalf("steering group %+v", g)
		}

		form = formValues(t, a.get(t, path))
		p := a.post(t, path, with(form, "person_id_name", people[1].Name, "role", salkku.SteeringChair))
		wantStatus(t, p, http.StatusUnprocessableEntity)
		wantText(t, p, "Ohjausryhmällä voi olla vain yksi puheenjohtaja")
		wantKept(t, p, with(form, "person_id_name", people[1].Name), "person_id_name")
		if g := group(); len(g) != 1 {
			t.Errorf("after a refused second chair: %+v", g)
		}

		wantRedirect(t, a.post(t, path, with(form, "person_id_name", people[1].Name, "role", salkku.SteeringSecretary)), path)
		if g := group(); len(g) != 2 || g[1].Role != salkku.SteeringSecretary {
			t.Fatalf("steering group %+v", g)
		}
		wantText(t, a.get(t, "/projects/"+id(pr.ID)+"/gates"), people[0].Name+" – puheenjohtaja", people[1].Name+" – sihteeri")
		form = formValues(t, a.get(t, path))
		form.Set("member_remove", id(people[0].ID))
		wantRedirect(t, a.post(t, path, form), "/projects/"+id(pr.ID)+"/gates#steering")
		if g := group(); len(g) != 1 || g[0].PersonID != people[1].ID {
			t.Errorf("after removing the chair: %+v", g)
		}
	})
}

// TestGateDeliverable sets a deliverable's link, refuses one that is no
// address with what was typed kept, and clears it.
func TestGateDeliverable(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		ctx := salkku.System(context.Background())
		pr := a.gateProject(t, "9.6")
		must(t, a.db.PlaceProject(ctx, pr.ID, "deployment"))
		base := "/projects/" + id(pr.ID) + "/gates"
		path := base + "/deliverables/deploy-privacy-review"
		wantRedirect(t, a.post(t, path, url.Values{"url": {"https://example.invalid/tietosuoja"}}), base+"#deliverables")
		wantText(t, a.get(t, base), `value="https://example.invalid/tietosuoja"`)
		p := a.post(t, path, url.Values{"url": {"ei osoite"}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		if fieldError(p, "url") == "" {
			t.Errorf("no error at the link\n%s", excerpt(p.Body))
		}
		wantText(t, p, `value="ei osoite"`)
		wantRedirect(t, a.post(t, path, url.Values{"url": {""}}), base+"#deliverables")
		g, err := a.db.FindProjectGates(ctx, pr.ID)
		must(t, err)
		if len(g.Links) != 0 {
			t.Errorf("links %v after clearing", g.Links)
		}
	})
}

// TestRolePeople names the project's architect by name; the phase's
// tasks then show the architect under the role. A role a field of the
// project fills is named there, not here.
func TestRolePeople(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		ctx := salkku.System(context.Background())
		pf := a.portfolio(t, karaName)
		pr := &salkku.Project{PortfolioID: pf.ID, Code: "9.5", Name: salkku.T("Roolitettu hanke"), Phase: "deployment"}
		must(t, a.db.CreateProject(ctx, pr))
		people, _, err := a.db.FindPeople(ctx, salkku.PersonFilter{OrganisationID: &pf.OrganisationID, Page: salkku.Page{Limit: 1}})
		must(t, err)
		if len(people) == 0 {
			t.Fatal("no people in the demo organisation")
		}
		gates := "/projects/" + id(pr.ID) + "/gates"
		wantText(t, a.get(t, gates), `href="/projects/`+id(pr.ID)+`/roles/architect"`)
		path := "/projects/" + id(pr.ID) + "/roles/architect"
		form := formValues(t, a.get(t, path))
		wantRedirect(t, a.post(t, path, with(form, "people_ids_name", people[0].Name)), path)
		if text := plain(a.get(t, gates).Body); !strings.Contains(text, "Arkkitehti – "+people[0].Name) {
			t.Errorf("the tasks do not name the architect")
		}
		form = formValues(t, a.get(t, path))
		if got := form["people_ids"]; len(got) != 1 || got[0] != id(people[0].ID) {
			t.Errorf("the form shows %v as named", got)
		}
		// Unticked and saved: no one.
		form.Del("people_ids")
		wantRedirect(t, a.post(t, path, form), gates+"#tasks")
		if text := plain(a.get(t, gates).Body); strings.Contains(text, "Arkkitehti – ") {
			t.Errorf("the tasks still name an architect")
		}
		wantStatus(t, a.get(t, "/projects/"+id(pr.ID)+"/roles/project_manager"), http.StatusNotFound)
	})
}

// TestGateHistoryReadable: the project's history (the audit log) tells a
// gate decision, a request and a checklist mark in words, with dates the
// Finnish way, not as the store's keys.
func TestGateHistoryReadable(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		ctx := salkku.System(context.Background())
		p := a.gateProject(t, "9.7")
		must(t, a.db.RequestGate(ctx, &salkku.GateRequest{ProjectID: p.ID, PlannedFor: "2022-01-14"}))
		must(t, a.db.RecordDecision(ctx, &salkku.GateDecision{ProjectID: p.ID, Gate: "P0", DecidedOn: "2021-11-22", Decision: salkku.DecisionApprovedConditions,
			Conditions: []salkku.Condition{{Text: salkku.T("Omistaja nimetään"), Due: "2021-12-31"}}}))
		must(t, a.db.MarkItem(ctx, p.ID, &salkku.CheckMark{ItemKey: "prestudy-benefits", State: salkku.CheckNotApplicable, Reason: salkku.T("Hyödyt arvioitu jo")}))
		page := a.get(t, "/projects/"+id(p.ID)+"/history")
		wantStatus(t, page, http.StatusOK)
		wantText(t, page, "Hyväksytty ehdoin", "salkun johtoryhmä", "22.11.2021", "14.1.2022", "Esiselvitys",
			"Omistaja nimetään (2021-12-31)", "Kevyt hyötyjen arviointi", "ei sovellu", "Hyödyt arvioitu jo")
		wantNoText(t, page, "approved_with_conditions", "prestudy-benefits", "next_gate", "recorded_at", ">portfolio<")
	})
}
