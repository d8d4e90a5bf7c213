package ui

import (
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

type peoplePage struct {
	web.Base
	Q string
	// Org is the organisation filter's id, OrgPicker its picker.
	Org       string
	OrgPicker Picker
	People    []*salkku.Person
	Pager     pager
	orgs      map[int64]salkku.Text
}

// OrgName names a person's organisation, or nothing.
func (p peoplePage) OrgName(id *int64) template.HTML {
	if id == nil {
		return ""
	}
	return p.Text(p.orgs[*id])
}

// handlePersonList lists people by name, searched, filtered by
// organisation and paged in SQL.
func (s *Server) handlePersonList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	// The organisation is picked by name, as in the forms.
	picks, fe, err := s.resolvePickers(r, q, personOrgPicker)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page := peoplePage{Q: strings.TrimSpace(q.Get("q")), Org: q.Get("organisation_id"), Pager: newPager(q, salkku.DefaultPageSize),
		orgs: map[int64]salkku.Text{}}
	f := salkku.PersonFilter{Query: page.Q}
	// A bad organisation in a hand-edited URL lists everyone.
	if id, err := strconv.ParseInt(page.Org, 10, 64); err == nil && id > 0 {
		f.OrganisationID = &id
	} else {
		page.Org = ""
	}
	err = page.Pager.load(func(pg salkku.Page) (total int, err error) {
		f.Page = pg
		page.People, total, err = s.Register.FindPeople(ctx, f)
		return total, err
	})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	// The organisations of the people shown, in one query.
	var orgIDs []int64
	for _, p := range page.People {
		if p.OrganisationID != nil && !slices.Contains(orgIDs, *p.OrganisationID) {
			orgIDs = append(orgIDs, *p.OrganisationID)
		}
	}
	orgs, err := s.Register.FindOrganisationsByID(ctx, orgIDs)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	for _, o := range orgs {
		page.orgs[o.ID] = o.Name
	}
	b := s.NewBase(r, s.Catalog.T(web.Lang(r), "nav.people"))
	b.Errors = fe
	pickers, err := s.pickers(r, b, picks, map[string][]int64{"organisation_id": ids(f.OrganisationID)}, personOrgPicker)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page.OrgPicker = pickers["organisation_id"]
	b.NavIndex, b.Flash = "people", s.TakeFlash(w, r)
	b.Crumbs = []web.Crumb{{Label: b.Title}}
	page.Base = b
	s.Render(w, r, http.StatusOK, "people", page)
}

// personForm is what the person form posts, kept as typed.
type personForm struct {
	Version                          int
	Name, Email, Title, Organisation string
}

func personFormOf(p *salkku.Person) personForm {
	return personForm{Version: p.Version, Name: p.Name, Email: p.Email, Title: p.Title, Organisation: web.IDString(p.OrganisationID)}
}

func readPersonForm(r *http.Request) personForm {
	v, _ := strconv.Atoi(r.PostFormValue("version"))
	return personForm{Version: v, Name: r.PostFormValue("name"), Email: r.PostFormValue("email"), Title: r.PostFormValue("title"),
		Organisation: r.PostFormValue("organisation_id")}
}

// parse fills p from the form and runs the domain rules.
func (f personForm) parse(p *salkku.Person) salkku.FieldErrors {
	fe := salkku.FieldErrors{}
	p.Version = f.Version
	p.Name, p.Email, p.Title = f.Name, f.Email, f.Title
	p.OrganisationID = web.FormID(fe, "organisation_id", f.Organisation)
	web.MergeValidate(fe, p.Validate())
	return fe
}

type personFormPage struct {
	web.Base
	Form    personForm
	Editing *salkku.Person
	// Pickers holds the organisation_id picker.
	Pickers map[string]Picker
}

// personOrgPicker is the person form's and list filter's organisation.
var personOrgPicker = pickField{name: "organisation_id", kind: organisationKind}

func (s *Server) handlePersonNew(w http.ResponseWriter, r *http.Request) {
	if s.Allowed(w, r, web.AccessOf(r).CanManagePeople()) {
		s.savePerson(w, r, nil, personForm{Organisation: r.URL.Query().Get("organisation_id")})
	}
}

func (s *Server) handlePersonEdit(w http.ResponseWriter, r *http.Request) {
	if p, ok := s.loadPerson(w, r); ok && s.Allowed(w, r, web.AccessOf(r).CanManagePerson(p.OrganisationID)) {
		s.savePerson(w, r, p, personFormOf(p))
	}
}

// savePerson shows the new or edit form on GET and saves it on POST.
func (s *Server) savePerson(w http.ResponseWriter, r *http.Request, editing *salkku.Person, form personForm) {
	b := s.NewBase(r, "")
	b.NavIndex = "people"
	b.Crumbs = []web.Crumb{{Label: b.T("nav.people"), URL: "/people"}}
	if editing != nil {
		b.Title = b.T("person.edit_title", editing.Name)
		b.Crumbs = append(b.Crumbs, web.Crumb{Label: editing.Name})
	} else {
		b.Title = b.T("person.new")
		b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.Title})
	}
	status := http.StatusOK
	var picks pickState
	if r.Method == http.MethodPost {
		var done bool
		if status, done = s.PostForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
			var pfe salkku.FieldErrors
			var err error
			if picks, pfe, err = s.resolvePickers(r, r.PostForm, personOrgPicker); err != nil {
				return nil, err, ""
			}
			form = readPersonForm(r)
			p := &salkku.Person{}
			if editing != nil {
				p.ID = editing.ID
			}
			fe := form.parse(p)
			for k, v := range pfe {
				fe[k] = v
			}
			err = fe.Err()
			if err == nil && !web.AccessOf(r).CanManagePerson(p.OrganisationID) {
				// Only into an organisation of the user's own.
				fe.Add("organisation_id", "error.forbidden_choice")
				err = fe.Err()
			}
			if err == nil {
				if editing != nil {
					err = s.Register.UpdatePerson(r.Context(), p)
				} else {
					err = s.Register.CreatePerson(r.Context(), p)
				}
			}
			return fe, err, "/people"
		}); done {
			return
		}
	}
	page := personFormPage{Base: b, Form: form, Editing: editing}
	org, _ := strconv.ParseInt(form.Organisation, 10, 64)
	pickers, err := s.pickers(r, b, picks, map[string][]int64{"organisation_id": ids(idOf(org))}, personOrgPicker)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page.Pickers = pickers
	s.Render(w, r, status, "person_form", page)
}

func (s *Server) handlePersonDelete(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadPerson(w, r)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanManagePerson(p.OrganisationID)) {
		return
	}
	b := s.NewBase(r, s.Catalog.T(web.Lang(r), "person.delete_title", p.Name))
	b.NavIndex = "people"
	b.Crumbs = []web.Crumb{{Label: b.T("nav.people"), URL: "/people"}, {Label: p.Name}, {Label: b.T("action.delete")}}
	s.confirmDelete(w, r, b, b.T("person.delete_question", p.Name), "/people",
		func() error { return s.Register.DeletePerson(r.Context(), p.ID) }, "/people")
}

func (s *Server) loadPerson(w http.ResponseWriter, r *http.Request) (*salkku.Person, bool) {
	return load(s, w, r, s.Register.FindPersonByID)
}
