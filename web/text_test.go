package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

// textWorld is a bilingual city that requires both languages and a
// Finnish-only one, each with a portfolio; the bilingual one has a
// project whose description exists in Finnish only.
type textWorld struct {
	city, fiOnly     *salkku.Organisation
	cityPf, fiOnlyPf *salkku.Portfolio
	project          *salkku.Project
}

func newTextWorld(t *testing.T, a *app) *textWorld {
	t.Helper()
	ctx := salkku.System(context.Background())
	w := &textWorld{
		city: &salkku.Organisation{Name: salkku.Text{FI: "Raaseporin kaupunki", SV: "Raseborgs stad"},
			Languages: salkku.Languages{Used: []string{"fi", "sv"}, Required: []string{"fi", "sv"}}},
		fiOnly: &salkku.Organisation{Name: salkku.T("Naantalin kaupunki")},
	}
	must(t, a.db.CreateOrganisation(ctx, w.city))
	must(t, a.db.CreateOrganisation(ctx, w.fiOnly))
	w.cityPf = &salkku.Portfolio{OrganisationID: w.city.ID, Name: salkku.Text{FI: "Digitalisaatio", SV: "Digitalisering"}}
	must(t, a.db.CreatePortfolio(ctx, w.cityPf))
	w.fiOnlyPf = &salkku.Portfolio{OrganisationID: w.fiOnly.ID, Name: salkku.T("Tietohallinto")}
	must(t, a.db.CreatePortfolio(ctx, w.fiOnlyPf))
	w.project = &salkku.Project{PortfolioID: w.cityPf.ID, Code: "1.1", Name: salkku.Text{FI: "Palomuuri", SV: "Brandvägg"},
		Description: salkku.T("Palomuurit ostetaan palveluina.")}
	must(t, a.db.CreateProject(ctx, w.project))
	return w
}

// TestTextsOnPages: a Swedish reader sees the Swedish name, and the
// Finnish description marked lang="fi" where no Swedish one exists, with
// a note for those who may edit; a Finnish reader sees no marks.
func TestTextsOnPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		w := newTextWorld(t, a)
		path := "/projects/" + id(w.project.ID)

		sv := a.get(t, path+"?lang=sv")
		wantStatus(t, sv, http.StatusOK)
		if h := oneH1(t, sv); h != "1.1 Brandvägg" {
			t.Errorf("Swedish h1 %q", h)
		}
		wantText(t, sv, `<div class="desc"><p lang="fi">Palomuurit ostetaan palveluina.</p></div>`,
			`lang="sv"`, // the page
			"Vissa texter finns ännu inte på det här språket",
			`<a href="/portfolios/`+id(w.cityPf.ID)+`">Digitalisering</a>`)
		fi := a.get(t, path+"?lang=fi")
		if h := oneH1(t, fi); h != "1.1 Palomuuri" {
			t.Errorf("Finnish h1 %q", h)
		}
		wantText(t, fi, `<div class="desc"><p>Palomuurit ostetaan palveluina.</p></div>`)
		wantNoText(t, fi, `<span lang="sv"`, `<p lang="sv"`, "Osa teksteistä puuttuu vielä")

		// The overview lists the project by its Swedish name, and the
		// Finnish-only portfolio's name marked Finnish for a Swedish reader.
		wantText(t, a.get(t, "/portfolios/"+id(w.cityPf.ID)+"?lang=sv"), ">Brandvägg</a>")
		home := a.get(t, "/?lang=sv")
		wantText(t, home, ">Digitalisering</a>", `<span lang="fi">Tietohallinto</span>`, "Raseborgs stad")
		// A Finnish-only organisation's texts are expected in Finnish: no
		// note for its editors.
		p2 := &salkku.Project{PortfolioID: w.fiOnlyPf.ID, Code: "2.1", Name: salkku.T("Vain suomeksi")}
		must(t, a.db.CreateProject(salkku.System(context.Background()), p2))
		wantNoText(t, a.get(t, "/projects/"+id(p2.ID)+"?lang=sv"), "Vissa texter finns ännu inte")
	})
}

// TestTextsInForms: a bilingual city's form edits both languages side by
// side and refuses a project without its Swedish name, keeping what was
// typed; a Finnish-only one shows one field and saves.
func TestTextsInForms(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		w := newTextWorld(t, a)
		newURL := "/portfolios/" + id(w.cityPf.ID) + "/projects/new"
		form := a.get(t, newURL+"?lang=sv")
		wantText(t, form, `<label for="f-name-fi">Namn på finska`, `<label for="f-name-sv">Namn på svenska`,
			`id="f-name-sv" name="name.sv" lang="sv"`, `id="f-description-fi" name="description.fi" lang="fi"`)

		sent := with(formValues(t, form), "code", "1.2", "name.fi", "Varmuuskopiot", "description.sv", "Säkerhetskopior i molnet.")
		p := a.post(t, newURL+"?lang=sv", sent)
		wantStatus(t, p, http.StatusUnprocessableEntity)
		if got := fieldError(p, "name.sv"); got != "Denna uppgift är obligatorisk." {
			t.Errorf("error at name.sv %q", got)
		}
		wantText(t, p, `<a href="#f-name-sv">Namn på svenska: Denna uppgift är obligatorisk.</a>`)
		wantKept(t, p, sent, "code", "name.fi", "name.sv", "description.sv")
		if _, n, _ := a.db.FindProjects(salkku.System(context.Background()), salkku.ProjectFilter{PortfolioID: &w.cityPf.ID}); n != 1 {
			t.Errorf("%d projects after a refused post", n)
		}

		loc := wantRedirect(t, a.post(t, newURL, with(sent, "name.sv", "Säkerhetskopior")), "/projects/*")
		if h := oneH1(t, a.get(t, loc+"?lang=sv")); h != "1.2 Säkerhetskopior" {
			t.Errorf("saved project's Swedish h1 %q", h)
		}

		// Finnish-only: one name field, unlabelled by language.
		fiURL := "/portfolios/" + id(w.fiOnlyPf.ID) + "/projects/new"
		fiForm := a.get(t, fiURL+"?lang=fi")
		wantText(t, fiForm, `<label for="f-name-fi">Nimi <span class="req"`)
		wantNoText(t, fiForm, `name="name.sv"`, "suomeksi")
		wantRedirect(t, a.post(t, fiURL, with(formValues(t, fiForm), "code", "9.1", "name.fi", "Uusi hanke")), "/projects/*")

		// A Swedish text posted to a Finnish-only organisation is refused,
		// naming the field and the language.
		p = a.post(t, fiURL, with(formValues(t, fiForm), "code", "9.2", "name.fi", "Toinen", "name.sv", "Annan"))
		wantStatus(t, p, http.StatusUnprocessableEntity)
		p = a.post(t, fiURL+"?lang=fi", with(formValues(t, fiForm), "code", "9.2", "name.fi", "Toinen", "name.sv", "Annan"))
		wantStatus(t, p, http.StatusUnprocessableEntity)
		wantText(t, p, `<a href="#f-name-sv">Nimi ruotsiksi: Organisaatio ei käytä tätä kieltä.`,
			`id="f-name-sv" name="name.sv" lang="sv" value="Annan"`)
	})
}

// TestOrganisationLanguagesForm: the organisation form sets the content
// languages; a required language needs its name.
func TestOrganisationLanguagesForm(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		w := newTextWorld(t, a)
		edit := "/organisations/" + id(w.fiOnly.ID) + "/edit"
		form := formValues(t, a.get(t, edit))
		if form.Get("primary_language") != "fi" || form.Get("name.fi") != "Naantalin kaupunki" {
			t.Fatalf("edit form %v", form)
		}
		form.Set("languages", "sv")
		form.Set("required_languages", "sv")
		p := a.post(t, edit, form)
		wantStatus(t, p, http.StatusUnprocessableEntity)
		// The Swedish name field appears, with its error.
		if got := fieldError(p, "name.sv"); got != "Tämä tieto on pakollinen." {
			t.Errorf("error at name.sv %q\n%s", got, excerpt(p.Body))
		}
		form.Set("name.sv", "Nådendals stad")
		wantRedirect(t, a.post(t, edit, form), "/organisations")
		o := a.organisation(t, "Naantalin kaupunki")
		if o.Name.SV != "Nådendals stad" || strings.Join(o.Languages.Used, ",") != "fi,sv" || strings.Join(o.Languages.Required, ",") != "fi,sv" {
			t.Errorf("stored %+v %+v", o.Name, o.Languages)
		}
		// Its portfolio now needs a Swedish name to be saved.
		pfEdit := "/portfolios/" + id(w.fiOnlyPf.ID) + "/edit"
		p = a.post(t, pfEdit, formValues(t, a.get(t, pfEdit)))
		wantStatus(t, p, http.StatusUnprocessableEntity)
		if got := fieldError(p, "name.sv"); got != "Tämä tieto on pakollinen." {
			t.Errorf("portfolio error at name.sv %q", got)
		}
	})
}

// TestTextsInAPI: the API writes and reads each language and round-trips
// them; bad languages are errors naming the field and the language, and
// change nothing.
func TestTextsInAPI(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		ctx := salkku.System(context.Background())
		city := &salkku.Organisation{Name: salkku.Text{FI: "Raaseporin kaupunki", SV: "Raseborgs stad"},
			Languages: salkku.Languages{Used: []string{"sv", "fi"}, Required: []string{"sv", "fi"}}}
		must(t, a.db.CreateOrganisation(ctx, city))
		pf := &salkku.Portfolio{OrganisationID: city.ID, Name: salkku.Text{FI: "Digitalisaatio", SV: "Digitalisering"}}
		must(t, a.db.CreatePortfolio(ctx, pf))

		name := map[string]any{"fi": "Palomuuri", "sv": "Brandvägg"}
		created := a.create("projects", map[string]any{"portfolio_id": pf.ID, "code": "1", "name": name,
			"description": map[string]any{"sv": "Brandväggar köps som tjänst."}})
		got := a.get("projects", created["id"])
		if n, _ := got["name"].(map[string]any); n["fi"] != "Palomuuri" || n["sv"] != "Brandvägg" {
			t.Errorf("name %v", got["name"])
		}
		if d, _ := got["description"].(map[string]any); len(d) != 1 || d["sv"] != "Brandväggar köps som tjänst." {
			t.Errorf("description %v", got["description"])
		}
		// The document as read goes back as it is.
		a.do("PUT", "/api/v1/projects/"+apiID(created["id"]), got).want(t, http.StatusOK)
		if again := a.get("projects", created["id"]); apiJSON(again["name"]) != apiJSON(name) {
			t.Errorf("after the round trip: %v", again["name"])
		}
		before := a.snapshot()
		for _, c := range []struct {
			name  string
			text  any
			field string
		}{
			{"MissingRequired", map[string]any{"fi": "Vain suomeksi"}, "name.sv"},
			{"UnusedLanguage", map[string]any{"fi": "Palomuuri", "sv": "Brandvägg", "en": "Firewall"}, "name.en"},
			{"UnknownLanguage", map[string]any{"fi": "Palomuuri", "se": "Brandvägg"}, "name.se"},
			{"TooLongInOne", map[string]any{"fi": "Palomuuri", "sv": strings.Repeat("å", salkku.MaxNameLen+1)}, "name.sv"},
			{"WrongType", 5, "name"},
		} {
			t.Run(c.name, func(t *testing.T) {
				e := a.do("POST", "/api/v1/projects", map[string]any{"portfolio_id": pf.ID, "code": "2", "name": c.text}).
					wantError(t, http.StatusBadRequest, "invalid", c.field)
				if e.Error.Fields[c.field] == "" {
					t.Errorf("no message at %s: %v", c.field, e.Error.Fields)
				}
			})
		}
		a.unchanged(before)

		// The list sorts by the reader's language.
		a.create("projects", map[string]any{"portfolio_id": pf.ID, "code": "3", "name": map[string]any{"fi": "Aalto", "sv": "Ö-projekt"}})
		order := func(lang string) string {
			var out []string
			for _, it := range a.listOfWith("/api/v1/projects?portfolio_id="+apiID(pf.ID)+"&sort=name", "Accept-Language", lang) {
				out = append(out, it["code"].(string))
			}
			return strings.Join(out, " ")
		}
		if got := order("fi"); got != "3 1" {
			t.Errorf("Finnish order %s", got)
		}
		if got := order("sv"); got != "1 3" {
			t.Errorf("Swedish order %s", got)
		}
	})
}

// TestTextsInAudit: the history says which language changed.
func TestTextsInAudit(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		w := newTextWorld(t, a)
		edit := "/projects/" + id(w.project.ID) + "/edit"
		wantRedirect(t, a.post(t, edit, with(formValues(t, a.get(t, edit)), "name.sv", "Brandväggen")), "/projects/*")
		h := a.get(t, "/projects/"+id(w.project.ID)+"/history")
		wantText(t, h, "Nimi ruotsiksi", "Brandvägg", "Brandväggen")
	})
}

// listOfWith is listOf with request headers.
func (a *apiTest) listOfWith(path string, headers ...string) []map[string]any {
	a.t.Helper()
	res := a.do("GET", path, nil, headers...).want(a.t, http.StatusOK)
	var body struct {
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal(res.Body, &body); err != nil {
		a.t.Fatalf("%s: %v", path, err)
	}
	return body.Items
}
