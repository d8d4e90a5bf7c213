package ui

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// An organisation's cost categories (seed 002's Henkilöstömenot, …): the
// list in order, added and edited with their names in the organisation's
// languages, position and account numbers; a category money is booked on
// cannot be deleted.

type costCategoriesPage struct {
	finBase
	Organisation *salkku.Organisation
	Categories   []*salkku.CostCategory
	CanManage    bool
}

func orgPath(id int64, tail string) string {
	return "/organisations/" + strconv.FormatInt(id, 10) + tail
}

func orgCrumbs(b web.Base, o *salkku.Organisation) []web.Crumb {
	return []web.Crumb{{Label: b.T("nav.organisations"), URL: "/organisations"}, b.TextCrumb(o.Name, "")}
}

// handleCostCategories lists an organisation's cost categories.
func (s *Server) handleCostCategories(w http.ResponseWriter, r *http.Request) {
	o, ok := s.loadOrganisation(w, r)
	if !ok {
		return
	}
	cats, err := s.Register.FindCostCategories(r.Context(), o.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.NewBase(r, "")
	b.Title = b.T("costcat.title", b.Plain(o.Name))
	b.NavIndex, b.Flash = "organisations", s.TakeFlash(w, r)
	b.Crumbs = append(orgCrumbs(b, o), web.Crumb{Label: b.T("costcat.crumb")})
	s.Render(w, r, http.StatusOK, "cost_categories", costCategoriesPage{finBase: finBase{b}, Organisation: o, Categories: cats,
		CanManage: web.AccessOf(r).CanManageCostCategories(o.ID)})
}

// costCategoryForm is what the category form posts, kept as typed.
type costCategoryForm struct {
	Version            int
	Name               salkku.Text
	Position, Accounts string
}

type costCategoryFormPage struct {
	finBase
	Form         costCategoryForm
	Organisation *salkku.Organisation
	Editing      *salkku.CostCategory
}

// loadCostCategory finds the category {cid} of the organisation {id}.
func (s *Server) loadCostCategory(w http.ResponseWriter, r *http.Request) (*salkku.Organisation, *salkku.CostCategory, bool) {
	o, ok := s.loadOrganisation(w, r)
	if !ok {
		return nil, nil, false
	}
	cid, err := web.PathID(r, "cid")
	if err != nil {
		s.Error(w, r, err)
		return nil, nil, false
	}
	cats, err := s.Register.FindCostCategories(r.Context(), o.ID)
	if err != nil {
		s.Error(w, r, err)
		return nil, nil, false
	}
	for _, c := range cats {
		if c.ID == cid {
			return o, c, true
		}
	}
	s.Error(w, r, errNotFound)
	return nil, nil, false
}

func (s *Server) handleCostCategoryNew(w http.ResponseWriter, r *http.Request) {
	o, ok := s.loadOrganisation(w, r)
	if ok && s.Allowed(w, r, web.AccessOf(r).CanManageCostCategories(o.ID)) {
		s.saveCostCategory(w, r, o, nil, costCategoryForm{})
	}
}

func (s *Server) handleCostCategoryEdit(w http.ResponseWriter, r *http.Request) {
	o, c, ok := s.loadCostCategory(w, r)
	if ok && s.Allowed(w, r, web.AccessOf(r).CanManageCostCategories(o.ID)) {
		s.saveCostCategory(w, r, o, c, costCategoryForm{Version: c.Version, Name: c.Name, Position: strconv.Itoa(c.Position),
			Accounts: strings.Join(c.Accounts, ", ")})
	}
}

func (s *Server) saveCostCategory(w http.ResponseWriter, r *http.Request, o *salkku.Organisation, editing *salkku.CostCategory, form costCategoryForm) {
	list := orgPath(o.ID, "/cost-categories")
	b := s.NewBase(r, "")
	b.NavIndex, b.ContentLangs = "organisations", o.Languages
	b.Crumbs = append(orgCrumbs(b, o), web.Crumb{Label: b.T("costcat.crumb"), URL: list})
	if editing != nil {
		b.Title = b.T("costcat.edit_title", b.Plain(editing.Name))
		b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.T("action.edit")})
	} else {
		b.Title = b.T("costcat.new")
		b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.Title})
	}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		var done bool
		if status, done = s.PostForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
			v, _ := strconv.Atoi(r.PostFormValue("version"))
			form = costCategoryForm{Version: v, Name: web.FormText(r, "name"), Position: r.PostFormValue("position"), Accounts: r.PostFormValue("accounts")}
			fe := salkku.FieldErrors{}
			c := &salkku.CostCategory{OrganisationID: o.ID, Name: form.Name,
				Position: web.FormInt(fe, "position", form.Position), Accounts: web.SplitLines(form.Accounts)}
			c.Version = form.Version
			if editing != nil {
				c.ID = editing.ID
			}
			return fe, save(r, fe, c, editing != nil, s.Register.CreateCostCategory, s.Register.UpdateCostCategory), list
		}); done {
			return
		}
	}
	s.Render(w, r, status, "cost_category_form", costCategoryFormPage{finBase: finBase{b}, Form: form, Organisation: o, Editing: editing})
}

func (s *Server) handleCostCategoryDelete(w http.ResponseWriter, r *http.Request) {
	o, c, ok := s.loadCostCategory(w, r)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanManageCostCategories(o.ID)) {
		return
	}
	list := orgPath(o.ID, "/cost-categories")
	b := s.NewBase(r, "")
	b.Title = b.T("costcat.delete_title", b.Plain(c.Name))
	b.NavIndex = "organisations"
	b.Crumbs = append(orgCrumbs(b, o), web.Crumb{Label: b.T("costcat.crumb"), URL: list}, web.Crumb{Label: b.T("action.delete")})
	s.confirmDelete(w, r, b, b.T("costcat.delete_question", b.Plain(c.Name)), list,
		func() error { return s.Register.DeleteCostCategory(r.Context(), c.ID) }, list)
}
