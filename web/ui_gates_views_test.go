package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

// phaseCount is the number the portfolio's gate page shows for a phase.
func phaseCount(t *testing.T, p *page, phase string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<td class="num" data-phase="` + regexp.QuoteMeta(phase) + `">(.*?)</td>`).FindStringSubmatch(p.Body)
	if m == nil {
		t.Fatalf("%s: no count for phase %q\n%s", p, phase, excerpt(p.Body))
	}
	return strings.Fields(plain(m[1]))[0]
}

// waitingAt is the text of a deciding body's waiting list.
func waitingAt(p *page, level string) string {
	m := regexp.MustCompile(`(?s)<ul class="waiting" data-level="` + level + `">(.*?)</ul>`).FindStringSubmatch(p.Body)
	if m == nil {
		return ""
	}
	return plain(m[1])
}

func TestPortfolioGates(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		ctx := salkku.System(context.Background())
		org := &salkku.Organisation{Name: salkku.T("Naantalin kaupunki")}
		must(t, a.db.CreateOrganisation(ctx, org))
		pf := &salkku.Portfolio{OrganisationID: org.ID, Name: salkku.T("Digitalisaatio")}
		must(t, a.db.CreatePortfolio(ctx, pf))
		project := func(code, name, phase string) *salkku.Project {
			p := &salkku.Project{PortfolioID: pf.ID, Code: code, Name: salkku.T(name)}
			must(t, a.db.CreateProject(ctx, p))
			if phase != "" {
				must(t, a.db.PlaceProject(ctx, p.ID, phase))
			}
			return p
		}
		project("1.1", "Sähköinen asiointi", "planning")
		project("2.1", "Palomuuri", "implementation")
		project("2.2", "Verkkosivu-uudistus", "implementation")
		waiting := project("3.1", "Päiväkotien tabletit", "")
		conditioned := project("4.1", "Asianhallinta", "prestudy")
		page := func() *page {
			p := a.get(t, "/portfolios/"+id(pf.ID)+"/gates")
			wantStatus(t, p, http.StatusOK)
			return p
		}

		t.Run("counts per phase", func(t *testing.T) {
			p := page()
			oneH1(t, p)
			for phase, want := range map[string]string{"proposal": "1", "prestudy": "1", "planning": "1", "implementation": "2", "deployment": "0", "closing": "0"} {
				if got := phaseCount(t, p, phase); got != want {
					t.Errorf("phase %s: %s projects shown, want %s", phase, got, want)
				}
			}
			wantText(t, p, "Toteutus", "P4", "Toteutuksen hyväksyntä")
		})

		t.Run("count links to the filtered list", func(t *testing.T) {
			if !strings.Contains(page().Body, `href="/portfolios/`+id(pf.ID)+`?phase=implementation"`) {
				t.Fatal("no link to the implementation phase's projects")
			}
			p := a.get(t, "/portfolios/"+id(pf.ID)+"?phase=implementation")
			wantStatus(t, p, http.StatusOK)
			if got := strings.Join(codes(p), " "); got != "2.1 2.2" {
				t.Errorf("projects in implementation: %q, want 2.1 2.2", got)
			}
			wantText(t, p, fiMsg("pfgates.filtered_phase")+" Toteutus")
		})

		t.Run("waiting under its body", func(t *testing.T) {
			if got := waitingAt(page(), salkku.LevelPortfolio); got != "" {
				t.Fatalf("the board's list before any request: %q", got)
			}
			must(t, a.db.RequestGate(ctx, &salkku.GateRequest{ProjectID: waiting.ID, PlannedFor: "2030-05-14"}))
			p := page()
			if got := waitingAt(p, salkku.LevelPortfolio); !strings.Contains(got, "Päiväkotien tabletit") || !strings.Contains(got, "P0") {
				t.Errorf("the board's list: %q, want the project at P0", got)
			}
			if got := waitingAt(p, salkku.LevelSteering); got != "" {
				t.Errorf("the steering groups' list: %q, want empty", got)
			}
			cal := regexp.MustCompile(`(?s)<table class="gate-calendar">.*?</table>`).FindString(p.Body)
			if c := plain(cal); !strings.Contains(c, "14.5.2030") || !strings.Contains(c, "Päiväkotien tabletit") || !strings.Contains(c, "Valmistelupäätös") {
				t.Errorf("gate calendar: %q", c)
			}
		})

		t.Run("overdue condition", func(t *testing.T) {
			wantText(t, page(), fiMsg("pfgates.overdue_none"))
			must(t, a.db.RecordDecision(ctx, &salkku.GateDecision{ProjectID: conditioned.ID, Gate: "P1", DecidedOn: "2019-12-16",
				Level: salkku.LevelPortfolio, Decision: salkku.DecisionApprovedConditions,
				Conditions: []salkku.Condition{
					{Text: salkku.T("Hyötyarvio päivitetty"), Due: "2020-01-31"},
					{Text: salkku.T("Kustannusarvio tarkennettu"), Due: "2099-01-31"},
				}}))
			p := page()
			over := plain(regexp.MustCompile(`(?s)<table class="overdue">.*?</table>`).FindString(p.Body))
			if !strings.Contains(over, "Hyötyarvio päivitetty") || !strings.Contains(over, "31.1.2020") || !strings.Contains(over, "Asianhallinta") {
				t.Errorf("overdue conditions: %q", over)
			}
			if strings.Contains(over, "Kustannusarvio tarkennettu") {
				t.Errorf("a condition not yet due is listed: %q", over)
			}
			if got := phaseCount(t, p, "planning"); got != "2" {
				t.Errorf("planning after P1: %s projects, want 2", got)
			}
		})

		t.Run("linked from the portfolio", func(t *testing.T) {
			if !strings.Contains(a.get(t, "/portfolios/"+id(pf.ID)).Body, `href="/portfolios/`+id(pf.ID)+`/gates"`) {
				t.Error("the portfolio page does not link to its gate views")
			}
		})
	})
}

// modelIDs are the ids in the editor's redirects.
var modelPathRE = regexp.MustCompile(`^/models/([0-9]+)(/edit)?$`)

func TestModelPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		ctx := salkku.System(context.Background())
		org := &salkku.Organisation{Name: salkku.T("Naantalin kaupunki")}
		must(t, a.db.CreateOrganisation(ctx, org))
		pf := &salkku.Portfolio{OrganisationID: org.ID, Name: salkku.T("Digitalisaatio")}
		must(t, a.db.CreatePortfolio(ctx, pf))
		list := "/organisations/" + id(org.ID) + "/model"
		ms, err := a.db.FindModels(ctx, org.ID)
		must(t, err)
		v1 := ms[0]

		t.Run("versions", func(t *testing.T) {
			p := a.get(t, list)
			wantStatus(t, p, http.StatusOK)
			oneH1(t, p)
			wantText(t, p, "Hankkeen elinkaarimalli", fiMsg("lcmodel.new_version"))
			if !strings.Contains(a.get(t, "/organisations").Body, `href="`+list+`"`) {
				t.Error("the organisations list does not link to the model")
			}
		})

		t.Run("version whole", func(t *testing.T) {
			p := a.get(t, "/models/"+id(v1.ID))
			wantStatus(t, p, http.StatusOK)
			oneH1(t, p)
			dep := v1.Phase("deployment")
			want := []string{"P3", "Käynnistyspäätös", fiMsg("pfgates.level_steering"), "Käyttöönoton valmistelu",
				"Kaikki hankkeessa vaaditut lopputuotokset on toimitettu ja hyväksytty", "Palvelusta vastaava on nimetty"}
			for _, tk := range dep.Tasks {
				want = append(want, tk.Text.FI)
			}
			for _, r := range v1.Roles {
				want = append(want, r.Name.FI)
			}
			wantText(t, p, want...)
			if !strings.Contains(p.Text(), "<li>Kaikki hankkeessa vaaditut lopputuotokset on toimitettu ja hyväksytty</li>") {
				t.Error("the entry criteria's lines are not a list")
			}
		})

		var draft string
		t.Run("new version", func(t *testing.T) {
			p := a.post(t, list, url.Values{})
			wantStatus(t, p, http.StatusSeeOther)
			m := modelPathRE.FindStringSubmatch(p.Header.Get("Location"))
			if m == nil || m[2] == "" {
				t.Fatalf("new version goes to %q, want its editor", p.Header.Get("Location"))
			}
			draft = "/models/" + m[1]
			// One draft at a time.
			wantStatus(t, a.post(t, list, url.Values{}), http.StatusConflict)
		})

		t.Run("edit a phase name", func(t *testing.T) {
			p := a.get(t, draft+"/edit")
			wantStatus(t, p, http.StatusOK)
			oneH1(t, p)
			form := formValues(t, p)
			form.Set("phases.1.name.fi", "Esiselvitys ja hyötyarvio")
			form.Set("phases.2.checklist.2.text.fi", "Riskiarvio")
			form.Set("phases.2.checklist.2.required", "true")
			form.Set("phases.2.checklist.0.remove", "true")
			wantRedirect(t, a.post(t, draft+"/edit", form), draft)
			wantText(t, a.get(t, draft), "Esiselvitys ja hyötyarvio", "Riskiarvio")
			m := a.model(t, draft)
			if got := m.Phases[1].Name.FI; got != "Esiselvitys ja hyötyarvio" {
				t.Errorf("phase name %q", got)
			}
			var items []string
			for _, c := range m.Phases[2].Checklist {
				items = append(items, c.Text.FI)
			}
			if got, want := strings.Join(items, "|"), "Investointien koko elinkaaren kattavat kannattavuuslaskelmat|Riskiarvio"; got != want {
				t.Errorf("planning's checklist: %q, want the first removed and Riskiarvio added", got)
			}
			if !m.Phases[2].Checklist[len(m.Phases[2].Checklist)-1].Required {
				t.Error("the new item is not required")
			}
		})

		t.Run("edit tasks", func(t *testing.T) {
			before := a.model(t, draft)
			pi, withSub := -1, -1
			for i, ph := range before.Phases {
				if ph.Key == "deployment" {
					pi = i
					for j, tk := range ph.Tasks {
						if len(tk.Sub) > 0 && withSub < 0 {
							withSub = j
						}
					}
				}
			}
			if pi < 0 {
				t.Fatal("no deployment phase")
			}
			n := len(before.Phases[pi].Tasks)
			arch := before.Roles[2].Key
			f := func(parts ...any) string {
				s := []string{}
				for _, v := range parts {
					s = append(s, fmt.Sprint(v))
				}
				return strings.Join(s, ".")
			}
			form := formValues(t, a.get(t, draft+"/edit"))
			form.Set(f("phases", pi, "tasks", 0, "text", "fi"), "Muokattu tehtävä")
			form.Set(f("phases", pi, "tasks", 1, "remove"), "true")
			form.Set(f("phases", pi, "tasks", n, "role"), arch)
			form.Set(f("phases", pi, "tasks", n, "text", "fi"), "Uusi arkkitehdin tehtävä")
			wantRedirect(t, a.post(t, draft+"/edit", form), draft)
			after := a.model(t, draft).Phases[pi].Tasks
			if len(after) != n {
				t.Fatalf("%d tasks after removing one and adding one, want %d", len(after), n)
			}
			if after[0].Text.FI != "Muokattu tehtävä" || after[n-1].Text.FI != "Uusi arkkitehdin tehtävä" || after[n-1].Role != arch {
				t.Errorf("tasks: first %q, last %q (%s)", after[0].Text.FI, after[n-1].Text.FI, after[n-1].Role)
			}
			if withSub > 1 {
				if got, want := len(after[withSub-1].Sub), len(before.Phases[pi].Tasks[withSub].Sub); got != want {
					t.Errorf("a task's parts: %d after saving, want %d", got, want)
				}
			}
		})

		t.Run("add row keeps the form unsaved", func(t *testing.T) {
			form := formValues(t, a.get(t, draft+"/edit"))
			form.Set("phases.0.deliverables.0.name.fi", "Hanke-ehdotus")
			form.Set("add", "phases.0.deliverables")
			p := a.post(t, draft+"/edit", form)
			wantStatus(t, p, http.StatusOK)
			kept := formValues(t, p)
			if kept.Get("phases.0.deliverables.0.name.fi") != "Hanke-ehdotus" || !kept.Has("phases.0.deliverables.1.key") {
				t.Errorf("after adding a row: %v, %v", kept["phases.0.deliverables.0.name.fi"], kept["phases.0.deliverables.1.key"])
			}
			if n := len(a.model(t, draft).Phases[0].Deliverables); n != 0 {
				t.Errorf("adding a row saved %d deliverables", n)
			}
		})

		t.Run("repeated gate code", func(t *testing.T) {
			form := formValues(t, a.get(t, draft+"/edit"))
			form.Set("phases.1.gates.0.code", "P0")
			form.Set("phases.1.name.fi", "Kirjoitettu nimi")
			p := a.post(t, draft+"/edit", form)
			wantStatus(t, p, http.StatusUnprocessableEntity)
			if got, want := fieldError(p, "phases.1.gates.0.code"), fiMsg("error.model_cycle"); got != want {
				t.Errorf("error at the gate's code: %q, want %q", got, want)
			}
			wantKept(t, p, form, "phases.1.gates.0.code", "phases.1.name.fi")
			if !strings.Contains(p.Body, `href="#f-phases-1-gates-0-code"`) {
				t.Error("the summary does not link to the gate's code")
			}
			if got := a.model(t, draft).Phases[1].Gates[0].Code; got != "P1" {
				t.Errorf("stored gate code %q after a refused save", got)
			}
		})

		t.Run("stale", func(t *testing.T) {
			form := formValues(t, a.get(t, draft+"/edit"))
			form.Set("version", "1")
			wantStatus(t, a.post(t, draft+"/edit", form), http.StatusConflict)
		})

		t.Run("viewer cannot post", func(t *testing.T) {
			u := &salkku.User{Email: "lukija@test.invalid", Name: "Liisa Lukija"}
			must(t, a.db.CreateUser(ctx, u, ""))
			must(t, a.db.CreateGrant(ctx, &salkku.Grant{UserID: u.ID, Role: salkku.RoleViewer, PortfolioID: &pf.ID}))
			a.signInAs(t, u)
			defer func() { a.hc = a.newClient() }()
			wantStatus(t, a.get(t, draft), http.StatusOK)
			wantStatus(t, a.get(t, draft+"/edit"), http.StatusForbidden)
			m := a.model(t, draft)
			form := url.Values{"version": {id(int64(m.Version))}, "name.fi": {"Lukijan nimi"}}
			wantStatus(t, a.post(t, draft+"/edit", form), http.StatusForbidden)
			wantStatus(t, a.post(t, draft+"/publish", url.Values{"version": {id(int64(m.Version))}}), http.StatusForbidden)
			wantStatus(t, a.post(t, list, url.Values{}), http.StatusForbidden)
			if p := a.get(t, list); strings.Contains(p.Body, fiMsg("lcmodel.new_version")) {
				t.Error("a viewer is offered a new version")
			}
		})

		t.Run("publish, then editing is refused", func(t *testing.T) {
			m := a.model(t, draft)
			wantRedirect(t, a.post(t, draft+"/publish", url.Values{"version": {id(int64(m.Version))}}), draft)
			if a.model(t, draft).PublishedAt == nil {
				t.Fatal("not published")
			}
			wantStatus(t, a.get(t, draft+"/edit"), http.StatusBadRequest)
			form := url.Values{"version": {id(int64(a.model(t, draft).Version))}, "name.fi": {"Myöhäinen muutos"}}
			p := a.post(t, draft+"/edit", form)
			if p.Status < 400 {
				t.Fatalf("editing a published version: status %d", p.Status)
			}
			wantText(t, p, fiMsg("error.model_published", 2))
			if got := a.model(t, draft).Name.FI; got == "Myöhäinen muutos" {
				t.Error("a published version was changed")
			}
		})

		t.Run("delete a draft", func(t *testing.T) {
			p := a.post(t, list, url.Values{})
			wantStatus(t, p, http.StatusSeeOther)
			m := modelPathRE.FindStringSubmatch(p.Header.Get("Location"))
			del := "/models/" + m[1] + "/delete"
			wantStatus(t, a.get(t, del), http.StatusOK)
			wantRedirect(t, a.post(t, del, url.Values{}), list)
			wantStatus(t, a.get(t, "/models/"+m[1]), http.StatusNotFound)
			// A published version is not deleted.
			wantStatus(t, a.get(t, draft+"/delete"), http.StatusBadRequest)
		})
	})
}

// model reads a version by its page's path.
func (a *app) model(t *testing.T, path string) *salkku.Model {
	t.Helper()
	m := modelPathRE.FindStringSubmatch(path)
	if m == nil {
		t.Fatalf("not a model path: %q", path)
	}
	var n int64
	for _, c := range m[1] {
		n = n*10 + int64(c-'0')
	}
	v, err := a.db.FindModelByID(salkku.System(context.Background()), n)
	must(t, err)
	return v
}
