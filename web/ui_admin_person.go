package web

import (
	"net/http"
	"strconv"

	"github.com/salkku/salkku"
)

// userPerson loads what the admin user page shows of the user as a person:
// their person record and the project-manager roles they have as the named
// manager of projects.
func (s *Server) userPerson(r *http.Request, u *salkku.User) ([]*salkku.Grant, *salkku.Person, error) {
	managed, err := s.Users.FindManagedProjects(r.Context(), u.ID)
	if err != nil || u.PersonID == nil {
		return managed, nil, err
	}
	p, err := s.Register.FindPersonByID(r.Context(), *u.PersonID)
	if salkku.ErrorCode(err) == salkku.ENOTFOUND {
		return managed, nil, nil
	}
	return managed, p, err
}

// confirmRevoke asks before a role is taken away: the admin user page's
// "Remove role" posts here first, and the page posts again with
// confirmed=true. Nothing changes until then.
func (s *Server) confirmRevoke(w http.ResponseWriter, r *http.Request, b Base, u *salkku.User, grantID int64) {
	grants, err := s.Users.FindGrants(r.Context(), u.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var g *salkku.Grant
	for _, x := range grants {
		if x.ID == grantID {
			g = x
		}
	}
	if g == nil {
		s.Error(w, r, errNotFound)
		return
	}
	back := "/admin/users/" + strconv.FormatInt(u.ID, 10)
	b.Title = b.T("admin.remove_role_title", u.Name)
	b.Crumbs = []Crumb{{Label: b.T("admin.users"), URL: "/admin/users"}, {Label: u.Name, URL: back}, {Label: b.T("admin.remove_role")}}
	s.render(w, r, http.StatusOK, "confirm", confirmPage{Base: b,
		Question: b.T("admin.remove_role_question", b.T("role."+g.Role), g.TargetName, u.Name),
		Cancel:   back, Button: b.T("admin.remove_role"),
		Hidden: []Option{{Value: "action", Label: "revoke"}, {Value: "grant_id", Label: strconv.FormatInt(g.ID, 10)}, {Value: "confirmed", Label: "true"}}})
}
