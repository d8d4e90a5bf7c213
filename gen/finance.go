package gen

import (
	"fmt"

	"github.com/salkku/salkku"
)

// Finance at scale: every organisation has the default cost categories;
// every project with a known span a budget (revision 1) on three of them
// per year of its first four, and actuals on two of them for each of its
// last twelve months up to Today, about thirty rows a project: a million
// at national scale, as the issue asks.
const (
	budgetCategories = 3
	budgetYears      = 4
	actualCategories = 2
	actualMonths     = 12
)

func (g *generator) finance() {
	cats := map[int64][]int64{} // organisation → its categories' ids
	var catID int64
	for _, o := range g.ds.Organisations {
		for i, name := range salkku.DefaultCostCategories {
			catID++
			g.ds.CostCategories = append(g.ds.CostCategories, &salkku.CostCategory{Meta: g.meta(catID), OrganisationID: o.ID, Name: o.Languages.Normalize().Keep(name),
				Position: i + 1, Accounts: []string{fmt.Sprint(40 + i)}})
			cats[o.ID] = append(cats[o.ID], catID)
		}
	}
	orgOf := map[int64]int64{}
	for _, pf := range g.ds.Portfolios {
		orgOf[pf.ID] = pf.OrganisationID
	}
	var revID, actID int64
	for _, p := range g.ds.Projects {
		if p.Start.IsZero() || p.End.IsZero() {
			continue
		}
		oc := cats[orgOf[p.PortfolioID]]
		revID++
		rev := &salkku.BudgetRevision{ID: revID, ProjectID: p.ID, Number: 1, CreatedAt: g.meta(revID).CreatedAt,
			Date: salkku.Date(fmt.Sprintf("%04d-%02d-01", p.Start.Year(), p.Start.Number()))}
		chosen := g.r.Perm(len(oc))[:budgetCategories]
		for y := p.Start.Year(); y <= min(p.End.Year(), p.Start.Year()+budgetYears-1); y++ {
			for _, c := range chosen {
				amount := salkku.Money(5000+g.r.IntN(195000)) * 100
				rev.Lines = append(rev.Lines, salkku.BudgetLine{CategoryID: oc[c], Year: y, Amount: amount})
				rev.Total += amount
			}
		}
		g.ds.Budgets = append(g.ds.Budgets, rev)
		last := min(p.End, Today)
		for m := max(p.Start, last-actualMonths+1); m <= last; m++ {
			for _, c := range chosen[:actualCategories] {
				actID++
				g.ds.Actuals = append(g.ds.Actuals, &salkku.Actual{Meta: g.meta(actID), ProjectID: p.ID, CategoryID: oc[c], Month: m,
					Amount: salkku.Money(100 + g.r.IntN(2000000)), Description: "Lasku"})
			}
		}
	}
}
