package gen

import (
	"fmt"
	"time"

	"github.com/salkku/salkku"
)

// reportPeriods is how many of the latest periods each active project has
// reported for.
const reportPeriods = 3

// reports gives every organisation's top portfolio a reporting cycle (its
// sub-portfolios inherit it) and every active project a submitted report
// in each of its last periods before Today, dated a few days before each
// period's end, its lights a random walk: most stay, some worsen, some
// recover.
func (g *generator) reports() {
	kinds := []string{salkku.CycleQuarterly, salkku.CycleBimonthly, salkku.CycleTriannual, salkku.CycleMonthly}
	cycles := map[int64]*salkku.ReportingCycle{}
	for _, pf := range g.ds.Portfolios {
		if pf.ParentID != nil {
			continue
		}
		c := &salkku.ReportingCycle{PortfolioID: pf.ID, Kind: kinds[g.r.IntN(len(kinds))], Start: "2024-01-01", Version: 1}
		g.ds.ReportingCycles = append(g.ds.ReportingCycles, c)
		cycles[pf.ID] = c
	}
	root := map[int64]int64{}
	for _, pf := range g.ds.Portfolios {
		r := pf.ID
		if pf.ParentID != nil {
			r = *pf.ParentID
		}
		root[pf.ID] = r
	}
	today := salkku.Date(fmt.Sprintf("%04d-%02d-01", Today.Year(), Today.Number()))
	texts := []string{"Etenee suunnitellusti.", "Aikataulu on viivästynyt hankinnan vuoksi.", "Resurssit ovat riittämättömät.",
		"Määrittely valmistui, toteutus käynnissä.", "Käyttöönotto siirtyi seuraavalle jaksolle."}
	id := int64(len(g.ds.Reports))
	for _, p := range g.ds.Projects {
		c := cycles[root[p.PortfolioID]]
		if c == nil || p.Status != salkku.StatusActive {
			continue
		}
		last, ok := c.LastDue(today)
		if !ok {
			continue
		}
		var periods []salkku.Period
		for i := 0; i < reportPeriods && ok; i++ {
			periods = append([]salkku.Period{last}, periods...)
			last, ok = c.LastDue(last.Start)
		}
		light := salkku.LightValues[g.r.IntN(2)]
		for _, per := range periods {
			switch n := g.r.IntN(10); {
			case n == 0 && light != salkku.LightRed:
				light = salkku.LightValues[salkku.LightRank(light)] // worse
			case n == 1 && light != salkku.LightGreen:
				light = salkku.LightValues[salkku.LightRank(light)-2] // better
			}
			due := per.Due.Time()
			day := salkku.Date(due.AddDate(0, 0, -g.r.IntN(10)).Format("2006-01-02"))
			at := due.Add(12 * time.Hour)
			id++
			g.ds.Reports = append(g.ds.Reports, &salkku.StatusReport{
				Meta: salkku.Meta{ID: id, Version: 2, CreatedAt: at.Add(-time.Hour), UpdatedAt: at}, ProjectID: p.ID, ReportDate: day,
				Overall: salkku.T(texts[g.r.IntN(len(texts))]), Lights: salkku.Lights{Overall: light, Schedule: light},
				State: salkku.ReportSubmitted, Period: per, Revision: 1, SubmittedAt: &at,
			})
		}
	}
}
