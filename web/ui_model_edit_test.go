package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

// path joins a field name's parts: path("phases", 2, "gates") is "phases.2.gates".
func path(parts ...any) string {
	s := make([]string, len(parts))
	for i, v := range parts {
		s[i] = fmt.Sprint(v)
	}
	return strings.Join(s, ".")
}

// TestModelEditorParts edits the parts of a draft the editor once kept as
// they were: phases, gates, roles, themes, stages and a task's parts.
func TestModelEditorParts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		ctx := salkku.System(context.Background())
		org := &salkku.Organisation{Name: salkku.T("Raision kaupunki")}
		must(t, a.db.CreateOrganisation(ctx, org))
		pf := &salkku.Portfolio{OrganisationID: org.ID, Name: salkku.T("Kehitys")}
		must(t, a.db.CreatePortfolio(ctx, pf))
		list := "/organisations/" + id(org.ID) + "/model"
		p := a.post(t, list, url.Values{})
		wantStatus(t, p, http.StatusSeeOther)
		m := modelPathRE.FindStringSubmatch(p.Header.Get("Location"))
		if m == nil {
			t.Fatalf("new version goes to %q", p.Header.Get("Location"))
		}
		draft := "/models/" + m[1]
		edit := draft + "/edit"
		phaseIndex := func(t *testing.T, m *salkku.Model, key string) int {
			t.Helper()
			for i, ph := range m.Phases {
				if ph.Key == key {
					return i
				}
			}
			t.Fatalf("no phase %q in %d phases", key, len(m.Phases))
			return -1
		}

		t.Run("add a phase with a gate", func(t *testing.T) {
			n := len(a.model(t, draft).Phases)
			form := formValues(t, a.get(t, edit))
			form.Set(path("phases", n, "key"), "jatkokehitys")
			form.Set(path("phases", n, "name", "fi"), "Jatkokehitys")
			form.Set("add", "phases")
			p := a.post(t, edit, form)
			wantStatus(t, p, http.StatusOK)
			wantText(t, p, fiMsg("lcmodel.new_gate"))
			if got := len(a.model(t, draft).Phases); got != n {
				t.Fatalf("adding a phase saved it: %d phases", got)
			}
			form = formValues(t, p)
			if got := form.Get(path("phases", n, "key")); got != "jatkokehitys" {
				t.Fatalf("the new phase's key in the form: %q", got)
			}
			// Saved without a gate, the phase is refused at its gates.
			p = a.post(t, edit, form)
			wantStatus(t, p, http.StatusUnprocessableEntity)
			if got, want := fieldError(p, path("phases", n, "gates")), fiMsg("error.model_missing_gate"); got != want {
				t.Errorf("error at the new phase's gates: %q, want %q", got, want)
			}
			form = formValues(t, p)
			form.Set(path("phases", n, "gates", 0, "code"), "P7")
			form.Set(path("phases", n, "gates", 0, "name", "fi"), "Jatkokehityspäätös")
			form.Set(path("phases", n, "gates", 0, "level"), salkku.LevelSteering)
			// Moved up before the last phase, unsaved, then saved.
			form.Set("act", path("phases", n, "up"))
			p = a.post(t, edit, form)
			wantStatus(t, p, http.StatusOK)
			form = formValues(t, p)
			if got := form.Get(path("phases", n-1, "key")); got != "jatkokehitys" {
				t.Fatalf("after moving up, phase %d is %q", n-1, got)
			}
			wantRedirect(t, a.post(t, edit, form), draft)
			got := a.model(t, draft)
			if len(got.Phases) != n+1 || got.Phases[n-1].Key != "jatkokehitys" {
				t.Fatalf("%d phases, phase %d %q; want the new one before the last", len(got.Phases), n-1, got.Phases[n-1].Key)
			}
			if g := got.Phases[n-1].Gates; len(g) != 1 || g[0].Code != "P7" || g[0].Name.FI != "Jatkokehityspäätös" || g[0].Level != salkku.LevelSteering {
				t.Errorf("the new phase's gates: %+v", g)
			}
		})

		t.Run("a new phase's key follows the key rule", func(t *testing.T) {
			n := len(a.model(t, draft).Phases)
			form := formValues(t, a.get(t, edit))
			form.Set(path("phases", n, "key"), "Iso Kirjain")
			form.Set(path("phases", n, "name", "fi"), "Väärä tunniste")
			p := a.post(t, edit, form)
			wantStatus(t, p, http.StatusUnprocessableEntity)
			if got, want := fieldError(p, path("phases", n, "key")), fiMsg("error.key"); got != want {
				t.Errorf("error at the key: %q, want %q", got, want)
			}
			wantKept(t, p, form, path("phases", n, "key"), path("phases", n, "name"))
		})

		t.Run("remove a phase", func(t *testing.T) {
			before := a.model(t, draft)
			i := phaseIndex(t, before, "jatkokehitys")
			form := formValues(t, a.get(t, edit))
			form.Set("act", path("phases", i, "remove"))
			p := a.post(t, edit, form)
			wantStatus(t, p, http.StatusOK)
			if len(a.model(t, draft).Phases) != len(before.Phases) {
				t.Fatal("removing a phase saved the draft")
			}
			form = formValues(t, p)
			form.Del("act")
			wantRedirect(t, a.post(t, edit, form), draft)
			if after := a.model(t, draft); len(after.Phases) != len(before.Phases)-1 || after.Phase("jatkokehitys") != nil {
				t.Errorf("after removing: %d phases, want %d without jatkokehitys", len(after.Phases), len(before.Phases)-1)
			}
			// Put back for the placement below.
			n := len(before.Phases) - 1
			form = formValues(t, a.get(t, edit))
			form.Set(path("phases", n, "key"), "jatkokehitys")
			form.Set(path("phases", n, "name", "fi"), "Jatkokehitys")
			form.Set("add", "phases")
			form = formValues(t, a.post(t, edit, form))
			form.Set(path("phases", n, "gates", 0, "code"), "P7")
			form.Set(path("phases", n, "gates", 0, "name", "fi"), "Jatkokehityspäätös")
			wantRedirect(t, a.post(t, edit, form), draft)
		})

		t.Run("remove the only gate of a phase", func(t *testing.T) {
			i := phaseIndex(t, a.model(t, draft), "jatkokehitys")
			form := formValues(t, a.get(t, edit))
			form.Set("act", path("phases", i, "gates", 0, "remove"))
			p := a.post(t, edit, form)
			wantStatus(t, p, http.StatusOK)
			form = formValues(t, p)
			if form.Has(path("phases", i, "gates", 0, "kept")) {
				t.Fatal("the removed gate is still in the form")
			}
			p = a.post(t, edit, form)
			wantStatus(t, p, http.StatusUnprocessableEntity)
			if got, want := fieldError(p, path("phases", i, "gates")), fiMsg("error.model_missing_gate"); got != want {
				t.Errorf("error at the phase's gates: %q, want %q", got, want)
			}
			if !strings.Contains(p.Body, `href="#f-phases-`+fmt.Sprint(i)+`-gates"`) {
				t.Error("the summary does not link to the phase's gates")
			}
			if g := a.model(t, draft).Phases[i].Gates; len(g) != 1 {
				t.Errorf("stored gates %+v after a refused save", g)
			}
		})

		t.Run("a new gate repeating a code", func(t *testing.T) {
			form := formValues(t, a.get(t, edit))
			j := len(a.model(t, draft).Phases[1].Gates)
			form.Set(path("phases", 1, "gates", j, "code"), "P0")
			form.Set(path("phases", 1, "gates", j, "name", "fi"), "Toinen valmistelupäätös")
			p := a.post(t, edit, form)
			wantStatus(t, p, http.StatusUnprocessableEntity)
			if got, want := fieldError(p, path("phases", 1, "gates", j, "code")), fiMsg("error.model_cycle"); got != want {
				t.Errorf("error at the new gate's code: %q, want %q", got, want)
			}
			wantKept(t, p, form, path("phases", 1, "gates", j, "code"), path("phases", 1, "gates", j, "name"))
		})

		t.Run("add a role, a theme and a task using them", func(t *testing.T) {
			before := a.model(t, draft)
			r, h := len(before.Roles), len(before.Themes)
			form := formValues(t, a.get(t, edit))
			form.Set(path("roles", r, "key"), "tietosuojavastaava")
			form.Set(path("roles", r, "name", "fi"), "Tietosuojavastaava")
			form.Set(path("roles", r, "fills"), salkku.FillsServiceOwner)
			form.Set(path("themes", h, "key"), "saavutettavuus")
			form.Set(path("themes", h, "name", "fi"), "Saavutettavuus")
			form.Set("add", "roles")
			p := a.post(t, edit, form)
			wantStatus(t, p, http.StatusOK)
			pi := phaseIndex(t, before, "deployment")
			n := len(before.Phases[pi].Tasks)
			task := path("phases", pi, "tasks", n)
			var offered bool
			for _, o := range options(t, p, task+".role") {
				offered = offered || o[0] == "tietosuojavastaava"
			}
			if !offered {
				t.Fatal("the new role is not offered to a task")
			}
			form = formValues(t, p)
			form.Set(task+".role", "tietosuojavastaava")
			form.Set(task+".theme", "saavutettavuus")
			form.Set(task+".text.fi", "Tietosuojan vaikutustenarviointi")
			form.Set(task+".sub.fi", "Käsittelyn kuvaus\nRiskien arviointi")
			wantRedirect(t, a.post(t, edit, form), draft)
			after := a.model(t, draft)
			if len(after.Roles) != r+1 || after.Roles[r].Key != "tietosuojavastaava" || after.Roles[r].Fills != salkku.FillsServiceOwner {
				t.Fatalf("roles: %+v", after.Roles)
			}
			if len(after.Themes) != h+1 || after.Themes[h].Name.FI != "Saavutettavuus" {
				t.Fatalf("themes: %+v", after.Themes)
			}
			got := after.Phases[pi].Tasks
			if len(got) != n+1 || got[n].Role != "tietosuojavastaava" || got[n].Theme != "saavutettavuus" || len(got[n].Sub) != 2 {
				t.Fatalf("tasks: %d, the new one %+v", len(got), got[len(got)-1])
			}
			// A role a task uses cannot go: the task's role is then unknown.
			form = formValues(t, a.get(t, edit))
			form.Set("act", path("roles", r, "remove"))
			form = formValues(t, a.post(t, edit, form))
			p = a.post(t, edit, form)
			wantStatus(t, p, http.StatusUnprocessableEntity)
			if got, want := fieldError(p, task+".role"), fiMsg("error.model_unknown_role"); got != want {
				t.Errorf("error at the task's role: %q, want %q", got, want)
			}
		})

		t.Run("a stage's items edited", func(t *testing.T) {
			before := a.model(t, draft)
			pi, si := -1, -1
			for i, ph := range before.Phases {
				for j, st := range ph.Stages {
					if len(st.Items) > 1 && pi < 0 {
						pi, si = i, j
					}
				}
			}
			if pi < 0 {
				t.Fatal("no stage with items")
			}
			name := path("phases", pi, "stages", si, "items", "fi")
			form := formValues(t, a.get(t, edit))
			lines := strings.Split(form.Get(name), "\n")
			if len(lines) != len(before.Phases[pi].Stages[si].Items) {
				t.Fatalf("%d lines for %d items", len(lines), len(before.Phases[pi].Stages[si].Items))
			}
			lines[0] = "Muokattu kohta"
			form.Set(name, strings.Join(append(lines, "Uusi kohta"), "\r\n"))
			ns := len(before.Phases[0].Stages)
			form.Set(path("phases", 0, "stages", ns, "name", "fi"), "Uusi osa")
			form.Set(path("phases", 0, "stages", ns, "items", "fi"), "Ensimmäinen\n\nToinen")
			wantRedirect(t, a.post(t, edit, form), draft)
			after := a.model(t, draft)
			items := after.Phases[pi].Stages[si].Items
			if len(items) != len(lines)+1 || items[0].FI != "Muokattu kohta" || items[len(items)-1].FI != "Uusi kohta" {
				t.Errorf("items %+v", items)
			}
			st := after.Phases[0].Stages
			if len(st) != ns+1 || st[ns].Name.FI != "Uusi osa" || len(st[ns].Items) != 2 || st[ns].Items[1].FI != "Toinen" {
				t.Errorf("the new stage: %+v", st)
			}
		})

		t.Run("a task's parts edited", func(t *testing.T) {
			before := a.model(t, draft)
			pi, ti := -1, -1
			for i, ph := range before.Phases {
				for j, tk := range ph.Tasks {
					if len(tk.Sub) > 2 && pi < 0 {
						pi, ti = i, j
					}
				}
			}
			if pi < 0 {
				t.Fatal("no task with parts")
			}
			// The second part removed in every language, the first rewritten.
			name := path("phases", pi, "tasks", ti, "sub", "fi")
			form := formValues(t, a.get(t, edit))
			lines := strings.Split(form.Get(name), "\n")
			for _, lang := range salkku.ContentLangs {
				if l := path("phases", pi, "tasks", ti, "sub", lang); form.Has(l) {
					ls := strings.Split(form.Get(l), "\n")
					form.Set(l, strings.Join(append(ls[:1:1], ls[2:]...), "\n"))
				}
			}
			form.Set(name, strings.Join(append([]string{"Uusi ensimmäinen osa"}, lines[2:]...), "\n"))
			wantRedirect(t, a.post(t, edit, form), draft)
			sub := a.model(t, draft).Phases[pi].Tasks[ti].Sub
			if len(sub) != len(lines)-1 || sub[0].FI != "Uusi ensimmäinen osa" || sub[1].FI != before.Phases[pi].Tasks[ti].Sub[2].FI {
				t.Errorf("parts %+v", sub)
			}
		})

		t.Run("publish, then a new project is placed in the new phase", func(t *testing.T) {
			v := a.model(t, draft)
			wantRedirect(t, a.post(t, draft+"/publish", url.Values{"version": {id(int64(v.Version))}}), draft)
			pr := &salkku.Project{PortfolioID: pf.ID, Code: "J-1", Name: salkku.T("Jatkohanke"), Phase: "jatkokehitys"}
			must(t, a.db.CreateProject(ctx, pr))
			got, err := a.db.FindProjectByID(ctx, pr.ID)
			must(t, err)
			if got.ModelID != v.ID || got.Phase != "jatkokehitys" || got.NextGate != "P7" {
				t.Errorf("placed at model %d %s/%s, want %d jatkokehitys/P7", got.ModelID, got.Phase, got.NextGate, v.ID)
			}
		})
	})
}
