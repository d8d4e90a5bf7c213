package export_test

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/export"
	"github.com/salkku/salkku/importer"
)

var (
	day   = time.Date(2021, 11, 15, 0, 0, 0, 0, time.UTC)
	stamp = time.Date(2021, 11, 15, 14, 5, 0, 0, time.UTC)
	nov   = salkku.NewMonth(2021, 11)
)

var columns = []export.Column{
	{Title: "Projekti"}, {Title: "Kausi"}, {Title: "Summa"}, {Title: "Päivä"}, {Title: "Määrä"},
	{Title: "Osuus"}, {Title: "Kuvaus"}, {Title: "Muokattu"},
}

var rows = [][]any{
	{"KaRa", nov, salkku.Money(123450), day, 42, salkku.Percent(6250), salkku.Text{FI: "Kaavoitus", SV: "Planläggning"}, stamp},
	{"=HYPERLINK(\"http://x\")", salkku.NewMonth(2020, 8), salkku.Money(-5), day, 2.5, salkku.Percent(0), "rivi 1\nrivi \"2\"; ja, 3", nil},
	{"+1", salkku.Month(0), salkku.Money(72083600), nil, int64(-7), nil, "@cmd", stamp},
}

func write(tb testing.TB, f export.Format, lang string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w, err := export.New(f, &buf, lang)
	if err != nil {
		tb.Fatal(err)
	}
	if err := w.Columns(columns); err != nil {
		tb.Fatal(err)
	}
	for _, r := range rows {
		if err := w.Row(r...); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// TestRoundTrip exports each format and reads the file back with the
// importer: the same amounts to the cent, months, dates and texts.
func TestRoundTrip(t *testing.T) {
	for _, f := range export.Formats {
		t.Run(string(f), func(t *testing.T) {
			b := write(t, f, "sv")
			tab, err := importer.Read("x"+export.Ext(f), bytes.NewReader(b), 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(tab.Header, "|"); got != "Projekti|Kausi|Summa|Päivä|Määrä|Osuus|Kuvaus|Muokattu" {
				t.Errorf("header %q", got)
			}
			if len(tab.Rows) != len(rows) {
				t.Fatalf("%d rows", len(tab.Rows))
			}
			r := tab.Rows[0]
			if s, _ := importer.Text(r.Cell(0)); s != "KaRa" {
				t.Errorf("text %q", s)
			}
			if m, key := importer.Month(r.Cell(1)); m != nov {
				t.Errorf("month %v %q", m, key)
			}
			for i, want := range []salkku.Money{123450, -5, 72083600} {
				if got, key := importer.Money(tab.Rows[i].Cell(2)); got != want {
					t.Errorf("row %d: money %d %q, want %d", i, got, key, want)
				}
			}
			if d, key := importer.Date(r.Cell(3)); !d.Equal(day) {
				t.Errorf("date %v %q", d, key)
			}
			if n, key := importer.Number(r.Cell(4)); n != 42 {
				t.Errorf("number %v %q", n, key)
			}
			if n, key := importer.Number(tab.Rows[1].Cell(4)); n != 2.5 {
				t.Errorf("float %v %q", n, key)
			}
			if s, _ := importer.Text(r.Cell(6)); s != "Planläggning" {
				t.Errorf("Text in sv: %q", s)
			}
			if s, _ := importer.Text(tab.Rows[1].Cell(6)); s != "rivi 1\nrivi \"2\"; ja, 3" {
				t.Errorf("quoted text %q", s)
			}
			// What was neutralised reads back as written.
			if s, _ := importer.Text(tab.Rows[1].Cell(0)); s != "=HYPERLINK(\"http://x\")" {
				t.Errorf("formula text %q", s)
			}
			if c := tab.Rows[2].Cell(1); !c.IsEmpty() {
				t.Errorf("zero month %+v, want empty", c)
			}
			if f == export.XLSX {
				if c := r.Cell(2); !c.IsNum || c.Num != 1234.5 {
					t.Errorf("money cell %+v, want the number 1234.5", c)
				}
				if c := r.Cell(4); !c.IsNum {
					t.Errorf("number cell %+v", c)
				}
				if c := r.Cell(1); !c.IsDate {
					t.Errorf("month cell %+v, want a date", c)
				}
				if c := r.Cell(7); !c.IsDate || !c.Date.Equal(stamp) {
					t.Errorf("time stamp %+v", c)
				}
			}
		})
	}
}

func TestCSVVariants(t *testing.T) {
	fi := string(write(t, export.CSVFi, "fi"))
	if !strings.HasPrefix(fi, "\ufeffProjekti;Kausi;Summa;") {
		t.Errorf("csv-fi starts %q", fi[:30])
	}
	for _, want := range []string{
		"\r\nKaRa;11/2021;1234,50;15.11.2021;42;62,5\u00a0%;Kaavoitus;15.11.2021 14:05\r\n",
		"'=HYPERLINK(\"\"http://x\"\")",
		";-0,05;",
		";2,5;",
		"\"rivi 1\nrivi \"\"2\"\"; ja, 3\"",
		"'+1;;720836,00;;-7;;'@cmd;",
	} {
		if !strings.Contains(fi, want) {
			t.Errorf("csv-fi lacks %q:\n%s", want, fi)
		}
	}
	rfc := string(write(t, export.CSV, "fi"))
	if strings.HasPrefix(rfc, "\ufeff") {
		t.Error("csv has a byte-order mark")
	}
	for _, want := range []string{
		"Projekti,Kausi,Summa,Päivä,Määrä,Osuus,Kuvaus,Muokattu\r\n",
		"\r\nKaRa,11/2021,1234.50,2021-11-15,42,62.5%,Kaavoitus,2021-11-15 14:05:00\r\n",
		",-0.05,", ",2.5,",
		"\"rivi 1\nrivi \"\"2\"\"; ja, 3\"",
	} {
		if !strings.Contains(rfc, want) {
			t.Errorf("csv lacks %q:\n%s", want, rfc)
		}
	}
	if strings.Count(rfc, "\n") != strings.Count(rfc, "\r\n")+1 { // one line break inside quotes
		t.Errorf("line ends are not CRLF:\n%q", rfc)
	}
}

// TestXLSX opens the workbook with excelize: cell types, number formats,
// the frozen bold header, fitted widths.
func TestXLSX(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(write(t, export.XLSX, "fi")))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	format := func(cell string) (int, string) {
		t.Helper()
		id, err := f.GetCellStyle(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.CustomNumFmt != nil {
			return st.NumFmt, *st.CustomNumFmt
		}
		return st.NumFmt, ""
	}
	for _, tc := range []struct {
		cell    string
		typ     excelize.CellType
		raw     string
		numFmt  int
		custom  string
		display string
	}{
		{"A2", excelize.CellTypeInlineString, "KaRa", 0, "", ""},
		{"B2", excelize.CellTypeUnset, "44501", -1, "m/yyyy", ""},
		{"C2", excelize.CellTypeUnset, "1234.5", -1, `#,##0.00\ "€";-#,##0.00\ "€"`, ""},
		{"D2", excelize.CellTypeUnset, "44515", 14, "", ""},
		{"E2", excelize.CellTypeUnset, "42", 0, "", ""},
		{"F2", excelize.CellTypeUnset, "0.625", 10, "", ""},
		{"H2", excelize.CellTypeUnset, "44515.586805555555", 22, "", ""},
		{"A3", excelize.CellTypeInlineString, "'=HYPERLINK(\"http://x\")", 0, "", ""},
		{"G4", excelize.CellTypeInlineString, "'@cmd", 0, "", ""},
	} {
		typ, err := f.GetCellType(sheet, tc.cell)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := f.GetCellValue(sheet, tc.cell, excelize.Options{RawCellValue: true})
		if typ != tc.typ || !strings.HasPrefix(raw, tc.raw[:min(len(tc.raw), 12)]) {
			t.Errorf("%s: type %v value %q, want %v %q", tc.cell, typ, raw, tc.typ, tc.raw)
		}
		id, custom := format(tc.cell)
		if (tc.numFmt >= 0 && id != tc.numFmt) || custom != tc.custom {
			t.Errorf("%s: number format %d %q, want %d %q", tc.cell, id, custom, tc.numFmt, tc.custom)
		}
	}
	id, _ := f.GetCellStyle(sheet, "A1")
	if st, _ := f.GetStyle(id); st.Font == nil || !st.Font.Bold {
		t.Error("header not bold")
	}
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v %v, want the first row frozen", panes, err)
	}
	for col, want := range map[string][2]float64{"A": {24, 30}, "C": {10, 16}, "D": {10, 14}, "G": {12, 20}} {
		w, _ := f.GetColWidth(sheet, col)
		if w < want[0] || w > want[1] {
			t.Errorf("column %s width %v, want %v–%v", col, w, want[0], want[1])
		}
	}
}

func TestFormats(t *testing.T) {
	for _, f := range export.Formats {
		if got, err := export.ParseFormat(string(f)); err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %q %v", f, got, err)
		}
		if export.Label(f) == "" || export.ContentType(f) == "" || !strings.HasPrefix(export.FileName("hankkeet", f), "hankkeet.") {
			t.Errorf("%s: label %q type %q", f, export.Label(f), export.ContentType(f))
		}
	}
	if _, err := export.ParseFormat("pdf"); salkku.ErrorMessage(err) != export.ErrFormat {
		t.Errorf("ParseFormat(pdf) err %v", err)
	}
	if _, err := export.New("ods", io.Discard, "fi"); salkku.ErrorMessage(err) != export.ErrFormat {
		t.Errorf("New(ods) err %v", err)
	}
	if export.ContentType(export.XLSX) != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" || export.Ext(export.CSVFi) != ".csv" {
		t.Error("XLSX content type or CSV extension")
	}
}

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+358 40": "'+358 40", "-x": "'-x", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"KaRa": "KaRa", "": "", "1=1": "1=1", "'=x": "'=x",
	} {
		if got := export.Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEmpty(t *testing.T) {
	for _, f := range export.Formats {
		var buf bytes.Buffer
		w, _ := export.New(f, &buf, "fi")
		if err := w.Columns([]export.Column{{Title: "Nimi"}}); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		tab, err := importer.Read("x", &buf, 1<<20)
		if err != nil || len(tab.Header) != 1 || len(tab.Rows) != 0 {
			t.Errorf("%s: %v %+v", f, err, tab)
		}
	}
}

// TestStreamBoundedMemory writes 30,000 rows and checks that the heap
// does not grow with them: a writer holding the rows would need tens of
// megabytes.
func TestStreamBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("30,000 rows")
	}
	for _, f := range export.Formats {
		t.Run(string(f), func(t *testing.T) {
			w, err := export.New(f, io.Discard, "fi")
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Columns(columns); err != nil {
				t.Fatal(err)
			}
			heap := func() uint64 {
				runtime.GC()
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				return m.HeapAlloc
			}
			var base, peak uint64
			for i := range 30_000 {
				if i == 1000 {
					base = heap()
				}
				if i%5000 == 4999 {
					peak = max(peak, heap())
				}
				if err := w.Row(fmt.Sprintf("Hanke %d", i), nov, salkku.Money(i*100+25), day, i, salkku.Percent(5000),
					"Kuvaus, joka on noin kuusikymmentä merkkiä pitkä kuten hankkeiden kuvaukset", stamp); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			// excelize keeps up to 16 MiB of sheet XML in memory before it
			// moves it to a temporary file; CSV keeps a buffer.
			limit := uint64(24 << 20)
			if f != export.XLSX {
				limit = 1 << 20
			}
			if peak > base && peak-base > limit {
				t.Errorf("heap grew by %d MiB over 29,000 rows", (peak-base)>>20)
			}
			t.Logf("heap growth %d KiB", (int64(peak)-int64(base))>>10)
		})
	}
}

func BenchmarkXLSX30k(b *testing.B) {
	for b.Loop() {
		w, _ := export.New(export.XLSX, io.Discard, "fi")
		w.Columns(columns)
		for i := range 30_000 {
			w.Row(fmt.Sprintf("Hanke %d", i), nov, salkku.Money(i*100+25), day, i, salkku.Percent(5000), "Kuvaus", stamp)
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
