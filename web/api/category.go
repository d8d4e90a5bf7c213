package api

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
	items, err := s.Register.FindCategories(r.Context(), portfolioID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeList(w, items, len(items))
}

func (b *categoryBody) record() *salkku.Category { return &b.Category }
