package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

// TestProjectCreate fills in every field of a new project, follows the
// redirect and finds every field on the project's page, with the flash
// shown once.
func TestProjectCreate(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		pf := a.portfolio(t, naantaliName)
		infra := a.category(t, pf.ID, "Perusinfrastruktuurihankkeet")
		kristiina, hanna, jouko := a.person(t, "Kristiina Taskinen"), a.person(t, "Hanna Mara"), a.person(t, "Jouko Selkälä")

		newURL := "/portfolios/" + id(pf.ID) + "/projects/new"
		form := formValues(t, a.get(t, newURL+"?category_id="+id(infra.ID)))
		// A new project is brought in at the model's first phase unless
		// another is chosen; there is no status to set by hand.
		if form.Get("category_id") != id(infra.ID) || form.Get("phase") != "proposal" || form.Has("status") {
			t.Fatalf("new form starts with %v", form)
		}
		sent := with(form,
			"code", "2.7", "name", "Varmuuskopioinnin uusiminen",
			"description", "Varmuuskopiot siirretään pilveen.\r\n\r\nPalautus testataan neljännesvuosittain.",
			"phase", "implementation", "mandatory", "true", "tags", "H, tietoturva",
			"start", "10/2017", "end", "2018-04",
			"owner_id", id(kristiina.ID), "manager_id", id(hanna.ID), "service_owner_id", id(jouko.ID),
			"vendors", "DNA Oy\r\nTiera")
		loc := wantRedirect(t, a.post(t, newURL, sent), "/projects/*")

		p := a.get(t, loc)
		wantStatus(t, p, http.StatusOK)
		if h := oneH1(t, p); h != "2.7 Varmuuskopioinnin uusiminen" {
			t.Errorf("h1 %q", h)
		}
		wantText(t, p, "Tallennettu.", "Käynnissä", "10/2017 – 4/2018", "Perusinfrastruktuurihankkeet", naantaliName,
			"Kristiina Taskinen", "Hanna Mara", "Jouko Selkälä", "DNA Oy, Tiera", "Pakollinen",
			`<span class="tag">H</span>`, `<span class="tag">tietoturva</span>`,
			`<div class="desc"><p>Varmuuskopiot siirretään pilveen.</p><p>Palautus testataan neljännesvuosittain.</p></div>`)
		wantNoText(t, a.get(t, loc), "Tallennettu.")

		// The new project is in the overview, in its category.
		wantText(t, a.get(t, "/portfolios/"+id(pf.ID)+"?category="+id(infra.ID)), "Varmuuskopioinnin uusiminen")
		// The edit form shows what was saved.
		edit := formValues(t, a.get(t, loc+"/edit"))
		if edit.Has("phase") || edit.Has("status") {
			t.Errorf("the edit form sets the phase or status by hand: %v", edit)
		}
		wantText(t, a.get(t, loc+"/gates"), "Toteutus")
		for _, f := range []string{"code", "name", "mandatory", "start", "owner_id", "manager_id", "service_owner_id", "category_id"} {
			if edit.Get(f) != sent.Get(f) {
				t.Errorf("edit form %s = %q, want %q", f, edit.Get(f), sent.Get(f))
			}
		}
		if edit.Get("end") != "4/2018" || edit.Get("tags") != "H, tietoturva" || edit.Get("vendors") != "DNA Oy\nTiera" {
			t.Errorf("edit form end %q tags %q vendors %q", edit.Get("end"), edit.Get("tags"), edit.Get("vendors"))
		}
	})
}

// TestProjectInvalid sends forms that break a rule: each comes back with
// the error at its field, in Finnish, and everything the user typed still
// in the inputs; nothing is stored.
func TestProjectInvalid(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		pf := a.portfolio(t, naantaliName)
		infra := a.category(t, pf.ID, "Perusinfrastruktuurihankkeet")
		kristiina := a.person(t, "Kristiina Taskinen")
		newURL := "/portfolios/" + id(pf.ID) + "/projects/new"
		valid := with(formValues(t, a.get(t, newURL)),
			"code", "9.9", "name", "Uusi <hanke> & \"lainaus\"", "category_id", id(infra.ID), "description", "Rivi 1\nRivi 2",
			"start", "1/2018", "end", "6/2018", "manager_id", id(kristiina.ID), "vendors", "Tiera\nDNA Oy", "tags", "H")
		p21 := a.project(t, pf.ID, "2.1")

		for _, tc := range []struct {
			name    string
			path    string
			form    url.Values
			status  int
			field   string
			err     string
			summary string
		}{
			{"empty name", newURL, with(valid, "name", "   "), http.StatusUnprocessableEntity, "name", "Tämä tieto on pakollinen.", ""},
			{"empty code", newURL, with(valid, "code", ""), http.StatusUnprocessableEntity, "code", "Tämä tieto on pakollinen.", ""},
			{"month 13", newURL, with(valid, "start", "13/2017"), http.StatusUnprocessableEntity, "start", "Kuukauden on oltava 1–12.", ""},
			{"month not a month", newURL, with(valid, "end", "kesäkuu"), http.StatusUnprocessableEntity, "end",
				"Kirjoita kuukausi muodossa kk/vvvv, esimerkiksi 10/2017.", ""},
			{"end before start", newURL, with(valid, "start", "5/2018", "end", "1/2018"), http.StatusUnprocessableEntity, "end",
				"Loppukuukausi on ennen alkukuukautta.", ""},
			{"continuous with an end", newURL, with(valid, "continuous", "true"), http.StatusUnprocessableEntity, "end",
				"Jatkuvalla hankkeella ei ole loppukuukautta.", ""},
			{"unknown phase", newURL, with(valid, "phase", "valmis"), http.StatusUnprocessableEntity, "phase", "Elinkaarimallissa ei ole tätä vaihetta.", ""},
			{"person that does not exist", newURL, with(valid, "owner_id", "999999"), http.StatusUnprocessableEntity, "owner_id",
				"Valittua kohdetta ei ole olemassa.", ""},
			// A code taken in the portfolio conflicts with a stored
			// project: 409, with the error at the field and the code in
			// the summary.
			{"duplicate code", newURL, with(valid, "code", "2.1"), http.StatusConflict, "code", "Tunnus on jo käytössä tässä salkussa.",
				"Tunnus 2.1 on jo käytössä tässä salkussa."},
			{"duplicate code on edit", "/projects/" + id(p21.ID) + "/edit", with(valid, "code", "2.2", "version", id(int64(p21.Version))),
				http.StatusConflict, "code", "Tunnus on jo käytössä tässä salkussa.", "Tunnus 2.2 on jo käytössä tässä salkussa."},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, before, _ := a.db.FindProjects(salkku.System(context.Background()), salkku.ProjectFilter{PortfolioID: &pf.ID})
				p := a.post(t, tc.path, tc.form)
				wantStatus(t, p, tc.status)
				oneH1(t, p)
				if got := fieldError(p, tc.field); got != tc.err {
					t.Errorf("error at %s: %q, want %q", tc.field, got, tc.err)
				}
				control := `id="f-` + tc.field + `" name="` + tc.field
				if tc.field == "name" || tc.field == "description" {
					control = `id="f-` + tc.field + `-fi" name="` + tc.field + `.fi" lang="fi"`
				}
				if !strings.Contains(p.Body, control) || !strings.Contains(p.Body, `aria-invalid="true"`) {
					t.Errorf("field %s is not marked invalid", tc.field)
				}
				wantText(t, p, "Lomakkeessa on korjattavaa", tc.summary)
				kept := []string{"code", "name", "category_id", "description", "start", "end", "manager_id", "owner_id", "vendors", "tags", "status"}
				if tc.field == "status" || tc.field == "owner_id" {
					// A select cannot show a choice it does not offer.
					kept = slices.DeleteFunc(kept, func(f string) bool { return f == tc.field })
				}
				wantKept(t, p, tc.form, kept...)
				_, after, _ := a.db.FindProjects(salkku.System(context.Background()), salkku.ProjectFilter{PortfolioID: &pf.ID})
				if after != before {
					t.Errorf("%d projects after, %d before", after, before)
				}
				if got := a.project(t, pf.ID, "2.1"); got.Name != p21.Name || got.Version != p21.Version {
					t.Errorf("2.1 changed: %+v", got)
				}
			})
		}
	})
}

// TestProjectDelete confirms, deletes and goes back to the portfolio; the
// project's work packages go with it.
func TestProjectDelete(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		kara := a.portfolio(t, karaName)
		kp := a.project(t, kara.ID, "KaRa")
		oa1 := a.workPackage(t, kp.ID, "OA1")
		path := "/projects/" + id(kp.ID)

		p := a.get(t, path+"/delete")
		wantStatus(t, p, http.StatusOK)
		wantText(t, p, "Poistetaanko hanke KaRa Kainuun rakenneuudistus", "työpaketteineen")
		if !strings.Contains(p.Body, `<form method="post">`) || !strings.Contains(p.Body, `href="`+path+`"`) {
			t.Errorf("confirmation lacks the form or the way back")
		}
		wantStatus(t, a.get(t, path), http.StatusOK) // a GET deletes nothing

		wantRedirect(t, a.post(t, path+"/delete", nil), "/portfolios/"+id(kara.ID))
		wantText(t, a.get(t, "/portfolios/"+id(kara.ID)), "Poistettu.")
		wantStatus(t, a.get(t, path), http.StatusNotFound)
		wantStatus(t, a.get(t, "/workpackages/"+id(oa1.ID)+"/edit"), http.StatusNotFound)
	})
}
