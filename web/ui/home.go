package ui

import (
	"net/http"
	"slices"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// orgTree is an organisation with its portfolios as a tree.
type orgTree struct {
	Org   *salkku.Organisation
	Roots []*portfolioNode
}

type portfolioNode struct {
	P        *salkku.Portfolio
	Children []*portfolioNode
}

type homePage struct {
	reportBase
	Orgs []orgTree
	// Mine are the reports due and overdue of the projects the user
	// manages.
	Mine []*salkku.ReportDue
}

// handleHome lists every organisation's portfolios as trees.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	orgs, _, err := s.Register.FindOrganisations(ctx, salkku.Page{Limit: salkku.MaxPageSize})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	a := web.AccessOf(r)
	pfs, _, err := s.Register.FindPortfolios(ctx, salkku.PortfolioFilter{Page: salkku.Page{Limit: salkku.MaxPageSize}})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	trees := buildOrgTrees(orgs, pfs)
	if !a.CanAdminister() {
		// Others see only the organisations where they see a portfolio.
		trees = slices.DeleteFunc(trees, func(t orgTree) bool { return len(t.Roots) == 0 })
	}
	mine, err := s.myReports(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.NewBase(r, s.Catalog.T(web.Lang(r), "home.title"))
	b.NavIndex, b.Flash = "portfolios", s.TakeFlash(w, r)
	s.Render(w, r, http.StatusOK, "home", homePage{reportBase: reportBase{gateBase{b}}, Orgs: trees, Mine: mine})
}

func buildOrgTrees(orgs []*salkku.Organisation, pfs []*salkku.Portfolio) []orgTree {
	nodes := map[int64]*portfolioNode{}
	for _, p := range pfs {
		nodes[p.ID] = &portfolioNode{P: p}
	}
	roots := map[int64][]*portfolioNode{}
	for _, p := range pfs {
		n := nodes[p.ID]
		if p.ParentID != nil && nodes[*p.ParentID] != nil {
			parent := nodes[*p.ParentID]
			parent.Children = append(parent.Children, n)
			continue
		}
		roots[p.OrganisationID] = append(roots[p.OrganisationID], n)
	}
	out := make([]orgTree, 0, len(orgs))
	for _, o := range orgs {
		out = append(out, orgTree{Org: o, Roots: roots[o.ID]})
	}
	return out
}
