package ui

import (
	"context"
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
	// Pager pages the organisations of an administrator, who sees them
	// all: a national register's three hundred are not one page.
	Pager pager
	// Mine are the reports due and overdue of the projects the user
	// manages.
	Mine []*salkku.ReportDue
}

// homeOrgsPerPage is how many organisations the home page shows at once.
const homeOrgsPerPage = 20

// HomeView is what the home page shows, loaded: a page of organisations
// with their portfolios, and the reports due of the user. The page's
// handler loads it through the store, the bench's bare handler
// (cmd/salkku) with its own queries; both render it with RenderHome.
type HomeView struct {
	Organisations []*salkku.Organisation
	Portfolios    []*salkku.Portfolio
	Mine          []*salkku.ReportDue
	pager         pager
}

// NewHomeView reads the page of organisations asked for from r's URL.
func NewHomeView(r *http.Request) HomeView {
	return HomeView{pager: newPager(r.URL.Query(), homeOrgsPerPage)}
}

// LoadOrganisations asks find for a page of organisations with their
// portfolios, and how many there are, showing the last page when ?page=
// is past the end.
func (v *HomeView) LoadOrganisations(find func(salkku.Page) (orgs []*salkku.Organisation, pfs []*salkku.Portfolio, total int, err error)) error {
	return v.pager.load(func(pg salkku.Page) (total int, err error) {
		v.Organisations, v.Portfolios, total, err = find(pg)
		return total, err
	})
}

// handleHome lists the organisations' portfolios as trees: for an
// administrator a page of organisations with all their portfolios, for
// others the organisations where they see a portfolio.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	var v HomeView
	err := s.Register.ReadTogether(r.Context(), func(ctx context.Context) (err error) {
		v, err = s.loadHome(r.WithContext(ctx))
		return err
	})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.RenderHome(w, r, v)
}

func (s *Server) loadHome(r *http.Request) (v HomeView, err error) {
	ctx := r.Context()
	v = NewHomeView(r)
	if web.AccessOf(r).CanAdminister() {
		err = v.LoadOrganisations(func(pg salkku.Page) (orgs []*salkku.Organisation, pfs []*salkku.Portfolio, total int, err error) {
			if orgs, total, err = s.Register.FindOrganisations(ctx, pg); err != nil || len(orgs) == 0 {
				return orgs, nil, total, err
			}
			ids := make([]int64, len(orgs))
			for i, o := range orgs {
				ids[i] = o.ID
			}
			pfs, _, err = s.Register.FindPortfolios(ctx, salkku.PortfolioFilter{OrganisationIDs: ids, Page: salkku.Page{Limit: salkku.MaxPageSize}})
			return orgs, pfs, total, err
		})
	} else if v.Organisations, _, err = s.Register.FindOrganisations(ctx, salkku.Page{Limit: salkku.MaxPageSize}); err == nil {
		v.Portfolios, _, err = s.Register.FindPortfolios(ctx, salkku.PortfolioFilter{Page: salkku.Page{Limit: salkku.MaxPageSize}})
	}
	if err == nil {
		v.Mine, err = s.myReports(r)
	}
	return v, err
}

// RenderHome writes the home page of v.
func (s *Server) RenderHome(w http.ResponseWriter, r *http.Request, v HomeView) {
	page := homePage{Pager: v.pager, Mine: v.Mine, Orgs: buildOrgTrees(v.Organisations, v.Portfolios)}
	if !web.AccessOf(r).CanAdminister() {
		// Others see only the organisations where they see a portfolio.
		page.Orgs = slices.DeleteFunc(page.Orgs, func(t orgTree) bool { return len(t.Roots) == 0 })
	}
	b := s.NewBase(r, s.Catalog.T(web.Lang(r), "home.title"))
	b.NavIndex, b.Flash = "portfolios", s.TakeFlash(w, r)
	page.reportBase = reportBase{gateBase{b}}
	s.Render(w, r, http.StatusOK, "home", page)
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
