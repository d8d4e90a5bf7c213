package sqldb_test

import (
	"context"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
)

// TestReadTogether: the reads inside ReadTogether are one transaction of
// one moment, on both engines: a write committed meanwhile, also one made
// inside it with its context, is not seen until it ends, and the write
// itself is not refused as a write in a read-only transaction.
func TestReadTogether(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		db := mustOpen(t, engine)
		org := mustCreateOrg(t, db, "Esimerkkilän kaupunki")
		pf := mustCreatePortfolio(t, db, org, nil, "Digikehittämisen salkku")
		p := mustCreateProject(t, db, pf, &salkku.Project{})
		ctx, txs := sqldb.CountTransactions(salkku.System(t.Context()))

		var inside []string
		err := db.ReadTogether(ctx, func(ctx context.Context) error {
			before, err := db.FindProjectByID(ctx, p.ID)
			if err != nil {
				return err
			}
			inside = append(inside, before.Name.FI)
			if _, _, err := db.FindProjects(ctx, salkku.ProjectFilter{PortfolioID: &pf.ID}); err != nil {
				return err
			}
			if _, err := db.FindCategories(ctx, pf.ID); err != nil {
				return err
			}
			// Nested: still the same transaction.
			if err := db.ReadTogether(ctx, func(ctx context.Context) error {
				_, err := db.FindPortfolioByID(ctx, pf.ID)
				return err
			}); err != nil {
				return err
			}
			if got := txs.Load(); got != 1 {
				t.Errorf("%d transactions for four reads inside ReadTogether, want 1", got)
			}
			before.Name = salkku.T("Palomuuripalvelun kilpailutus")
			if err := db.UpdateProject(ctx, before); err != nil {
				return err
			}
			after, err := db.FindProjectByID(ctx, p.ID)
			if err != nil {
				return err
			}
			inside = append(inside, after.Name.FI)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := p.Name.FI; inside[0] != want || inside[1] != want {
			t.Errorf("names read inside: %q, want %q twice (the write is later than the snapshot)", inside, want)
		}
		if got, want := txs.Load(), int64(2); got != want {
			t.Errorf("%d transactions in all, want %d: the reads' and the update's", got, want)
		}
		got, err := db.FindProjectByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name.FI != "Palomuuripalvelun kilpailutus" {
			t.Errorf("after ReadTogether: %q, want the updated name", got.Name.FI)
		}
	})
}
