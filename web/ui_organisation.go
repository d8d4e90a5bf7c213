package web

import (
	"net/http"
	"strconv"

	"github.com/salkku/salkku"
)

type organisationsPage struct {
	Base
	Organisations []*salkku.Organisation
	Pager         pager
}

// handleOrganisationList lists organisations by name, paged in SQL.
func (s *Server) handleOrganisationList(w http.ResponseWriter, r *http.Request) {
	page := organisationsPage{Pager: newPager(r.URL.Query(), salkku.DefaultPageSize)}
	var err error
	page.Organisations, page.Pager.Total, err = s.Register.FindOrganisations(r.Context(), page.Pager.salkkuPage())
	if err == nil && len(page.Organisations) == 0 && page.Pager.Page > page.Pager.Pages() {
		// A link past the end (the list has shrunk): show the last page.
		page.Pager.Page = page.Pager.Pages()
		page.Organisations, page.Pager.Total, err = s.Register.FindOrganisations(r.Context(), page.Pager.salkkuPage())
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.base(r, s.Catalog.T(Lang(r), "nav.organisations"))
	b.NavIndex, b.Flash = "organisations", s.takeFlash(w, r)
	b.Crumbs = []Crumb{{Label: b.Title}}
	page.Base = b
	s.render(w, r, http.StatusOK, "organisations", page)
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
	mergeValidate(fe, o.Validate())
	return fe
}

type organisationFormPage struct {
	Base
	Form    organisationForm
	Editing *salkku.Organisation
}

func (s *Server) handleOrganisationNew(w http.ResponseWriter, r *http.Request) {
	if s.allowed(w, r, accessOf(r).CanAdminister()) {
		s.saveOrganisation(w, r, nil, organisationForm{})
	}
}

func (s *Server) handleOrganisationEdit(w http.ResponseWriter, r *http.Request) {
	if o, ok := s.loadOrganisation(w, r); ok && s.allowed(w, r, accessOf(r).CanAdminister()) {
		s.saveOrganisation(w, r, o, organisationForm{Version: o.Version, Name: o.Name, BusinessID: o.BusinessID})
	}
}

// saveOrganisation shows the new or edit form on GET and saves it on POST.
func (s *Server) saveOrganisation(w http.ResponseWriter, r *http.Request, editing *salkku.Organisation, form organisationForm) {
	b := s.base(r, "")
	b.NavIndex = "organisations"
	b.Crumbs = []Crumb{{Label: b.T("nav.organisations"), URL: "/organisations"}}
	if editing != nil {
		b.Title = b.T("organisation.edit_title", editing.Name)
		b.Crumbs = append(b.Crumbs, Crumb{Label: editing.Name})
	} else {
		b.Title = b.T("organisation.new")
		b.Crumbs = append(b.Crumbs, Crumb{Label: b.Title})
	}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		var done bool
		if status, done = s.postForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
			form = readOrganisationForm(r)
			o := &salkku.Organisation{}
			if editing != nil {
				o.ID = editing.ID
			}
			fe := form.parse(o)
			// The store reports fe with its own checks (a name already taken)
			// in one answer, and writes nothing while there are any.
			ctx := salkku.WithInputErrors(r.Context(), fe)
			var err error
			if editing != nil {
				err = s.Register.UpdateOrganisation(ctx, o)
			} else {
				err = s.Register.CreateOrganisation(ctx, o)
			}
			return fe, err, "/organisations"
		}); done {
			return
		}
	}
	s.render(w, r, status, "organisation_form", organisationFormPage{Base: b, Form: form, Editing: editing})
}

func (s *Server) handleOrganisationDelete(w http.ResponseWriter, r *http.Request) {
	o, ok := s.loadOrganisation(w, r)
	if !ok || !s.allowed(w, r, accessOf(r).CanAdminister()) {
		return
	}
	b := s.base(r, s.Catalog.T(Lang(r), "organisation.delete_title", o.Name))
	b.NavIndex = "organisations"
	b.Crumbs = []Crumb{{Label: b.T("nav.organisations"), URL: "/organisations"}, {Label: o.Name}, {Label: b.T("action.delete")}}
	s.confirmDelete(w, r, b, b.T("organisation.delete_question", o.Name), "/organisations",
		func() error { return s.Register.DeleteOrganisation(r.Context(), o.ID) }, "/organisations")
}

func (s *Server) loadOrganisation(w http.ResponseWriter, r *http.Request) (*salkku.Organisation, bool) {
	id, err := pathID(r, "id")
	if err == nil {
		var o *salkku.Organisation
		if o, err = s.Register.FindOrganisationByID(r.Context(), id); err == nil {
			return o, true
		}
	}
	s.Error(w, r, err)
	return nil, false
}
