package web

import (
	"net/http"
	"slices"

	"github.com/salkku/salkku"
)

// The checks here load what a rule needs and ask salkku.Access; handlers
// call them before acting. The rules themselves are in the root package
// (access.go).

var errForbidden = salkku.Errorf(salkku.EFORBIDDEN, "error.forbidden")

// check turns a permission predicate into an error.
func check(ok bool) error {
	if !ok {
		return errForbidden
	}
	return nil
}

func (s *Server) canViewPortfolioID(r *http.Request, id int64) error {
	if _, err := s.Register.FindPortfolioByID(r.Context(), id); err != nil {
		return err
	}
	return check(accessOf(r).CanViewPortfolio(id))
}

func (s *Server) canManageCategoryID(r *http.Request, id int64) error {
	c, err := s.Register.FindCategoryByID(r.Context(), id)
	if err != nil {
		return err
	}
	return check(accessOf(r).CanManageCategories(c.PortfolioID))
}

func (s *Server) canViewCategoryID(r *http.Request, id int64) error {
	c, err := s.Register.FindCategoryByID(r.Context(), id)
	if err != nil {
		return err
	}
	return check(accessOf(r).CanViewPortfolio(c.PortfolioID))
}

// canUpdatePortfolio: the portfolio's owner; moving it under another
// parent needs the right to create portfolios there, moving it to another
// organisation is for admins, and the people it names must be ones the
// caller may see.
func (s *Server) canUpdatePortfolio(r *http.Request, id int64, p *salkku.Portfolio) error {
	old, err := s.Register.FindPortfolioByID(r.Context(), id)
	if err != nil {
		return err
	}
	a := accessOf(r)
	if !a.CanEditPortfolio(id) {
		return errForbidden
	}
	if !sameID(old.ParentID, p.ParentID) && !a.CanCreatePortfolio(p.ParentID) {
		return errForbidden
	}
	if old.OrganisationID != p.OrganisationID && !a.CanAdminister() {
		return errForbidden
	}
	return s.portfolioPeople(r, old, p)
}

func (s *Server) canDeletePortfolioID(r *http.Request, id int64) error {
	p, err := s.Register.FindPortfolioByID(r.Context(), id)
	if err != nil {
		return err
	}
	return check(accessOf(r).CanDeletePortfolio(p))
}

func (s *Server) canViewProjectID(r *http.Request, id int64) error {
	p, err := s.Register.FindProjectByID(r.Context(), id)
	if err != nil {
		return err
	}
	return check(accessOf(r).CanViewProject(p))
}

func (s *Server) canEditProjectID(r *http.Request, id int64) error {
	p, err := s.Register.FindProjectByID(r.Context(), id)
	if err != nil {
		return err
	}
	return check(accessOf(r).CanEditProject(p))
}

// canUpdateProject: editing a project; moving it to another portfolio
// needs the right to delete it here and create it there, and the people it
// names must be ones the caller may see.
func (s *Server) canUpdateProject(r *http.Request, id int64, p *salkku.Project) error {
	old, err := s.Register.FindProjectByID(r.Context(), id)
	if err != nil {
		return err
	}
	a := accessOf(r)
	if !a.CanEditProject(old) {
		return errForbidden
	}
	if p.PortfolioID != old.PortfolioID && (!a.CanDeleteProject(old) || !a.CanCreateProject(p.PortfolioID)) {
		return errForbidden
	}
	return s.projectPeople(r, old, p)
}

func (s *Server) canDeleteProjectID(r *http.Request, id int64) error {
	p, err := s.Register.FindProjectByID(r.Context(), id)
	if err != nil {
		return err
	}
	return check(accessOf(r).CanDeleteProject(p))
}

// canEditWorkPackageID: work packages are edited by whoever edits their
// project.
func (s *Server) canEditWorkPackageID(r *http.Request, id int64) error {
	_, err := s.editableWorkPackage(r, id)
	return err
}

// canUpdateWorkPackage: as canEditWorkPackageID, and the people it names
// must be ones the caller may see.
func (s *Server) canUpdateWorkPackage(r *http.Request, id int64, w *salkku.WorkPackage) error {
	old, err := s.editableWorkPackage(r, id)
	if err != nil {
		return err
	}
	return s.workPackagePeople(r, old, w)
}

func (s *Server) editableWorkPackage(r *http.Request, id int64) (*salkku.WorkPackage, error) {
	w, err := s.Register.FindWorkPackageByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	return w, s.canEditProjectID(r, w.ProjectID)
}

func (s *Server) canViewWorkPackageID(r *http.Request, id int64) error {
	w, err := s.Register.FindWorkPackageByID(r.Context(), id)
	if err != nil {
		return err
	}
	return s.canViewProjectID(r, w.ProjectID)
}

func sameID(a, b *int64) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

// canViewProjectIn and canEditProjectIn check a project named in a query
// or a body: a project that does not exist is left for the store to refuse
// as invalid input (admins only get that far; others get 403).
func (s *Server) canViewProjectIn(r *http.Request, id int64) error {
	err := s.canViewProjectID(r, id)
	if salkku.ErrorCode(err) == salkku.ENOTFOUND {
		return check(accessOf(r).CanAdminister())
	}
	return err
}

func (s *Server) canEditProjectIn(r *http.Request, id int64) error {
	err := s.canEditProjectID(r, id)
	if salkku.ErrorCode(err) == salkku.ENOTFOUND {
		return check(accessOf(r).CanAdminister())
	}
	return err
}

// canManagePersonID: the person's organisation now and, when moving them
// (to is not nil), the one they move to must both be the caller's.
func (s *Server) canManagePersonID(r *http.Request, id int64, to *int64) error {
	p, err := s.Register.FindPersonByID(r.Context(), id)
	if err != nil {
		return err
	}
	a := accessOf(r)
	if !a.CanManagePerson(p.OrganisationID) || (to != nil && !a.CanManagePerson(to)) {
		return errForbidden
	}
	return nil
}

// checkPeople refuses people the caller may not see among those a form or
// body names (field: the field to blame), so that naming a person cannot
// reveal another organisation's staff through the names echoed back.
// People already chosen (kept) stay allowed, and unknown ids are left for
// the store to refuse.
func (s *Server) checkPeople(r *http.Request, field string, kept, chosen []int64) error {
	a := accessOf(r)
	if a.CanAdminister() {
		return nil
	}
	var ask []int64
	for _, id := range chosen {
		if id > 0 && !slices.Contains(kept, id) {
			ask = append(ask, id)
		}
	}
	if len(ask) == 0 {
		return nil
	}
	people, _, err := s.Register.FindPeople(r.Context(), salkku.PersonFilter{IDs: ask})
	if err != nil {
		return err
	}
	for _, p := range people {
		if !a.CanViewPerson(p.OrganisationID) {
			return &salkku.Error{Code: salkku.EINVALID, Message: "error.invalid", Fields: map[string]string{field: "error.forbidden_choice"}}
		}
	}
	return nil
}

// projectPeople checks a project's owner, manager and service owner against
// the project as stored (nil for a new one).
func (s *Server) projectPeople(r *http.Request, old, p *salkku.Project) error {
	var kept []int64
	if old != nil {
		kept = ids(old.OwnerID, old.ManagerID, old.ServiceOwnerID)
	}
	for field, id := range map[string]*int64{"owner_id": p.OwnerID, "manager_id": p.ManagerID, "service_owner_id": p.ServiceOwnerID} {
		if err := s.checkPeople(r, field, kept, ids(id)); err != nil {
			return err
		}
	}
	return nil
}

// portfolioPeople checks a portfolio's owner and board.
func (s *Server) portfolioPeople(r *http.Request, old, p *salkku.Portfolio) error {
	var kept []int64
	if old != nil {
		kept = append(ids(old.OwnerID), old.BoardIDs...)
	}
	if err := s.checkPeople(r, "owner_id", kept, ids(p.OwnerID)); err != nil {
		return err
	}
	return s.checkPeople(r, "board_ids", kept, p.BoardIDs)
}

// workPackagePeople checks a work package's responsible people.
func (s *Server) workPackagePeople(r *http.Request, old, w *salkku.WorkPackage) error {
	var kept []int64
	if old != nil {
		kept = old.ResponsibleIDs
	}
	return s.checkPeople(r, "responsible_ids", kept, w.ResponsibleIDs)
}

func ids(ps ...*int64) []int64 {
	var out []int64
	for _, p := range ps {
		if p != nil {
			out = append(out, *p)
		}
	}
	return out
}
