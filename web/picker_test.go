package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/demo"
)

// suggestions asks /people/suggest and returns the names answered.
func suggestions(t *testing.T, a getter, query string) []string {
	t.Helper()
	var names []string
	for _, s := range suggestAt(t, a, "/people/suggest?"+query) {
		names = append(names, s.Name)
	}
	return names
}

// getter is a browser: an app signed in as someone.
type getter interface {
	get(*testing.T, string, ...string) *page
}

// suggestion is one answer of a picker's suggestion endpoint.
type suggestion struct {
	ID                 int64
	Name, Value, Label string
}

// suggestAt asks a suggestion endpoint.
func suggestAt(t *testing.T, a getter, path string) []suggestion {
	t.Helper()
	p := a.get(t, path)
	wantStatus(t, p, http.StatusOK)
	var got []suggestion
	if err := json.Unmarshal([]byte(p.Body), &got); err != nil {
		t.Fatalf("%s: %v\n%s", p, err, p.Body)
	}
	return got
}

// TestProjectManagerNamedInUI: a user made by an admin is a person at
// once; naming them as a project's manager in the project form lets them
// edit that project and nothing else, and naming someone else takes it
// away. The admin sees where the role comes from.
func TestProjectManagerNamedInUI(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		ctx := salkku.System(context.Background())
		a := newAuthApp(t, engine, authOptions{})
		w := newAuditWorld(t, a, "Paula Projektitoimisto")
		other := &salkku.Project{PortfolioID: w.portfolio.ID, Code: "2.2", Name: salkku.T("Varmuuskopiot")}
		must(t, a.db.CreateProject(ctx, other))
		mine, theirs := "/projects/"+id(w.project.ID), "/projects/"+id(other.ID)

		// The admin makes the user; their person comes with them.
		loc := wantRedirect(t, a.post(t, "/admin/users/new", url.Values{"name": {"Maija Manageri"}, "email": {"Maija.Manageri@test.invalid"},
			"password": {authPassword}}), "/admin/users/*")
		u, err := a.db.FindUserByEmail(ctx, "maija.manageri@test.invalid")
		must(t, err)
		if u.PersonID == nil {
			t.Fatal("the new user has no person")
		}
		wantText(t, a.get(t, loc), fiMsg("admin.person"), `href="/people/`+id(*u.PersonID)+`/edit"`)
		wantText(t, a.get(t, "/people?q=manageri"), "Maija Manageri", `href="/admin/users/`+id(u.ID)+`"`)
		if got := suggestions(t, a, "organisation_id="+id(w.portfolio.OrganisationID)+"&q=maija"); !slices.Equal(got, []string{"Maija Manageri"}) {
			t.Errorf("suggested %v", got)
		}

		m := a.as(t, u)
		wantStatus(t, m.get(t, mine+"/edit"), http.StatusForbidden)

		// Named by typing the name, in any case.
		form := formValues(t, a.get(t, mine+"/edit"))
		form.Set("manager_id_name", "maija MANAGERI")
		wantRedirect(t, a.post(t, mine+"/edit", form), mine)
		if p, _ := a.db.FindProjectByID(ctx, w.project.ID); p.ManagerID == nil || *p.ManagerID != *u.PersonID {
			t.Fatalf("manager %v, want %d", p.ManagerID, *u.PersonID)
		}
		wantText(t, a.get(t, loc), fiMsg("admin.managed_roles"), fiMsg("admin.from_manager_field"), "2.1 Palomuuri")

		// They may edit that project, not delete it, and nothing else.
		edit := m.get(t, mine+"/edit")
		wantStatus(t, edit, http.StatusOK)
		wantText(t, edit, `value="Maija Manageri"`)
		mf := formValues(t, edit)
		setField(mf, "description", "Päällikön kuvaus")
		wantRedirect(t, m.post(t, mine+"/edit", mf), mine)
		wantStatus(t, m.get(t, mine+"/delete"), http.StatusForbidden)
		wantStatus(t, m.get(t, theirs+"/edit"), http.StatusForbidden)
		of := formValues(t, a.get(t, theirs+"/edit"))
		setField(of, "description", "Ei sinun")
		wantStatus(t, m.post(t, theirs+"/edit", of), http.StatusForbidden)
		wantStatus(t, m.get(t, "/portfolios/"+id(w.portfolio.ID)+"/edit"), http.StatusForbidden)

		// Another manager named: the role is gone.
		form = formValues(t, a.get(t, mine+"/edit"))
		form.Set("manager_id_name", "Paula Projektitoimisto")
		wantRedirect(t, a.post(t, mine+"/edit", form), mine)
		wantStatus(t, m.get(t, mine+"/edit"), http.StatusForbidden)
		wantNoText(t, a.get(t, loc), fiMsg("admin.from_manager_field"))
		if gs, _ := a.db.FindGrants(ctx, u.ID); len(gs) != 0 {
			t.Errorf("grants were stored: %+v", gs)
		}
	})
}

// TestPersonPicker resolves typed names without JavaScript: an exact name
// or e-mail is chosen, several matches come back to choose from, none is
// a field error, and list pickers add by name and drop by unticking. The
// demo's sign-ins are people to pick.
func TestPersonPicker(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		ctx := salkku.System(context.Background())
		if _, _, err := demo.Users(ctx, a.db, a.db); err != nil {
			t.Fatal(err)
		}
		// KaRa's people are of Kainuun sote.
		pf := a.portfolio(t, karaName)
		p := a.project(t, pf.ID, "KaRa")
		edit := "/projects/" + id(p.ID) + "/edit"
		org := "organisation_id=" + id(pf.OrganisationID)
		stored := func() *salkku.Project {
			t.Helper()
			got, err := a.db.FindProjectByID(ctx, p.ID)
			must(t, err)
			return got
		}
		manager := func() int64 {
			if m := stored().ManagerID; m != nil {
				return *m
			}
			return 0
		}
		post := func(t *testing.T, kv ...string) *page {
			t.Helper()
			return a.post(t, edit, with(formValues(t, a.get(t, edit)), kv...))
		}

		t.Run("DemoSignInsArePeople", func(t *testing.T) {
			got := suggestions(t, a, org+"&q=demo")
			for _, name := range []string{"Demo Hankepäällikkö", "Demo Katselija", "Demo Pääkäyttäjä", "Demo Salkunomistaja"} {
				if !slices.Contains(got, name) {
					t.Errorf("%q not suggested: %v", name, got)
				}
			}
			wantRedirect(t, post(t, "manager_id_name", "Demo Hankepäällikkö"), "/projects/*")
			u, err := a.db.FindUserByEmail(ctx, "hankepaallikko@demo.invalid")
			must(t, err)
			if got := manager(); u.PersonID == nil || got != *u.PersonID {
				t.Errorf("manager %d, want the demo user's person %v", got, u.PersonID)
			}
		})

		t.Run("ErrUnknownName", func(t *testing.T) {
			before := stored()
			r := post(t, "manager_id_name", "Ei Ketään Tällaista")
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if got := fieldError(r, "manager_id"); got != fiMsg("error.person_unknown") {
				t.Errorf("error %q", got)
			}
			wantText(t, r, `id="f-manager_id" name="manager_id_name" value="Ei Ketään Tällaista"`, `aria-describedby="f-manager_id-hint f-manager_id-error" aria-invalid="true"`,
				`href="#f-manager_id"`)
			if got := stored(); got.Version != before.Version {
				t.Errorf("the project changed")
			}
		})

		t.Run("SeveralMatchesToChooseFrom", func(t *testing.T) {
			anna1 := &salkku.Person{Name: "Anna Laine", Email: "anna.laine@naantali.fi", OrganisationID: &pf.OrganisationID}
			anna2 := &salkku.Person{Name: "Anna Laine", Email: "anna.laine2@naantali.fi", Title: "suunnittelija", OrganisationID: &pf.OrganisationID}
			must(t, a.db.CreatePerson(ctx, anna1))
			must(t, a.db.CreatePerson(ctx, anna2))
			r := post(t, "manager_id_name", "anna laine")
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if got := fieldError(r, "manager_id"); got != fiMsg("error.person_ambiguous") {
				t.Errorf("error %q", got)
			}
			wantText(t, r, fiMsg("picker.choose"), `name="manager_id_pick" value="`+id(anna1.ID)+`"`, `name="manager_id_pick" value="`+id(anna2.ID)+`"`,
				"Anna Laine (suunnittelija) <anna.laine2@naantali.fi>")
			// Picking one saves it.
			form := formValues(t, r)
			form.Set("manager_id_pick", id(anna2.ID))
			wantRedirect(t, a.post(t, edit, form), "/projects/*")
			if got := manager(); got != anna2.ID {
				t.Errorf("manager %d, want %d", got, anna2.ID)
			}
			// The e-mail picks one as well.
			wantRedirect(t, post(t, "manager_id_name", "ANNA.LAINE@naantali.fi"), "/projects/*")
			if got := manager(); got != anna1.ID {
				t.Errorf("manager %d, want %d", got, anna1.ID)
			}
			// The edit form shows the name; saving it unchanged keeps the
			// person although the name is shared.
			if got := formValues(t, a.get(t, edit)).Get("manager_id_name"); got != "Anna Laine" {
				t.Errorf("the form shows %q", got)
			}
			wantRedirect(t, post(t, "description", "toinen kuvaus"), "/projects/*")
			if got := manager(); got != anna1.ID {
				t.Errorf("manager %d after an unchanged save, want %d", got, anna1.ID)
			}
		})

		t.Run("PartOfANameIsOffered", func(t *testing.T) {
			r := post(t, "owner_id_name", "taskin")
			wantStatus(t, r, http.StatusUnprocessableEntity)
			kristiina := a.person(t, "Kristiina Taskinen")
			wantText(t, r, `name="owner_id_pick" value="`+id(kristiina.ID)+`"`)
		})

		t.Run("ClearedNamesNoOne", func(t *testing.T) {
			wantRedirect(t, post(t, "manager_id_name", " "), "/projects/*")
			if got := stored().ManagerID; got != nil {
				t.Errorf("manager %d, want none", *got)
			}
		})

		t.Run("PeopleOfAnotherOrganisationAreNotFound", func(t *testing.T) {
			naantali := a.organisation(t, "Naantalin kaupunki")
			must(t, a.db.CreatePerson(ctx, &salkku.Person{Name: "Naantalin Nimetty", OrganisationID: &naantali.ID}))
			r := post(t, "service_owner_id_name", "Naantalin Nimetty")
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if got := fieldError(r, "service_owner_id"); got != fiMsg("error.person_unknown") {
				t.Errorf("error %q", got)
			}
		})

		t.Run("BoardAddsByNameAndDropsUnticked", func(t *testing.T) {
			pedit := "/portfolios/" + id(pf.ID) + "/edit"
			kristiina, hanna := a.person(t, "Kristiina Taskinen"), a.person(t, "Hanna Mara")
			form := formValues(t, a.get(t, pedit))
			form.Del("board_ids")
			form.Set("board_ids_name", "Kristiina Taskinen")
			wantRedirect(t, a.post(t, pedit, form), "/portfolios/*")
			form = formValues(t, a.get(t, pedit))
			if got := form["board_ids"]; !slices.Equal(got, []string{id(kristiina.ID)}) {
				t.Fatalf("board %v, want Kristiina", got)
			}
			form.Set("board_ids_name", "hanna mara")
			wantRedirect(t, a.post(t, pedit, form), "/portfolios/*")
			got, err := a.db.FindPortfolioByID(ctx, pf.ID)
			must(t, err)
			if !slices.Equal(got.BoardIDs, []int64{kristiina.ID, hanna.ID}) {
				t.Errorf("board %v", got.BoardIDs)
			}
			form = formValues(t, a.get(t, pedit))
			form["board_ids"] = []string{id(hanna.ID)} // Kristiina unticked
			wantRedirect(t, a.post(t, pedit, form), "/portfolios/*")
			if got, _ := a.db.FindPortfolioByID(ctx, pf.ID); !slices.Equal(got.BoardIDs, []int64{hanna.ID}) {
				t.Errorf("board %v after unticking", got.BoardIDs)
			}
		})

		t.Run("ResponsibleByName", func(t *testing.T) {
			wpNew := "/projects/" + id(p.ID) + "/workpackages/new"
			form := formValues(t, a.get(t, wpNew))
			setField(form, "name", "Nimellä valittu")
			form.Set("responsible_ids_name", "Hanna Mara")
			wantRedirect(t, a.post(t, wpNew, form), "/projects/*")
			wps, err := a.db.FindWorkPackages(ctx, p.ID)
			must(t, err)
			hanna := a.person(t, "Hanna Mara")
			for _, wp := range wps {
				if wp.Name.FI == "Nimellä valittu" && !slices.Equal(wp.ResponsibleIDs, []int64{hanna.ID}) {
					t.Errorf("responsible %v", wp.ResponsibleIDs)
				}
			}
		})
	})
}

// TestPeopleSuggest: suggestions are bounded and hold only people the
// caller may see.
func TestPeopleSuggest(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		ctx := salkku.System(context.Background())
		a := newAuthApp(t, engine, authOptions{})
		w := newAuditWorld(t, a, "Paula Projektitoimisto")
		orgB := &salkku.Organisation{Name: salkku.T("Kaarinan kaupunki")}
		must(t, a.db.CreateOrganisation(ctx, orgB))
		for i := range 30 {
			must(t, a.db.CreatePerson(ctx, &salkku.Person{Name: fmt.Sprintf("Naantalilainen %02d", i), OrganisationID: &w.portfolio.OrganisationID}))
		}
		must(t, a.db.CreatePerson(ctx, &salkku.Person{Name: "Kaarinalainen", OrganisationID: &orgB.ID}))

		v := a.as(t, w.viewer)
		if got := suggestions(t, v, "q=lainen"); len(got) != salkku.MaxSuggestions || got[0] != "Naantalilainen 00" {
			t.Errorf("viewer: %d suggestions %v", len(got), got)
		}
		if got := suggestions(t, v, "q=kaarinalainen"); len(got) != 0 {
			t.Errorf("viewer sees another organisation's people: %v", got)
		}
		if got := suggestions(t, v, "q=kaarinalainen&organisation_id="+id(orgB.ID)); len(got) != 0 {
			t.Errorf("viewer sees another organisation's people by asking for it: %v", got)
		}
		if got := suggestions(t, a, "q=kaarinalainen&organisation_id="+id(orgB.ID)); !slices.Equal(got, []string{"Kaarinalainen"}) {
			t.Errorf("admin: %v", got)
		}
		if got := suggestions(t, a, "q=kaarinalainen&organisation_id="+id(w.portfolio.OrganisationID)); len(got) != 0 {
			t.Errorf("limited to the organisation: %v", got)
		}
		// An exact name is always among the suggestions.
		if got := suggestions(t, a, "q=Naantalilainen+29"); !slices.Equal(got, []string{"Naantalilainen 29"}) {
			t.Errorf("exact: %v", got)
		}
		for _, q := range []string{"q=%00", "q=%ff", "organisation_id=x&q=a"} {
			if p := a.get(t, "/people/suggest?"+q); p.Status < 400 || p.Status >= 500 {
				t.Errorf("%s: status %d", q, p.Status)
			}
		}
	})
}

// TestPickerKeepsUnseenPeople: a project names, as its owner and in a work
// package, people of another organisation (an admin set them); the project
// office, who may not see those people, saves the forms as shown and the
// people stay, shown by the names the records give.
func TestPickerKeepsUnseenPeople(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		ctx := salkku.System(context.Background())
		a := newAuthApp(t, engine, authOptions{})
		w := newAuditWorld(t, a, "Paula Projektitoimisto")
		partner := &salkku.Organisation{Name: salkku.T("Kumppani Oy")}
		must(t, a.db.CreateOrganisation(ctx, partner))
		expert := &salkku.Person{OrganisationID: &partner.ID, Name: "Eero Ulkopuolinen"}
		must(t, a.db.CreatePerson(ctx, expert))
		p, err := a.db.FindProjectByID(ctx, w.project.ID)
		must(t, err)
		p.OwnerID = &expert.ID
		must(t, a.db.UpdateProject(ctx, p))
		wp := &salkku.WorkPackage{ProjectID: p.ID, Code: "OA1", Name: salkku.T("Selvitys"), ResponsibleIDs: []int64{expert.ID}}
		must(t, a.db.CreateWorkPackage(ctx, wp))

		office := a.as(t, w.office)
		edit := "/projects/" + id(p.ID) + "/edit"
		form := formValues(t, office.get(t, edit))
		if form.Get("owner_id_name") != expert.Name {
			t.Errorf("the owner field shows %q, want %q", form.Get("owner_id_name"), expert.Name)
		}
		wantRedirect(t, office.post(t, edit, form), "/projects/"+id(p.ID))
		if got, _ := a.db.FindProjectByID(ctx, p.ID); got.OwnerID == nil || *got.OwnerID != expert.ID {
			t.Errorf("after saving as shown the owner is %v, want %d", got.OwnerID, expert.ID)
		}

		wpEdit := "/workpackages/" + id(wp.ID) + "/edit"
		form = formValues(t, office.get(t, wpEdit))
		wantRedirect(t, office.post(t, wpEdit, form), "/projects/"+id(p.ID))
		if got, _ := a.db.FindWorkPackageByID(ctx, wp.ID); !slices.Equal(got.ResponsibleIDs, []int64{expert.ID}) {
			t.Errorf("after saving as shown the responsible people are %v, want [%d]", got.ResponsibleIDs, expert.ID)
		}
		// A posted id of someone the office may not see is still refused.
		other := &salkku.Person{OrganisationID: &partner.ID, Name: "Outi Toinen"}
		must(t, a.db.CreatePerson(ctx, other))
		form = formValues(t, office.get(t, edit))
		form.Del("owner_id_name")
		form.Set("owner_id", id(other.ID))
		if pg := office.post(t, edit, form); pg.Status != http.StatusUnprocessableEntity {
			t.Errorf("naming an unseen person: %d, want 422", pg.Status)
		}
	})
}
