package web

import (
	"net/http"

	"github.com/salkku/salkku"
)

// categoryBody is the JSON a client sends for a category: the record as
// read, its read-only fields ignored.
type categoryBody struct {
	salkku.Category
	readOnlyMeta
	ProjectCount ignored `json:"project_count"`
}

// apiCategoryList lists one portfolio's categories by position. They are
// few, so the list is not paged.
func (s *Server) apiCategoryList(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r, "portfolio_id")
	portfolioID := q.requiredID("portfolio_id")
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := check(accessOf(r).CanViewPortfolio(portfolioID)); err != nil {
		s.Error(w, r, err)
		return
	}
	items, err := s.Register.FindCategories(r.Context(), portfolioID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeList(w, items, len(items))
}

func (s *Server) apiCategoryGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.canViewCategoryID(r, id)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	c, err := s.Register.FindCategoryByID(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeRecord(w, http.StatusOK, c.Version, c)
}

func (s *Server) apiCategoryCreate(w http.ResponseWriter, r *http.Request) {
	var in categoryBody
	if err := decodeBody(r, &in); err != nil {
		s.Error(w, r, err)
		return
	}
	c := &in.Category
	c.Meta = salkku.Meta{}
	if err := check(accessOf(r).CanManageCategories(c.PortfolioID)); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.Register.CreateCategory(r.Context(), c); err != nil {
		s.Error(w, r, err)
		return
	}
	writeCreated(w, "categories", c.ID, c.Version, c)
}

func (s *Server) apiCategoryUpdate(w http.ResponseWriter, r *http.Request) {
	var in categoryBody
	id, err := pathID(r, "id")
	if err == nil {
		err = decodeBody(r, &in)
	}
	c := &in.Category
	if err == nil {
		c.Meta, err = editMeta(r, id, c.Version)
	}
	if err == nil {
		err = s.canManageCategoryID(r, id)
	}
	if err == nil {
		err = s.Register.UpdateCategory(r.Context(), c)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeRecord(w, http.StatusOK, c.Version, c)
}

func (s *Server) apiCategoryDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.canManageCategoryID(r, id)
	}
	if err == nil {
		err = s.Register.DeleteCategory(r.Context(), id)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
