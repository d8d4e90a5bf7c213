package web

import (
	"net/http"

	"github.com/salkku/salkku"
)

// meBody is what GET /api/v1/me answers: the caller and their roles.
type meBody struct {
	User   *salkku.User    `json:"user"`
	Grants []*salkku.Grant `json:"grants"`
}

// apiMe tells a client who it acts as.
func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) {
	if err := newQuery(r).err(); err != nil {
		s.Error(w, r, err)
		return
	}
	u := authOf(r).User
	grants, err := s.Users.FindGrants(r.Context(), u.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, meBody{User: u, Grants: grants})
}

// apiAudit lists the audit log newest first: the whole organisation's for
// admins, or one project's (GET /projects/{id}/audit) for whoever may see
// the project (also once it is deleted).
func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) {
	names := []string{"entity", "action", "actor_id", "from", "to", "limit", "offset"}
	var projectID *int64
	if r.PathValue("id") != "" {
		id, err := pathID(r, "id")
		if err != nil {
			s.Error(w, r, err)
			return
		}
		projectID = &id
	} else {
		names = append(names, "project_id")
	}
	q := newQuery(r, names...)
	f, ferr := auditFilter("", r.URL.Query())
	q.check(ferr)
	f.Page, f.Count = q.page(), true
	if projectID != nil {
		f.ProjectID = projectID
	} else {
		f.ProjectID = q.id("project_id")
	}
	q.get("entity")
	q.get("action")
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	items, total, err := s.Users.FindAudit(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeList(w, items, total)
}
