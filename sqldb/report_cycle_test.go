package sqldb_test

import (
	"testing"

	"github.com/salkku/salkku"
)

// TestReportingCycleInheritedName: an inherited cycle names the portfolio
// it comes from. Portfolio names are texts; the cycle used to read the
// plain name column as JSON and so always had an empty name.
func TestReportingCycleInheritedName(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		ctx := salkku.System(t.Context())
		sub := mustCreatePortfolio(t, w.db, w.org, w.pf, "Sivistyspalvelut")
		subsub := mustCreatePortfolio(t, w.db, w.org, sub, "Perusopetus")
		mustSetCycle(t, w.db, karaCycle(w.pf))
		for _, id := range []int64{sub.ID, subsub.ID} {
			c, err := w.db.FindReportingCycle(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if c.InheritedFrom == nil || *c.InheritedFrom != w.pf.ID || c.InheritedFromName.FI != w.pf.Name.FI || c.InheritedFromName.FI == "" {
				t.Errorf("cycle of %d: inherited from %v, named %+v; want %d, %q", id, c.InheritedFrom, c.InheritedFromName, w.pf.ID, w.pf.Name.FI)
			}
		}
		// The summary's cycle of a sub-portfolio is the same.
		s, err := w.db.FindPortfolioSummary(ctx, salkku.SummaryFilter{PortfolioID: sub.ID, Date: "2021-11-30"})
		if err != nil {
			t.Fatal(err)
		}
		if s.Cycle == nil || s.Cycle.InheritedFromName.FI != w.pf.Name.FI {
			t.Errorf("summary cycle %+v", s.Cycle)
		}
	})
}
