package ui

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

type categoriesPage struct {
	web.Base
	Portfolio  *salkku.Portfolio
	Categories []*salkku.Category
}

// handleCategoryList lists a portfolio's categories in order, with the
// number of projects in each.
func (s *Server) handleCategoryList(w http.ResponseWriter, r *http.Request) {
	pf, ok := s.loadPortfolio(w, r)
	if !ok {
		return
	}
	cats, err := s.Register.FindCategories(r.Context(), pf.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.NewBase(r, "")
	b.Title = b.T("category.list_title", b.Plain(pf.Name))
	b.NavIndex, b.Flash = "portfolios", s.TakeFlash(w, r)
	b.Crumbs = append(portfolioCrumbs(b, pf), web.Crumb{Label: b.T("category.manage")})
	s.Render(w, r, http.StatusOK, "categories", categoriesPage{Base: b, Portfolio: pf, Categories: cats})
}

// categoryForm is what the category form posts, kept as typed.
type categoryForm struct {
	Version           int
	Name, Description salkku.Text
	Position, Chapter string
}

func categoryFormOf(c *salkku.Category) categoryForm {
	return categoryForm{Version: c.Version, Name: c.Name, Description: c.Description, Position: strconv.Itoa(c.Position),
		Chapter: strconv.Itoa(c.Chapter)}
}

func readCategoryForm(r *http.Request) categoryForm {
	v, _ := strconv.Atoi(r.PostFormValue("version"))
	return categoryForm{Version: v, Name: web.FormText(r, "name"), Description: web.FormText(r, "description"),
		Position: r.PostFormValue("position"), Chapter: r.PostFormValue("chapter")}
}

// parse fills c from the form; the store runs the domain rules with the
// form's own errors, so that every problem shows at once.
func (f categoryForm) parse(c *salkku.Category) salkku.FieldErrors {
	fe := salkku.FieldErrors{}
	c.Version = f.Version
	c.Name, c.Description = f.Name, f.Description
	c.Position = web.FormInt(fe, "position", f.Position)
	c.Chapter = web.FormInt(fe, "chapter", f.Chapter)
	if c.Chapter == 0 && strings.TrimSpace(f.Chapter) != "" {
		fe.Add("chapter", "error.chapter_number") // "0" is not a chapter; empty is the next one
	}
	return fe
}

type categoryFormPage struct {
	web.Base
	Form      categoryForm
	Portfolio *salkku.Portfolio
	Editing   *salkku.Category
}

func (s *Server) handleCategoryNew(w http.ResponseWriter, r *http.Request) {
	if pf, ok := s.loadPortfolio(w, r); ok && s.Allowed(w, r, web.AccessOf(r).CanManageCategories(pf.ID)) {
		s.saveCategory(w, r, pf, nil, categoryForm{})
	}
}

func (s *Server) handleCategoryEdit(w http.ResponseWriter, r *http.Request) {
	c, pf, ok := s.loadCategory(w, r)
	if ok && s.Allowed(w, r, web.AccessOf(r).CanManageCategories(pf.ID)) {
		s.saveCategory(w, r, pf, c, categoryFormOf(c))
	}
}

// saveCategory shows the new or edit form on GET and saves it on POST.
func (s *Server) saveCategory(w http.ResponseWriter, r *http.Request, pf *salkku.Portfolio, editing *salkku.Category, form categoryForm) {
	list := "/portfolios/" + strconv.FormatInt(pf.ID, 10) + "/categories"
	b := s.NewBase(r, "")
	b.NavIndex, b.ContentLangs = "portfolios", pf.ContentLangs
	b.Crumbs = append(portfolioCrumbs(b, pf), web.Crumb{Label: b.T("category.manage"), URL: list})
	if editing != nil {
		b.Title = b.T("category.edit_title", b.Plain(editing.Name))
		b.Crumbs = append(b.Crumbs, b.TextCrumb(editing.Name, ""))
	} else {
		b.Title = b.T("category.new")
		b.Crumbs = append(b.Crumbs, web.Crumb{Label: b.Title})
	}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		var done bool
		if status, done = s.PostForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
			form = readCategoryForm(r)
			c := &salkku.Category{PortfolioID: pf.ID}
			if editing != nil {
				c.ID = editing.ID
			}
			fe := form.parse(c)
			err := save(r, fe, c, editing != nil, s.Register.CreateCategory, s.Register.UpdateCategory)
			return fe, err, list
		}); done {
			return
		}
	}
	s.Render(w, r, status, "category_form", categoryFormPage{Base: b, Form: form, Portfolio: pf, Editing: editing})
}

func (s *Server) handleCategoryDelete(w http.ResponseWriter, r *http.Request) {
	c, pf, ok := s.loadCategory(w, r)
	if !ok || !s.Allowed(w, r, web.AccessOf(r).CanManageCategories(pf.ID)) {
		return
	}
	list := "/portfolios/" + strconv.FormatInt(pf.ID, 10) + "/categories"
	b := s.NewBase(r, "")
	b.Title = b.T("category.delete_title", b.Plain(c.Name))
	b.NavIndex = "portfolios"
	b.Crumbs = append(portfolioCrumbs(b, pf), web.Crumb{Label: b.T("category.manage"), URL: list}, web.Crumb{Label: b.T("action.delete")})
	s.confirmDelete(w, r, b, b.T("category.delete_question", b.Plain(c.Name)), list,
		func() error { return s.Register.DeleteCategory(r.Context(), c.ID) }, list)
}

// loadCategory finds the category of the path and its portfolio.
func (s *Server) loadCategory(w http.ResponseWriter, r *http.Request) (*salkku.Category, *salkku.Portfolio, bool) {
	id, err := web.PathID(r, "id")
	if err == nil {
		var c *salkku.Category
		if c, err = s.Register.FindCategoryByID(r.Context(), id); err == nil {
			var pf *salkku.Portfolio
			if pf, err = s.Register.FindPortfolioByID(r.Context(), c.PortfolioID); err == nil {
				return c, pf, true
			}
		}
	}
	s.Error(w, r, err)
	return nil, nil, false
}
