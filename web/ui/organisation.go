package ui

import (
	"net/http"
	"strconv"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

type organisationsPage struct {
	web.Base
	Organisations []*salkku.Organisation
	Pager         pager
}

// handleOrganisationList lists organisations by name, paged in SQL.
func (s *Server) handleOrganisationList(w http.ResponseWriter, r *http.Request) {
	page := organisationsPage{Pager: newPager(r.URL.Query(), salkku.DefaultPageSize)}
	err := page.Pager.load(func(pg salkku.Page) (total int, err error) {
		page.Organisations, total, err = s.Register.FindOrganisations(r.Context(), pg)
		return total, err
	})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.NewBase(r, s.Catalog.T(web.Lang(r), "nav.organisations"))
	b.NavIndex, b.Flash = "organisations", s.TakeFlash(w, r)
	b.Crumbs = []web.Crumb{{Label: b.Title}}
	page.Base = b
	s.Render(w, r, http.StatusOK, "organisations", page)
}

// organisationForm is what the organisation form posts, kept as typed.
type organisationForm struct {
	Version          int
	Name, BusinessID string
}

func readOrganisationForm(r *http.Request) organisationForm {
	v, _ := strconv.Atoi(r.PostFormValue("version"))
	return organisationForm{Version: v, Name: r.PostFormValue("name"), BusinessID: r.PostFormValue("business_id")}
}

// parse fills o from the form and runs the domain rules.
func (f organisationForm) parse(o *salkku.Organisation) salkku.FieldErrors {
	fe := salkku.FieldErrors{}
	o.Version, o.Name, o.BusinessID = f.Version, f.Name, f.BusinessID
	web.MergeValidate(fe, o.Validate())
	return fe
}

type organisationFormPage struct {
	web.Base
	Form    organisationForm
	Editing *salkku.Organisation
}

func (s *Server) handleOrganisationNew(w http.ResponseWriter, r *http.Request) {
	if s.Allowed(w, r, web.AccessOf(r).CanAdminister()) {
		s.saveOrganisation(w, r, nil, organisationForm{})
	}
}

func (s *Server) handleOrganisationEdit(w http.ResponseWriter, r *http.Request) {
	if o, ok := s.loadOrganisation(w, r); ok && s.Allowed(w, r, web.AccessOf(r).CanAdminister()) {
		s.saveOrganisation(w, r, o, organisationForm{Version: o.Version, Name: o.Name, BusinessID: o.BusinessID})
	}
}

// saveOrganisation shows the new or edit form on GET and saves it on POST.
func (s *Server) saveOrganisation(w http.ResponseWriter, r *http.Request, editing *salkku.Organisation, form organisationForm) {
	b := s.NewBase(r, "")
	b.NavIndex = "organisations"
	b.Crumbs = []web.Crumb{{Label: b.T("nav.organisations"), URL: "/organisations"}}
	if editing != nil {
		b.Title = b.T("organisation.edit_title", editing.Name)
		b.Crumbs = append(b.Crumbs, web.Crumb{Label: editing.Name})
	} else {
		b.Title = b.T("organisation.new")
		b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.Title})
	}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		var done bool
		if status, done = s.PostForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
			form = readOrganisationForm(r)
			o := &salkku.Organisation{}
			if editing != nil {
				o.ID = editing.ID
			}
			fe := form.parse(o)
			err := save(r, fe, o, editing != nil, s.Register.CreateOrganisation, s.Register.UpdateOrganisation)
			return fe, err, "/organisations"
		}); done {
			return
		}
	}
	s.Render(w, r, status, "organisation_form", organisationFormPage{Base: b, Form: form, Editing: editing})
}

func (s *Server) handleOrganisationDelete(w http.ResponseWriter, r *http.Request) {
	o, ok := s.loadOrganisation(w, r)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanAdminister()) {
		return
	}
	b := s.NewBase(r, s.Catalog.T(web.Lang(r), "organisation.delete_title", o.Name))
	b.NavIndex = "organisations"
	b.Crumbs = []web.Crumb{{Label: b.T("nav.organisations"), URL: "/organisations"}, {Label: o.Name}, {Label: b.T("action.delete")}}
	s.confirmDelete(w, r, b, b.T("organisation.delete_question", o.Name), "/organisations",
		func() error { return s.Register.DeleteOrganisation(r.Context(), o.ID) }, "/organisations")
}

func (s *Server) loadOrganisation(w http.ResponseWriter, r *http.Request) (*salkku.Organisation, bool) {
	return load(s, w, r, s.Register.FindOrganisationByID)
}
