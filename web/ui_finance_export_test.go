package web_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/salkku/salkku"
)

// TestFinanceExports downloads a project's finance tables and a
// portfolio's roll-up: amounts as numbers, the Finnish CSV with
// semicolons and decimal commas, the workbook with numeric cells.
func TestFinanceExports(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		w := newRiskWorld(t, a)
		ctx := salkku.System(context.Background())
		p, err := a.db.FindProjectByID(ctx, w.p.ID)
		must(t, err)
		p.Start, p.End = salkku.NewMonth(2020, 8), salkku.NewMonth(2021, 12)
		must(t, a.db.UpdateProject(ctx, p))
		pf, err := a.db.FindProjectFinance(ctx, p.ID)
		must(t, err)
		personnel := pf.Categories[0].ID
		must(t, a.db.ReviseBudget(ctx, &salkku.BudgetRevision{ProjectID: p.ID, Number: 1, Date: "2020-08-01",
			Lines: []salkku.BudgetLine{{CategoryID: personnel, Amount: 99004000}}}))
		must(t, a.db.CreateActual(ctx, &salkku.Actual{ProjectID: p.ID, CategoryID: personnel, Month: salkku.NewMonth(2021, 11), Amount: 48015660, Description: "=HYPERLINK()"}))

		base := "/projects/" + id(p.ID) + "/finance/export/"
		csv := a.get(t, base+"follow_up?format=csv-fi")
		wantStatus(t, csv, http.StatusOK)
		if !strings.HasPrefix(csv.Body, "\ufeff") || !strings.Contains(csv.Body, "Henkilöstömenot;990040,00;990040,00;480156,60;509883,40;") {
			t.Errorf("follow-up CSV:\n%s", csv.Body)
		}
		if !strings.Contains(csv.Body, "Yhteensä;990040,00") {
			t.Errorf("no total row:\n%s", csv.Body)
		}
		acts := a.get(t, base+"actuals?format=csv&lang=en")
		wantStatus(t, acts, http.StatusOK)
		if !strings.Contains(acts.Body, "Month,Cost category") || !strings.Contains(acts.Body, "480156.60,'=HYPERLINK()") {
			t.Errorf("actuals CSV:\n%s", acts.Body)
		}
		x := a.get(t, base+"budget?format=xlsx&lang=fi")
		wantStatus(t, x, http.StatusOK)
		f, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body)))
		must(t, err)
		sheet := f.GetSheetName(0)
		typ, err := f.GetCellType(sheet, "F2")
		must(t, err)
		v, _ := f.GetCellValue(sheet, "F2", excelize.Options{RawCellValue: true})
		if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || v != "990040" {
			t.Errorf("budget amount cell F2 = %q (type %v), want the number 990040", v, typ)
		}
		wantStatus(t, a.get(t, base+"nothing?format=csv"), http.StatusNotFound)
		wantStatus(t, a.get(t, base+"actuals?format=pdf"), http.StatusBadRequest)

		roll := a.get(t, "/portfolios/"+id(w.pf.ID)+"/finance/export?format=csv-fi&lang=fi")
		wantStatus(t, roll, http.StatusOK)
		if !strings.Contains(roll.Body, "Hanke;KaRa;KaRa-hanke;990040,00;990040,00;480156,60;509883,40;") {
			t.Errorf("portfolio CSV:\n%s", roll.Body)
		}
	})
}
