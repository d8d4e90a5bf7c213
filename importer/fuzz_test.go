package importer_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/importer"
)

// checkTable holds for every table Read returns: rows numbered upwards
// below the header, none empty, no trailing empty cell.
func checkTable(t *testing.T, tab *importer.Table) {
	t.Helper()
	if len(tab.Header) == 0 || tab.HeaderRow < 1 {
		t.Fatalf("header %q at row %d", tab.Header, tab.HeaderRow)
	}
	last := tab.HeaderRow
	for _, r := range tab.Rows {
		if r.Number <= last {
			t.Fatalf("row %d after row %d", r.Number, last)
		}
		last = r.Number
		if len(r.Cells) == 0 || r.Cells[len(r.Cells)-1].IsEmpty() {
			t.Fatalf("row %d: %d cells, the last empty", r.Number, len(r.Cells))
		}
		for _, c := range r.Cells {
			if !utf8.ValidString(c.Text) {
				t.Fatalf("row %d: invalid UTF-8 %q", r.Number, c.Text)
			}
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"a;b\n1;2\n",
		"sep=,\na,b\n\"x\"\"y\",\"1\n2\"\r\n",
		"\xef\xbb\xbfKoodi;Summa\r\nKaRa;1 234,50\r\n",
		"Henkil\xf6st\xf6menot;1\xa0234,50\r\n",
		"\xff\xfea\x00;\x00b\x00\n\x00",
		"a\tb\n\"open",
		"\n\n;;\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		tab, err := importer.Read("f.csv", bytes.NewReader(b), 1<<20, importer.MaxRows(1000))
		if err != nil {
			if salkku.ErrorCode(err) == salkku.EINTERNAL {
				t.Fatalf("an error with no catalogue key: %v", err)
			}
			return
		}
		checkTable(t, tab)
	})
}

func FuzzReadXLSX(f *testing.F) {
	day := time.Date(2021, 11, 15, 0, 0, 0, 0, time.UTC)
	f.Add(workbook(f, [][]any{
		{"Projekti", "Kausi", "Summa", "Päivä"},
		{"KaRa", styled{v: day, cus: "m/yyyy"}, 1234.5, styled{v: day, fmt: 14}},
		nil,
		{"KaRa", "11/2021", "1 234,50", 44515},
	}))
	f.Add(workbook(f, nil, [][]any{{"a"}, {1}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		tab, err := importer.Read("f.xlsx", bytes.NewReader(b), 1<<20, importer.MaxRows(1000))
		if err != nil {
			if salkku.ErrorCode(err) == salkku.EINTERNAL {
				t.Fatalf("an error with no catalogue key: %v", err)
			}
			return
		}
		checkTable(t, tab)
	})
}

// FuzzCells runs every cell reader on text and numbers: none panics, each
// either reads or gives a catalogue key, and what reads is in range.
func FuzzCells(f *testing.F) {
	for _, s := range []string{"11/2021", "2021-11", "11.2021", "15.11.2021", "1 234,50", "1.234,50", "−5", "44515", "2021-02-30", ""} {
		f.Add(s, 44515.0, false)
	}
	f.Add("", 1.5, true)
	f.Fuzz(func(t *testing.T, s string, num float64, isNum bool) {
		c := importer.Cell{Text: s}
		if isNum {
			c = importer.Cell{Text: fmt.Sprint(num), Num: num, IsNum: true}
		}
		if m, key := importer.Month(c); key == "" {
			if m.Year() < salkku.MinYear || m.Year() > salkku.MaxYear {
				t.Errorf("Month(%+v) = %v out of range", c, m)
			}
		} else if !strings.Contains(key, ".") {
			t.Errorf("Month(%+v) key %q", c, key)
		}
		if d, key := importer.Date(c); key == "" {
			if d.Year() < salkku.MinYear || d.Year() > salkku.MaxYear || d.Hour() != 0 {
				t.Errorf("Date(%+v) = %v", c, d)
			}
		}
		if m, key := importer.Money(c); key == "" && (m > salkku.MaxMoney || m < -salkku.MaxMoney) {
			t.Errorf("Money(%+v) = %d out of range", c, m)
		}
		importer.Number(c)
		importer.Text(c)
	})
}

// rows10k is a finance system's export of 10,000 actuals.
func rows10k() [][]any {
	rows := [][]any{{"Projekti", "Tili", "Kausi", "Summa", "Selite", "Tosite"}}
	for i := range 10_000 {
		rows = append(rows, []any{"KaRa", 4000 + i%7*10, fmt.Sprintf("%d/2021", i%12+1), float64(i%50000) + 0.25, "Palkat ja palkkiot", fmt.Sprintf("T-%06d", i)})
	}
	return rows
}

func BenchmarkReadXLSX10k(b *testing.B) {
	file := workbook(b, rows10k())
	b.SetBytes(int64(len(file)))
	b.ResetTimer()
	for b.Loop() {
		tab, err := importer.Read("a.xlsx", bytes.NewReader(file), 64<<20)
		if err != nil || len(tab.Rows) != 10_000 {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadCSV10k(b *testing.B) {
	var buf strings.Builder
	buf.WriteString("\ufeffProjekti;Tili;Kausi;Summa;Selite;Tosite\r\n")
	for _, r := range rows10k()[1:] {
		fmt.Fprintf(&buf, "%s;%d;%s;%s;\"%s\";%s\r\n", r[0], r[1], r[2], strings.Replace(fmt.Sprint(r[3]), ".", ",", 1), r[4], r[5])
	}
	file := []byte(buf.String())
	b.SetBytes(int64(len(file)))
	b.ResetTimer()
	for b.Loop() {
		tab, err := importer.Read("a.csv", bytes.NewReader(file), 64<<20)
		if err != nil || len(tab.Rows) != 10_000 {
			b.Fatal(err)
		}
	}
}
