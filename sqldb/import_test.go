package sqldb_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb/sqldbtest"
)

// actualRows makes n rows spread over the world's project, each with its
// own source id.
func actualRows(n int) []salkku.ActualRow {
	rows := make([]salkku.ActualRow, n)
	for i := range rows {
		rows[i] = salkku.ActualRow{Row: i + 2, ProjectCode: "kara", Account: fmt.Sprint(4000 + i%2*300), Month: salkku.NewMonth(2020, 8) + salkku.Month(i%16),
			Amount: salkku.Money(100 + i), Description: "Lasku", SourceID: fmt.Sprint("T-", i)}
	}
	return rows
}

func TestImportActuals(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustFinanceWorld(t, engine)
		ctx := salkku.System(t.Context())
		w.cats[0].Accounts = []string{"40"}
		must(t, w.db.UpdateCostCategory(ctx, w.cats[0]))
		w.cats[1].Accounts = []string{"43"}
		must(t, w.db.UpdateCostCategory(ctx, w.cats[1]))
		cols := map[string]string{"project": "Projekti", "account": "Tili", "month": "Kausi", "amount": "Summa"}

		const n = 10000
		rows := actualRows(n)
		// One bad row among ten thousand: nothing is applied, and the
		// problem names the row and the column.
		bad := append([]salkku.ActualRow(nil), rows...)
		bad[4321].Month = salkku.NewMonth(2022, 3)
		bad[17].Account = "9999"
		bad[99].SourceID = bad[98].SourceID
		bad[99].Amount = bad[98].Amount
		bad[99].Month, bad[99].Account = bad[98].Month, bad[98].Account
		res, err := w.db.ImportActuals(ctx, salkku.ImportRequest{OrganisationID: w.org.ID, FileName: "bad.csv", Rows: bad, Apply: true, Columns: cols})
		must(t, err)
		wantEqual(t, res.Applied, false)
		wantEqual(t, len(res.Problems), 3)
		want := map[int]string{4323: "Kausi", 19: "Tili", 101: ""}
		for _, p := range res.Problems {
			if col, ok := want[p.Row]; !ok || col != p.Column {
				t.Errorf("problem %+v, want rows and columns %v", p, want)
			}
		}
		wantEqual(t, w.rollup(t, w.top).Actual, salkku.Money(0))

		// Preview, then apply: each within a few seconds.
		start := time.Now()
		res, err = w.db.ImportActuals(ctx, salkku.ImportRequest{OrganisationID: w.org.ID, FileName: "good.csv", Rows: rows, Columns: cols})
		must(t, err)
		t.Logf("%s: preview of %d rows in %v", engine, n, time.Since(start))
		wantEqual(t, res.New, n)
		wantEqual(t, res.Applied, false)
		var sum salkku.Money
		for _, r := range rows {
			sum += r.Amount
		}
		wantEqual(t, res.Total, sum)
		start = time.Now()
		var seen int
		res, err = w.db.ImportActuals(ctx, salkku.ImportRequest{OrganisationID: w.org.ID, FileName: "good.csv", Rows: rows, Apply: true, Columns: cols,
			Progress: func(done, total int) { seen = done }})
		must(t, err)
		t.Logf("%s: apply of %d rows in %v", engine, n, time.Since(start))
		wantEqual(t, res.Applied, true)
		wantEqual(t, seen, n)
		wantEqual(t, w.rollup(t, w.top).Actual, sum)
		pf, err := w.db.FindProjectFinance(ctx, w.p.ID)
		must(t, err)
		wantEqual(t, pf.FollowUp.Lines[0].Actual+pf.FollowUp.Lines[1].Actual, sum)

		// The same file again changes nothing.
		res, err = w.db.ImportActuals(ctx, salkku.ImportRequest{OrganisationID: w.org.ID, FileName: "good.csv", Rows: rows, Apply: true, Columns: cols})
		must(t, err)
		wantEqual(t, [3]int{res.New, res.Updated, res.Unchanged}, [3]int{0, 0, n})
		wantEqual(t, w.rollup(t, w.top).Actual, sum)

		// A row the finance system corrected is updated, not added.
		rows[0].Amount += 50
		res, err = w.db.ImportActuals(ctx, salkku.ImportRequest{OrganisationID: w.org.ID, FileName: "fix.csv", Rows: rows[:10], Apply: true, Columns: cols})
		must(t, err)
		wantEqual(t, [3]int{res.New, res.Updated, res.Unchanged}, [3]int{0, 1, 9})
		wantEqual(t, w.rollup(t, w.top).Actual, sum+50)

		// Rows without ids are keyed by their content.
		plain := []salkku.ActualRow{{Row: 2, ProjectCode: "KaRa", Category: "palvelujen ostot", Month: salkku.NewMonth(2021, 1), Amount: 7}}
		for range 2 {
			_, err = w.db.ImportActuals(ctx, salkku.ImportRequest{OrganisationID: w.org.ID, FileName: "plain.csv", Rows: plain, Apply: true, Columns: cols})
			must(t, err)
		}
		wantEqual(t, w.rollup(t, w.top).Actual, sum+57)
		imports, err := w.db.FindActualImports(ctx, w.org.ID, 10)
		must(t, err)
		wantEqual(t, len(imports), 5)

		// A viewer may not import.
		wantErr(t, func() error {
			_, err := w.db.ImportActuals(salkku.WithCaller(t.Context(), salkku.Actor{UserID: 99}, &salkku.Access{UserID: 99}), salkku.ImportRequest{OrganisationID: w.org.ID, Rows: plain})
			return err
		}(), salkku.EFORBIDDEN, "")

		// The mapping is remembered.
		must(t, w.db.SaveImportMapping(ctx, w.org.ID, salkku.ImportKindActuals, cols))
		m, err := w.db.FindImportMapping(ctx, w.org.ID, salkku.ImportKindActuals)
		must(t, err)
		wantEqual(t, m, cols)
		f := &salkku.ImportFile{OrganisationID: w.org.ID, Kind: salkku.ImportKindActuals, Name: "a.csv", Content: []byte("x;y\n1;2\n")}
		must(t, w.db.SaveImportFile(ctx, f))
		got, err := w.db.FindImportFile(ctx, f.ID)
		must(t, err)
		wantEqual(t, string(got.Content), "x;y\n1;2\n")
	})
}

// BenchmarkImportActuals10k previews and applies ten thousand rows on
// each engine; each apply goes into a fresh world, so it writes them all.
//
//	go test ./sqldb/ -run '^$' -bench ImportActuals
func BenchmarkImportActuals10k(b *testing.B) {
	for _, engine := range sqldbtest.Engines(b) {
		b.Run(engine, func(b *testing.B) {
			rows := actualRows(10000)
			cols := map[string]string{"project": "Projekti", "account": "Tili", "month": "Kausi", "amount": "Summa"}
			setup := func() (*financeWorld, context.Context) {
				w := mustFinanceWorld(b, engine)
				ctx := salkku.System(b.Context())
				w.cats[0].Accounts, w.cats[1].Accounts = []string{"40"}, []string{"43"}
				must(b, w.db.UpdateCostCategory(ctx, w.cats[0]))
				must(b, w.db.UpdateCostCategory(ctx, w.cats[1]))
				return w, ctx
			}
			b.Run("Preview", func(b *testing.B) {
				w, ctx := setup()
				for b.Loop() {
					if res, err := w.db.ImportActuals(ctx, salkku.ImportRequest{OrganisationID: w.org.ID, Rows: rows, Columns: cols}); err != nil || res.New != len(rows) {
						b.Fatal(err, res)
					}
				}
			})
			b.Run("Apply", func(b *testing.B) {
				for b.Loop() {
					b.StopTimer()
					w, ctx := setup()
					b.StartTimer()
					if res, err := w.db.ImportActuals(ctx, salkku.ImportRequest{OrganisationID: w.org.ID, Rows: rows, Apply: true, Columns: cols}); err != nil || !res.Applied {
						b.Fatal(err, res)
					}
				}
			})
		})
	}
}
