package api

import (
	"net/http"
	"strings"

	"github.com/salkku/salkku"
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
	q := newQuery(r, "portfolio_id", "category_id", "status", "phase", "tag", "q", "sort", "limit", "offset")
	f := salkku.ProjectFilter{PortfolioID: q.id("portfolio_id"), CategoryID: q.id("category_id"), Status: q.get("status"),
		Phase: q.get("phase"), Tag: q.text("tag"), Query: q.text("q"), Page: q.page()}
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
	writeList(w, items, total)
}

func (b *projectBody) record() *salkku.Project { return &b.Project }
