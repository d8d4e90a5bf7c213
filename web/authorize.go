package web

import (
	"net/http"

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
// parent needs the right to create portfolios there, and moving it to
// another organisation is for admins.
func (s *Server) canUpdatePortfolio(r *http.Request, id int64, newParent *int64, newOrg int64) error {
	old, err := s.Register.FindPortfolioByID(r.Context(), id)
	if err != nil {
		return err
	}
	a := accessOf(r)
	if !a.CanEditPortfolio(id) {
		return errForbidden
	}
	if !sameID(old.ParentID, newParent) && !a.CanCreatePortfolio(newParent) {
		return errForbidden
	}
	if old.OrganisationID != newOrg && !a.CanAdminister() {
		return errForbidden
	}
	return nil
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

// canUpdateProject: editing a project, and moving it to another portfolio
// needs the right to delete it here and create it there.
func (s *Server) canUpdateProject(r *http.Request, id, newPortfolio int64) error {
	p, err := s.Register.FindProjectByID(r.Context(), id)
	if err != nil {
		return err
	}
	a := accessOf(r)
	if !a.CanEditProject(p) {
		return errForbidden
	}
	if newPortfolio != p.PortfolioID && (!a.CanDeleteProject(p) || !a.CanCreateProject(newPortfolio)) {
		return errForbidden
	}
	return nil
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
	w, err := s.Register.FindWorkPackageByID(r.Context(), id)
	if err != nil {
		return err
	}
	return s.canEditProjectID(r, w.ProjectID)
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
