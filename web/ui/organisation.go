package ui

import (
	"net/http"
	"slices"
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
	Version    int
	Name       salkku.Text
	BusinessID string
	// Primary is the primary content language; Languages the others it
	// uses, Required those every name must have.
	Primary             string
	Languages, Required []string
}

func organisationFormOf(o *salkku.Organisation) organisationForm {
	return organisationForm{Version: o.Version, Name: o.Name, BusinessID: o.BusinessID,
		Primary: o.Languages.Primary(), Languages: o.Languages.Used, Required: o.Languages.Required}
}

func readOrganisationForm(r *http.Request) organisationForm {
	v, _ := strconv.Atoi(r.PostFormValue("version"))
	return organisationForm{Version: v, Name: web.FormText(r, "name"), BusinessID: r.PostFormValue("business_id"),
		Primary: r.PostFormValue("primary_language"), Languages: r.PostForm["languages"], Required: r.PostForm["required_languages"]}
}

// langs are the content languages as the form gives them: the primary
// first, then the others ticked.
func (f organisationForm) langs() salkku.Languages {
	used := []string{f.Primary}
	if f.Primary == "" {
		used = []string{salkku.LangFI}
	}
	return salkku.Languages{Used: append(used, f.Languages...), Required: f.Required}
}

// parse fills o from the form; the store runs the domain rules.
func (f organisationForm) parse(o *salkku.Organisation) salkku.FieldErrors {
	fe := salkku.FieldErrors{}
	o.Version, o.Name, o.BusinessID = f.Version, f.Name, f.BusinessID
	if f.Primary != "" && !salkku.ValidLang(f.Primary) {
		fe.Add("primary_language", "error.unknown_lang_field")
	}
	o.Languages = f.langs()
	return fe
}

type organisationFormPage struct {
	web.Base
	Form    organisationForm
	Editing *salkku.Organisation
}

// LangOptions are the content languages to choose the primary one from.
func (p organisationFormPage) LangOptions() []web.Option {
	var out []web.Option
	for _, l := range salkku.ContentLangs {
		out = append(out, web.Option{Value: l, Label: p.LangName(l), Selected: l == p.Form.langs().Primary()})
	}
	return out
}

// LangChecks are the checkboxes of the other content languages used (or
// required, by field): each with its state as the form has it.
func (p organisationFormPage) LangChecks(field string) []web.Field {
	langs := p.Form.langs().Normalize()
	var out []web.Field
	for _, l := range salkku.ContentLangs {
		if field == "languages" && l == langs.Primary() {
			continue // chosen above
		}
		on := slices.Contains(p.Form.Languages, l)
		if field == "required_languages" {
			on = slices.Contains(p.Form.Required, l) || l == langs.Primary()
		}
		out = append(out, web.Field{ID: "f-" + field + "-" + l, Name: field, CheckValue: l, Label: p.LangName(l), Type: "checkbox", Checked: on})
	}
	return out
}

func (s *Server) handleOrganisationNew(w http.ResponseWriter, r *http.Request) {
	if s.Allowed(w, r, web.AccessOf(r).CanAdminister()) {
		s.saveOrganisation(w, r, nil, organisationForm{Primary: salkku.LangFI})
	}
}

func (s *Server) handleOrganisationEdit(w http.ResponseWriter, r *http.Request) {
	if o, ok := s.loadOrganisation(w, r); ok && s.Allowed(w, r, web.AccessOf(r).CanAdminister()) {
		s.saveOrganisation(w, r, o, organisationFormOf(o))
	}
}

// saveOrganisation shows the new or edit form on GET and saves it on POST.
func (s *Server) saveOrganisation(w http.ResponseWriter, r *http.Request, editing *salkku.Organisation, form organisationForm) {
	b := s.NewBase(r, "")
	b.NavIndex = "organisations"
	b.Crumbs = []web.Crumb{{Label: b.T("nav.organisations"), URL: "/organisations"}}
	if editing != nil {
		b.Title = b.T("organisation.edit_title", b.Plain(editing.Name))
		b.Crumbs = append(b.Crumbs, b.TextCrumb(editing.Name, ""))
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
	// The name is offered in every content language, the primary first,
	// so that ticking a language needs no second round for its name.
	l := form.langs().Normalize()
	all := []string{l.Primary()}
	for _, lang := range salkku.ContentLangs {
		if lang != l.Primary() {
			all = append(all, lang)
		}
	}
	b.ContentLangs = salkku.Languages{Used: all, Required: l.Required}
	s.Render(w, r, status, "organisation_form", organisationFormPage{Base: b, Form: form, Editing: editing})
}

func (s *Server) handleOrganisationDelete(w http.ResponseWriter, r *http.Request) {
	o, ok := s.loadOrganisation(w, r)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanAdminister()) {
		return
	}
	b := s.NewBase(r, "")
	b.Title = b.T("organisation.delete_title", b.Plain(o.Name))
	b.NavIndex = "organisations"
	b.Crumbs = []web.Crumb{{Label: b.T("nav.organisations"), URL: "/organisations"}, b.TextCrumb(o.Name, ""), {Label: b.T("action.delete")}}
	s.confirmDelete(w, r, b, b.T("organisation.delete_question", b.Plain(o.Name)), "/organisations",
		func() error { return s.Register.DeleteOrganisation(r.Context(), o.ID) }, "/organisations")
}

func (s *Server) loadOrganisation(w http.ResponseWriter, r *http.Request) (*salkku.Organisation, bool) {
	return load(s, w, r, s.Register.FindOrganisationByID)
}
