package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/web/ui"
)

// suggested asks a suggestion endpoint and returns the labels answered.
func suggested(t *testing.T, a getter, path string) []string {
	t.Helper()
	out := []string{}
	for _, s := range suggestAt(t, a, path) {
		out = append(out, s.Label)
	}
	return out
}

// pickerWorld is an organisation beside the audit world's, with a
// portfolio and a project the audit world's viewer may not see.
type pickerWorld struct {
	*auditWorld
	orgB      *salkku.Organisation
	portfolio *salkku.Portfolio
	project   *salkku.Project
}

func newPickerWorld(t *testing.T, a *authApp) *pickerWorld {
	t.Helper()
	ctx := salkku.System(context.Background())
	w := &pickerWorld{auditWorld: newAuditWorld(t, a, "Paula Projektitoimisto")}
	w.orgB = &salkku.Organisation{Name: salkku.T("Kaarinan kaupunki"), BusinessID: "0133226-9"}
	must(t, a.db.CreateOrganisation(ctx, w.orgB))
	w.portfolio = &salkku.Portfolio{OrganisationID: w.orgB.ID, Name: salkku.T("Kaarinan tietohallinto")}
	must(t, a.db.CreatePortfolio(ctx, w.portfolio))
	// The same code as the audit world's project, in another portfolio.
	w.project = &salkku.Project{PortfolioID: w.portfolio.ID, Code: "2.1", Name: salkku.T("Kaarinan palomuuri")}
	must(t, a.db.CreateProject(ctx, w.project))
	return w
}

// TestPickers: the organisation, portfolio and project pickers resolve
// typed names without JavaScript as the person picker does (an exact name
// is chosen, several come back to choose from, none is a field error),
// and their suggestions are bounded and hold only what the caller may
// see.
func TestPickers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		ctx := salkku.System(context.Background())
		a := newAuthApp(t, engine, authOptions{})
		w := newPickerWorld(t, a)
		v := a.as(t, w.viewer)
		// newPortfolio posts the new-portfolio form with the organisation
		// typed.
		newPortfolio := func(t *testing.T, name, org string) *page {
			t.Helper()
			return a.post(t, "/portfolios/new", with(formValues(t, a.get(t, "/portfolios/new")), "name", name, "organisation_id_name", org))
		}

		t.Run("SuggestionsAreBounded", func(t *testing.T) {
			for i := range 30 {
				must(t, a.db.CreateOrganisation(ctx, &salkku.Organisation{Name: salkku.T(fmt.Sprintf("Kunta %02d", i))}))
			}
			if got := suggested(t, v, "/organisations/suggest?q=kunta"); len(got) != salkku.MaxSuggestions || got[0] != "Kunta 00" {
				t.Errorf("%d suggestions %v", len(got), got)
			}
			// An exact name comes first, however many contain it.
			if got := suggested(t, v, "/organisations/suggest?q=kunta+29"); !slices.Equal(got, []string{"Kunta 29"}) {
				t.Errorf("exact: %v", got)
			}
			for _, q := range []string{"q=%00", "q=%ff"} {
				for _, kind := range []string{"organisations", "portfolios", "projects"} {
					if p := a.get(t, "/"+kind+"/suggest?"+q); p.Status < 400 || p.Status >= 500 {
						t.Errorf("%s %s: status %d", kind, q, p.Status)
					}
				}
			}
		})

		t.Run("SuggestionsFollowAccess", func(t *testing.T) {
			if got := suggested(t, v, "/portfolios/suggest?q=tietohallinto"); !slices.Equal(got, []string{"Naantalin kaupunki / Tietohallinto"}) {
				t.Errorf("viewer's portfolios: %v", got)
			}
			if got := suggested(t, a, "/portfolios/suggest?q=tietohallinto"); len(got) != 2 {
				t.Errorf("admin's portfolios: %v", got)
			}
			if got := suggested(t, v, "/projects/suggest?q=palomuuri"); !slices.Equal(got, []string{"Tietohallinto / 2.1 Palomuuri"}) {
				t.Errorf("viewer's projects: %v", got)
			}
			if got := suggested(t, a.as(t, w.stranger), "/projects/suggest?q=palomuuri"); len(got) != 0 {
				t.Errorf("stranger's projects: %v", got)
			}
		})

		t.Run("OrganisationByName", func(t *testing.T) {
			wantRedirect(t, newPortfolio(t, "Uusi salkku", "kaarinan KAUPUNKI"), "/portfolios/*")
			pfs, _, err := a.db.FindPortfolios(ctx, salkku.PortfolioFilter{OrganisationID: &w.orgB.ID})
			must(t, err)
			if len(pfs) != 2 {
				t.Errorf("%d portfolios in Kaarina, want 2", len(pfs))
			}
			// By business id too, and the person form shows it back.
			pform := formValues(t, a.get(t, "/people/new"))
			pform.Set("name", "Kaarinan Kalle")
			pform.Set("organisation_id_name", "0133226-9")
			if r := a.post(t, "/people/new", pform); r.Status != http.StatusSeeOther {
				t.Fatalf("%d %q", r.Status, fieldError(r, "organisation_id"))
			}
			people, _, err := a.db.FindPeople(ctx, salkku.PersonFilter{Query: "kaarinan kalle"})
			must(t, err)
			if len(people) != 1 || people[0].OrganisationID == nil || *people[0].OrganisationID != w.orgB.ID {
				t.Fatalf("people %+v", people)
			}
			edit := a.get(t, "/people/"+id(people[0].ID)+"/edit")
			if got := formValues(t, edit).Get("organisation_id_name"); got != "Kaarinan kaupunki" {
				t.Errorf("the form shows %q", got)
			}
			// The people list filters by the name typed.
			list := a.get(t, "/people?organisation_id_name=Kaarinan+kaupunki")
			if rows := personRows(list); len(rows) != 1 || !strings.HasPrefix(rows[0], "Kaarinan Kalle") || !strings.HasSuffix(rows[0], "Kaarinan kaupunki") {
				t.Errorf("filtered list %v", rows)
			}
		})

		t.Run("ErrUnknownOrganisation", func(t *testing.T) {
			r := newPortfolio(t, "Ei tallennu", "Ei tällaista kuntaa")
			wantPickError(t, r, "organisation_id", "error.organisation_unknown")
			wantText(t, r, `href="#f-organisation_id"`, `id="f-organisation_id" name="organisation_id_name" value="Ei tällaista kuntaa"`,
				`aria-describedby="f-organisation_id-hint f-organisation_id-error" aria-invalid="true"`)
			if got := fieldError(a.get(t, "/people?organisation_id_name=Ei+t%C3%A4llaista"), "organisation_id"); got != fiMsg("error.organisation_unknown") {
				t.Errorf("list filter error %q", got)
			}
		})

		t.Run("SeveralOrganisationsToChooseFrom", func(t *testing.T) {
			r := newPortfolio(t, "Valitulla", "kaupunki")
			wantPickError(t, r, "organisation_id", "error.organisation_ambiguous")
			wantText(t, r, fiMsg("picker.choose_organisation"), `name="organisation_id_pick" value="`+id(w.orgB.ID)+`"`,
				`name="organisation_id_pick" value="`+id(w.auditWorld.portfolio.OrganisationID)+`"`)
			form := formValues(t, r)
			form.Set("organisation_id_pick", id(w.orgB.ID))
			loc := wantRedirect(t, a.post(t, "/portfolios/new", form), "/portfolios/*")
			wantText(t, a.get(t, loc), "Kaarinan kaupunki")
		})

		t.Run("GrantByName", func(t *testing.T) {
			u := a.user(t, "valittu@test.invalid", "Valle Valittu", false, authPassword)
			path := "/admin/users/" + id(u.ID)
			grant := func(kv ...string) *page {
				return a.post(t, path, with(url.Values{"action": {"grant"}}, kv...))
			}
			// A portfolio the admin sees, by name.
			wantRedirect(t, grant("role", salkku.RoleViewer, "portfolio_id_name", "Kaarinan tietohallinto"), path)
			// A project code shared by two portfolios: choose one.
			r := grant("role", salkku.RoleProjectManager, "project_id_name", "2.1")
			wantPickError(t, r, "project_id", "error.project_ambiguous")
			wantText(t, r, `name="project_id_pick" value="`+id(w.project.ID)+`"`, `href="#f-project_id"`)
			wantRedirect(t, grant("role", salkku.RoleProjectManager, "project_id_name", "2.1", "project_id_pick", id(w.project.ID)), path)
			r = grant("role", salkku.RoleViewer, "portfolio_id_name", "Ei salkkua")
			wantPickError(t, r, "portfolio_id", "error.portfolio_unknown")
			gs, err := a.db.FindGrants(ctx, u.ID)
			must(t, err)
			var pf, pr bool
			for _, g := range gs {
				pf = pf || g.Role == salkku.RoleViewer && g.PortfolioID != nil && *g.PortfolioID == w.portfolio.ID
				pr = pr || g.Role == salkku.RoleProjectManager && g.ProjectID != nil && *g.ProjectID == w.project.ID
			}
			if len(gs) != 2 || !pf || !pr {
				t.Errorf("grants %+v", gs)
			}
		})

		t.Run("ParentSelect", func(t *testing.T) {
			sub := "/portfolios/new?organisation_id=" + id(w.orgB.ID)
			if p := a.get(t, sub); !strings.Contains(p.Body, `<select id="f-parent_id"`) {
				t.Fatalf("no parent select\n%s", excerpt(p.Body))
			}
		})
	})
}

// wantPickError wants the form back (422) with the picker's field error
// key, linked from the summary.
func wantPickError(t *testing.T, r *page, field, key string) {
	t.Helper()
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := fieldError(r, field); got != fiMsg(key) {
		t.Errorf("%s: error %q, want %s", field, got, key)
	}
	wantText(t, r, `href="#f-`+field+`"`)
}

// TestParentPickerWhenFull: where the user sees more portfolios than a
// select may offer, the parent is a picker, and a portfolio saved
// unchanged keeps its parent. It changes ui.MaxSelectOptions for the whole
// package, so it is not parallel: no parallel test runs beside it.
func TestParentPickerWhenFull(t *testing.T) {
	old := ui.MaxSelectOptions
	ui.MaxSelectOptions = 1
	t.Cleanup(func() { ui.MaxSelectOptions = old })
	forEachEngine(t, func(t *testing.T, engine string) {
		ctx := salkku.System(context.Background())
		a := newAuthApp(t, engine, authOptions{})
		w := newPickerWorld(t, a)
		sub := "/portfolios/new?organisation_id=" + id(w.orgB.ID)
		p := a.get(t, sub)
		if strings.Contains(p.Body, `<select id="f-parent_id"`) || !strings.Contains(p.Body, `name="parent_id_name"`) {
			t.Fatalf("the parent is not a picker\n%s", excerpt(p.Body))
		}
		form := formValues(t, p)
		setField(form, "name", "Alasalkku")
		form.Set("parent_id_name", "Kaarinan tietohallinto")
		loc := wantRedirect(t, a.post(t, "/portfolios/new", form), "/portfolios/*")
		pfs, _, err := a.db.FindPortfolios(ctx, salkku.PortfolioFilter{ParentID: &w.portfolio.ID})
		must(t, err)
		if len(pfs) != 1 || pfs[0].Name.FI != "Alasalkku" {
			t.Fatalf("children %v", pfs)
		}
		// Saved unchanged, the parent stays.
		edit := loc + "/edit"
		ef := formValues(t, a.get(t, edit))
		if ef.Get("parent_id_name") != "Kaarinan tietohallinto" {
			t.Errorf("the edit form shows the parent as %q", ef.Get("parent_id_name"))
		}
		setField(ef, "description", "muutettu")
		wantRedirect(t, a.post(t, edit, ef), "/portfolios/*")
		if got, _ := a.db.FindPortfolioByID(ctx, pfs[0].ID); got.ParentID == nil || *got.ParentID != w.portfolio.ID {
			t.Errorf("parent %v after an unchanged save", got.ParentID)
		}
	})
}
