package salkku_test

import (
	"testing"

	"github.com/salkku/salkku"
)

// TestAccessRisks: the risk register and a project's logs follow the
// project's edit right; a portfolio's decision log is its owner's and
// project office's, in its sub-portfolios too.
func TestAccessRisks(t *testing.T) {
	p10 := &salkku.Project{Meta: salkku.Meta{ID: 10}, PortfolioID: 2}
	p12 := &salkku.Project{Meta: salkku.Meta{ID: 12}, PortfolioID: 4}
	checks := []struct {
		name string
		fn   func(a *salkku.Access) bool
	}{
		{"risks of 10", func(a *salkku.Access) bool { return a.CanEditRisks(p10) }},
		{"risks of 12", func(a *salkku.Access) bool { return a.CanEditRisks(p12) }},
		{"log of portfolio 2", func(a *salkku.Access) bool { return a.CanEditPortfolioLog(2) }},
		{"log of sub-portfolio 3", func(a *salkku.Access) bool { return a.CanEditPortfolioLog(3) }},
		{"log of portfolio 4", func(a *salkku.Access) bool { return a.CanEditPortfolioLog(4) }},
	}
	for _, r := range []struct {
		name   string
		access *salkku.Access
		want   string
	}{
		{"admin", accessOf(true), "11111"},
		{"owner of 2", accessOf(false, onPortfolio(salkku.RolePortfolioOwner, 2)), "10110"},
		{"office of 2", accessOf(false, onPortfolio(salkku.RoleProjectOffice, 2)), "10110"},
		{"manager of 10", accessOf(false, &salkku.Grant{UserID: 7, Role: salkku.RoleProjectManager, ProjectID: ptr(10)}), "10000"},
		{"steering group of 2", accessOf(false, onPortfolio(salkku.RoleSteeringGroup, 2)), "00000"},
		{"viewer of 2", accessOf(false, onPortfolio(salkku.RoleViewer, 2)), "00000"},
		{"owner of 4", accessOf(false, onPortfolio(salkku.RolePortfolioOwner, 4)), "01001"},
		{"nil access", nil, "00000"},
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
