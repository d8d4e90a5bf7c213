package salkku_test

import (
	"testing"

	"github.com/salkku/salkku"
)

// TestAccessBenefits: a project's benefits and profitability follow the
// project's edit right: the portfolio's owner and project office (in its
// sub-portfolios too) and the project's manager, not its steering group
// or viewers.
func TestAccessBenefits(t *testing.T) {
	p10 := &salkku.Project{Meta: salkku.Meta{ID: 10}, PortfolioID: 2}
	p11 := &salkku.Project{Meta: salkku.Meta{ID: 11}, PortfolioID: 3}
	p12 := &salkku.Project{Meta: salkku.Meta{ID: 12}, PortfolioID: 4}
	checks := []struct {
		name string
		fn   func(a *salkku.Access) bool
	}{
		{"benefits of 10", func(a *salkku.Access) bool { return a.CanEditBenefits(p10) }},
		{"benefits of 11 in sub-portfolio 3", func(a *salkku.Access) bool { return a.CanEditBenefits(p11) }},
		{"benefits of 12", func(a *salkku.Access) bool { return a.CanEditBenefits(p12) }},
	}
	for _, r := range []struct {
		name   string
		access *salkku.Access
		want   string
	}{
		{"admin", accessOf(true), "111"},
		{"owner of 2", accessOf(false, onPortfolio(salkku.RolePortfolioOwner, 2)), "110"},
		{"office of 2", accessOf(false, onPortfolio(salkku.RoleProjectOffice, 2)), "110"},
		{"manager of 10", accessOf(false, &salkku.Grant{UserID: 7, Role: salkku.RoleProjectManager, ProjectID: ptr(10)}), "100"},
		{"steering group of 2", accessOf(false, onPortfolio(salkku.RoleSteeringGroup, 2)), "000"},
		{"viewer of 2", accessOf(false, onPortfolio(salkku.RoleViewer, 2)), "000"},
		{"owner of 4", accessOf(false, onPortfolio(salkku.RolePortfolioOwner, 4)), "001"},
		{"nil access", nil, "000"},
	} {
		t.Run(r.name, func(t *testing.T) {
			for i, c := range checks {
				if got, want := c.fn(r.access), r.want[i] == '1'; got != want {
					t.Errorf("%s: got %v, want %v", c.name, got, want)
				}
			}
		})
	}
}
