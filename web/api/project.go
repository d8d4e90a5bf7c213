package api

import (
	"net/http"
	"strings"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/web"
)

// projectBody is the JSON a client sends for a project: the record as
// read, its read-only fields ignored.
type projectBody struct {
	salkku.Project
	readOnlyMeta
	PortfolioName    ignored `json:"portfolio_name"`
	CategoryName     ignored `json:"category_name"`
	OwnerName        ignored `json:"owner_name"`
	ManagerName      ignored `json:"manager_name"`
	ServiceOwnerName ignored `json:"service_owner_name"`
}

// apiProjectList lists projects, filtered, sorted and paged in the store.
// sort is one of salkku.ProjectSorts, with a leading "-" for descending
// order ("-name").
func (s *Server) apiProjectList(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r, "portfolio_id", "category_id", "status", "phase", "tag", "q", "sort", "limit", "offset", "after")
	f := salkku.ProjectFilter{PortfolioID: q.id("portfolio_id"), CategoryID: q.id("category_id"), Status: q.get("status"),
		Phase: q.get("phase"), Tag: q.text("tag"), Query: q.text("q"), After: q.get("after"), Page: q.page()}
	if sort := q.get("sort"); sort != "" {
		f.Sort, f.Desc = strings.TrimPrefix(sort, "-"), strings.HasPrefix(sort, "-")
		if f.Sort == "" {
			q.fe.Add("sort", "error.sort")
		}
	}
	q.check(f.Validate())
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	items, total, err := s.Register.FindProjects(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := projectList{Items: items, Total: total}
	orEmpty(&out.Items)
	if n := len(items); n > 0 && items[n-1].Cursor != "" {
		c := items[n-1].Cursor
		out.Next, out.NextURL = &c, nextURL(r, "after", c)
	}
	web.WriteJSON(w, http.StatusOK, out)
}

// projectList is a page of projects: the number that match in all, and in
// the orders an index serves (by category, by code) the cursor of the next
// page, null on the last; other orders page by offset.
type projectList struct {
	Items   []*salkku.Project `json:"items"`
	Total   int               `json:"total"`
	Next    *string           `json:"next"`
	NextURL *string           `json:"next_url"`
}

func (b *projectBody) record() *salkku.Project { return &b.Project }
