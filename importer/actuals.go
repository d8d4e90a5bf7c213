package importer

import (
	"strconv"

	"github.com/salkku/salkku"
)

// ActualFields are the columns an actuals file from a finance system may
// have, with the header texts that usually name them. A row names its
// cost category by an account number (mapped to a category by the
// category's accounts) or by the category's name.
var ActualFields = []Field{
	{Key: "project", Required: true, Names: []string{"Hanke", "Projekti", "Hankenumero", "Projektinumero", "Hankekoodi", "Projekt", "Projektnummer", "Project", "Project code"}},
	{Key: "work_package", Names: []string{"Työpaketti", "Osa-alue", "Arbetspaket", "Work package"}},
	{Key: "account", Names: []string{"Tili", "Tilinumero", "Kustannuslajitili", "Konto", "Kontonummer", "Account", "Account number"}},
	{Key: "category", Names: []string{"Kustannuslaji", "Menolaji", "Kostnadsslag", "Cost category", "Category"}},
	{Key: "month", Required: true, Names: []string{"Kuukausi", "Kausi", "Kirjauskausi", "Päivämäärä", "Tositepäivä", "Månad", "Period", "Datum", "Month", "Date"}},
	{Key: "amount", Required: true, Names: []string{"Summa", "Määrä", "Euroa", "Euro", "Belopp", "Amount", "Sum"}},
	{Key: "description", Names: []string{"Selite", "Kuvaus", "Teksti", "Beskrivning", "Text", "Description"}},
	{Key: "source_id", Names: []string{"Tosite", "Tositenumero", "Tunniste", "Rivitunniste", "Verifikat", "ID", "Voucher"}},
}

// ActualRows reads each row of t through b into an actual to import, the
// problems of its cells with it.
func ActualRows(t *Table, b *Binding) []salkku.ActualRow {
	out := make([]salkku.ActualRow, 0, len(t.Rows))
	for _, r := range t.Rows {
		rec := b.Record(r)
		a := salkku.ActualRow{
			Row:             r.Number,
			ProjectCode:     rec.Text("project"),
			WorkPackageCode: rec.Text("work_package"),
			Account:         accountText(b.Cell(r, "account")),
			Category:        rec.Text("category"),
			Month:           rec.Month("month"),
			Amount:          rec.Money("amount"),
			Description:     rec.Text("description"),
			SourceID:        rec.Text("source_id"),
		}
		a.Problems = rec.Problems()
		out = append(out, a)
	}
	return out
}

// Columns names the header text of each mapped field, for the store's
// problems.
func (b *Binding) Columns() map[string]string {
	out := map[string]string{}
	for f := range b.index {
		out[f] = b.Column(f)
	}
	return out
}

// accountText is an account cell as digits: a workbook keeps 4300 as the
// number 4300.
func accountText(c Cell) string {
	if c.IsNum && c.Num == float64(int64(c.Num)) {
		return strconv.FormatInt(int64(c.Num), 10)
	}
	return c.Text
}
