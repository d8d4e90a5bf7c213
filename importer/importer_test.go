package importer_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/importer"
)

const mb = 1 << 20

// texts returns each row's cell texts, the header first.
func texts(t *importer.Table) [][]string {
	out := [][]string{t.Header}
	for _, r := range t.Rows {
		var row []string
		for _, c := range r.Cells {
			row = append(row, c.Text)
		}
		out = append(out, row)
	}
	return out
}

func numbers(t *importer.Table) []int {
	var out []int
	for _, r := range t.Rows {
		out = append(out, r.Number)
	}
	return out
}

func mustRead(tb testing.TB, name string, b []byte, opts ...importer.Option) *importer.Table {
	tb.Helper()
	t, err := importer.Read(name, bytes.NewReader(b), 10*mb, opts...)
	if err != nil {
		tb.Fatalf("Read(%s): %v", name, err)
	}
	return t
}

func TestReadCSVEncodings(t *testing.T) {
	want := [][]string{{"Kustannuslaji", "Summa"}, {"Henkilöstömenot", "1 234,50"}}
	utf16 := func(order string, s string) []byte {
		var b []byte
		for _, r := range s { // the text is in the Basic Multilingual Plane
			hi, lo := byte(r>>8), byte(r)
			if order == "le" {
				b = append(b, lo, hi)
			} else {
				b = append(b, hi, lo)
			}
		}
		return b
	}
	text := "Kustannuslaji;Summa\r\nHenkilöstömenot;1 234,50\r\n"
	for _, tc := range []struct {
		name string
		b    []byte
	}{
		{"UTF8", []byte(text)},
		{"UTF8BOM", append([]byte("\xef\xbb\xbf"), text...)},
		// Windows-1252 as Finnish Excel writes it: ö is 0xF6, the
		// no-break space 0xA0.
		{"Windows1252", []byte("Kustannuslaji;Summa\r\nHenkil\xf6st\xf6menot;1\xa0234,50\r\n")},
		{"UTF16LE", append([]byte("\xff\xfe"), utf16("le", text)...)},
		{"UTF16BE", append([]byte("\xfe\xff"), utf16("be", text)...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tab := mustRead(t, "actuals.csv", tc.b)
			got := texts(tab)
			// Windows-1252 writes the no-break space; the cell keeps it.
			got[1][1] = strings.ReplaceAll(got[1][1], "\u00a0", " ")
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
			m, key := importer.Money(tab.Rows[0].Cell(1))
			if key != "" || m != 123450 {
				t.Errorf("Money = %d %q, want 123450", m, key)
			}
		})
	}
}

func TestReadCSVSeparators(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       [][]string
	}{
		{"Semicolon", "a;b\n1,5;2\n", [][]string{{"a", "b"}, {"1,5", "2"}}},
		{"Comma", "a,b\n1.5,2\n", [][]string{{"a", "b"}, {"1.5", "2"}}},
		{"Tab", "a\tb;c\td\n1\t2\n", [][]string{{"a", "b;c", "d"}, {"1", "2"}}},
		{"TieIsSemicolon", "a\tb;c\n1;2\n", [][]string{{"a\tb", "c"}, {"1", "2"}}},
		{"QuotedSeparatorsIgnored", "\"a;b;c\",d\n1,2\n", [][]string{{"a;b;c", "d"}, {"1", "2"}}},
		{"SepLine", "sep=,\na,b;c\n1,2\n", [][]string{{"a", "b;c"}, {"1", "2"}}},
		{"OneColumn", "Nimi\nKaRa\n", [][]string{{"Nimi"}, {"KaRa"}}},
		{"QuotesAndNewlines", "a;b\n\"say \"\"hi\"\"\";\"two\nlines\"\n", [][]string{{"a", "b"}, {`say "hi"`, "two\nlines"}}},
		{"TrailingEmptyCellsAndRows", "a;b;;\n1;;;\n;;;\n\n", [][]string{{"a", "b"}, {"1"}}},
		{"FormulaQuoteDropped", "a\n'=SUM(A1)\n'x\n", [][]string{{"a"}, {"=SUM(A1)"}, {"'x"}}},
		{"CR", "a;b\r1;2\r", [][]string{{"a", "b"}, {"1", "2"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := texts(mustRead(t, "x.csv", []byte(tc.text))); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestReadCSVRowNumbers(t *testing.T) {
	// Row numbers are Excel's: a record with a line break inside quotes
	// is one row, an empty line is a row.
	tab := mustRead(t, "x.csv", []byte("\nkoodi;kuvaus\nA;\"one\ntwo\"\n\nB;x\nC;y"))
	if tab.HeaderRow != 2 {
		t.Errorf("HeaderRow = %d, want 2", tab.HeaderRow)
	}
	if got, want := numbers(tab), []int{3, 5, 6}; !reflect.DeepEqual(got, want) {
		t.Errorf("row numbers %v, want %v", got, want)
	}
}

func TestReadCSVErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		b    []byte
		key  string
		args []any
	}{
		{"UnclosedQuote", []byte("a;b\n1;2\n3;\"open\n4;5\n"), importer.ErrCSVQuote, []any{3}},
		{"Empty", []byte("\r\n;;\r\n"), importer.ErrEmpty, nil},
		{"Binary", []byte("a;b\n\x00\x01"), importer.ErrCSVBinary, nil},
		{"XLSXName", []byte("a;b\n"), importer.ErrBadXLSX, nil},
		{"OldXLS", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"), importer.ErrXLS, nil},
		{"ZipNoWorkbook", zipOf(t), importer.ErrBadXLSX, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name := "x.csv"
			if tc.name == "XLSXName" {
				name = "x.xlsx"
			}
			_, err := importer.Read(name, bytes.NewReader(tc.b), mb)
			var e *salkku.Error
			if !asError(err, &e) || e.Message != tc.key || !reflect.DeepEqual(e.Args, tc.args) {
				t.Fatalf("err = %v, want %s %v", err, tc.key, tc.args)
			}
		})
	}
}

func TestReadLimits(t *testing.T) {
	csv := []byte("a\n1\n2\n3\n")
	xlsx := workbook(t, [][]any{{"a"}, {1}, {2}, {3}})
	for _, tc := range []struct {
		name string
		b    []byte
	}{{"CSV", csv}, {"XLSX", xlsx}} {
		t.Run(tc.name+"TooLarge", func(t *testing.T) {
			_, err := importer.Read("f", bytes.NewReader(tc.b), int64(len(tc.b)-1))
			if salkku.ErrorCode(err) != salkku.ETOOLARGE || salkku.ErrorMessage(err) != importer.ErrTooLarge {
				t.Fatalf("err = %v, want %s", err, importer.ErrTooLarge)
			}
		})
		t.Run(tc.name+"AtLimit", func(t *testing.T) {
			if _, err := importer.Read("f", bytes.NewReader(tc.b), int64(len(tc.b)), importer.MaxRows(3)); err != nil {
				t.Fatal(err)
			}
		})
		t.Run(tc.name+"TooManyRows", func(t *testing.T) {
			_, err := importer.Read("f", bytes.NewReader(tc.b), mb, importer.MaxRows(2))
			var e *salkku.Error
			if !asError(err, &e) || e.Message != importer.ErrTooMany || !reflect.DeepEqual(e.Args, []any{2}) {
				t.Fatalf("err = %v, want %s", err, importer.ErrTooMany)
			}
		})
	}
}

func TestReadProgress(t *testing.T) {
	var b strings.Builder
	b.WriteString("a;b\n")
	for i := range 2500 {
		fmt.Fprintf(&b, "%d;x\n", i)
	}
	rows := make([][]any, 2501)
	rows[0] = []any{"a", "b"}
	for i := 1; i < len(rows); i++ {
		rows[i] = []any{i, "x"}
	}
	for _, tc := range []struct {
		name string
		b    []byte
	}{{"CSV", []byte(b.String())}, {"XLSX", workbook(t, rows)}} {
		t.Run(tc.name, func(t *testing.T) {
			var calls [][2]int
			tab := mustRead(t, "f", tc.b, importer.Progress(func(done, total int) { calls = append(calls, [2]int{done, total}) }))
			if len(tab.Rows) != 2500 {
				t.Fatalf("%d rows", len(tab.Rows))
			}
			if len(calls) < 3 {
				t.Fatalf("progress called %d times: %v", len(calls), calls)
			}
			for i, c := range calls {
				if c[0] > c[1] || (i > 0 && c[0] < calls[i-1][0]) {
					t.Errorf("call %d: %v after %v", i, c, calls[max(i-1, 0)])
				}
			}
			if last := calls[len(calls)-1]; last[0] != last[1] {
				t.Errorf("last call %v: done is not total", last)
			}
		})
	}
}

// workbook writes rows to the first sheet of a new workbook, from A1.
// Cell values may be excelize-settable values or a styled value.
type styled struct {
	v   any
	fmt int    // a built-in number format
	cus string // or a custom one
}

func workbook(tb testing.TB, rows [][]any, more ...[][]any) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sheets := append([][][]any{rows}, more...)
	for si, rows := range sheets {
		sheet := "Sheet1"
		if si > 0 {
			sheet = fmt.Sprintf("Sheet%d", si+1)
			if _, err := f.NewSheet(sheet); err != nil {
				tb.Fatal(err)
			}
		}
		for i, row := range rows {
			for j, v := range row {
				if v == nil {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if s, ok := v.(styled); ok {
					st := &excelize.Style{NumFmt: s.fmt}
					if s.cus != "" {
						st.CustomNumFmt = &s.cus
					}
					id, err := f.NewStyle(st)
					if err != nil {
						tb.Fatal(err)
					}
					if err := f.SetCellStyle(sheet, cell, cell, id); err != nil {
						tb.Fatal(err)
					}
					v = s.v
				}
				if err := f.SetCellValue(sheet, cell, v); err != nil {
					tb.Fatal(err)
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func zipOf(tb testing.TB) []byte {
	tb.Helper()
	// A zip holding one text file: no workbook.
	return []byte("PK\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00a")
}

func TestReadXLSX(t *testing.T) {
	day := time.Date(2021, 11, 15, 0, 0, 0, 0, time.UTC)
	b := workbook(t, [][]any{
		nil, // an empty first row: the header is row 2
		{"Projekti", "Tili", "Kausi", "Summa", "Päivä", "Koodi", nil, nil},
		{"KaRa", 4000, styled{v: day, cus: "m/yyyy"}, 1234.5, styled{v: day, fmt: 14}, "44515"},
		nil,
		{"KaRa", 4010, "11/2021", "1 234,50", styled{v: 44515, cus: `d"."m"."yyyy`}, styled{v: 12.5, cus: `#,##0.00\ "€"`}},
	}, [][]any{{"other sheet"}})
	tab := mustRead(t, "kirjanpito.csv", b) // the name lies; the bytes are a zip
	if tab.Format != "xlsx" || tab.Sheet != "Sheet1" || tab.HeaderRow != 2 {
		t.Errorf("Format %q Sheet %q HeaderRow %d", tab.Format, tab.Sheet, tab.HeaderRow)
	}
	if want := []string{"Projekti", "Tili", "Kausi", "Summa", "Päivä", "Koodi"}; !reflect.DeepEqual(tab.Header, want) {
		t.Errorf("Header %q, want %q", tab.Header, want)
	}
	if got, want := numbers(tab), []int{3, 5}; !reflect.DeepEqual(got, want) {
		t.Fatalf("row numbers %v, want %v", got, want)
	}
	r := tab.Rows[0]
	if c := r.Cell(1); !c.IsNum || c.Num != 4000 || c.Text != "4000" {
		t.Errorf("account cell %+v, want the number 4000", c)
	}
	if c := r.Cell(2); !c.IsDate || !c.Date.Equal(day) {
		t.Errorf("period cell %+v, want the date %v", c, day)
	}
	if c := r.Cell(3); !c.IsNum || c.Num != 1234.5 {
		t.Errorf("amount cell %+v, want the number 1234.5", c)
	}
	if c := r.Cell(4); !c.IsDate || c.Text != "2021-11-15" {
		t.Errorf("date cell %+v, want a date", c)
	}
	if c := r.Cell(5); c.IsNum || c.IsDate || c.Text != "44515" {
		t.Errorf("a text cell of digits %+v must stay text", c)
	}
	r = tab.Rows[1]
	if c := r.Cell(4); !c.IsDate || !c.Date.Equal(day) {
		t.Errorf("custom date format cell %+v, want the date %v", c, day)
	}
	if c := r.Cell(5); !c.IsNum || c.IsDate || c.Num != 12.5 {
		t.Errorf("euro format cell %+v, want the number 12.5", c)
	}
	for i, row := range tab.Rows {
		m, _ := importer.Month(row.Cell(2))
		a, _ := importer.Money(row.Cell(3))
		if m != salkku.NewMonth(2021, 11) || a != 123450 {
			t.Errorf("row %d: month %v amount %d", i, m, a)
		}
	}
}

func TestReadXLSXSheets(t *testing.T) {
	t.Run("FirstEmptySecondRead", func(t *testing.T) {
		tab := mustRead(t, "x.xlsx", workbook(t, nil, [][]any{{"a"}, {"b"}}))
		if tab.Sheet != "Sheet2" || !reflect.DeepEqual(texts(tab), [][]string{{"a"}, {"b"}}) {
			t.Errorf("sheet %q: %q", tab.Sheet, texts(tab))
		}
	})
	t.Run("AllEmpty", func(t *testing.T) {
		_, err := importer.Read("x.xlsx", bytes.NewReader(workbook(t, nil, nil)), mb)
		if salkku.ErrorMessage(err) != importer.ErrEmpty {
			t.Errorf("err = %v, want %s", err, importer.ErrEmpty)
		}
	})
}

func TestMoney(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    importer.Cell
		want salkku.Money
		key  string
	}{
		{"Text", importer.Cell{Text: "1 234,50"}, 123450, ""},
		{"NoBreakSpace", importer.Cell{Text: "1\u00a0234,50"}, 123450, ""},
		{"NarrowNoBreakSpace", importer.Cell{Text: "−1\u202f234,5 €"}, -123450, ""},
		{"DecimalComma", importer.Cell{Text: "12,5"}, 1250, ""},
		{"PointThousands", importer.Cell{Text: "1.234,50"}, 0, salkku.ErrMoneySeparator},
		{"CommaThousands", importer.Cell{Text: "1,234.50"}, 0, salkku.ErrMoneySeparator},
		{"Number", importer.Cell{Num: 1234.5, IsNum: true, Text: "1234.5"}, 123450, ""},
		{"NumberFloatNoise", importer.Cell{Num: 0.1 + 0.2, IsNum: true}, 30, ""},
		{"NumberTooPrecise", importer.Cell{Num: 1.234, IsNum: true}, 0, salkku.ErrMoneyDecimals},
		{"Date", importer.Cell{IsDate: true, Text: "2021-11-15"}, 0, salkku.ErrMoneyFormat},
		{"Empty", importer.Cell{}, 0, importer.ErrCellEmpty},
		{"Words", importer.Cell{Text: "paljon"}, 0, salkku.ErrMoneyFormat},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, key := importer.Money(tc.c)
			if got != tc.want || key != tc.key {
				t.Errorf("Money(%+v) = %d %q, want %d %q", tc.c, got, key, tc.want, tc.key)
			}
		})
	}
}

func TestMonth(t *testing.T) {
	nov := salkku.NewMonth(2021, 11)
	for _, tc := range []struct {
		name string
		c    importer.Cell
		want salkku.Month
		key  string
	}{
		{"Slash", importer.Cell{Text: "11/2021"}, nov, ""},
		{"ISO", importer.Cell{Text: "2021-11"}, nov, ""},
		{"Point", importer.Cell{Text: "11.2021"}, nov, ""},
		{"FinnishDate", importer.Cell{Text: "15.11.2021"}, nov, ""},
		{"ISODate", importer.Cell{Text: "2021-11-01"}, nov, ""},
		{"DateCell", importer.Cell{IsDate: true, Date: time.Date(2021, 11, 30, 23, 0, 0, 0, time.UTC)}, nov, ""},
		{"Serial", importer.Cell{IsNum: true, Num: 44501}, nov, ""}, // 1.11.2021
		{"SerialOutOfRange", importer.Cell{IsNum: true, Num: -3}, 0, importer.ErrMonthFormat},
		{"BadMonth", importer.Cell{Text: "13/2021"}, 0, "error.month_number"},
		{"Words", importer.Cell{Text: "marraskuu"}, 0, "error.month_format"},
		{"BadDay", importer.Cell{Text: "31.11.2021"}, 0, "error.month_format"},
		{"Empty", importer.Cell{}, 0, importer.ErrCellEmpty},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, key := importer.Month(tc.c)
			if got != tc.want || key != tc.key {
				t.Errorf("Month(%+v) = %v %q, want %v %q", tc.c, got, key, tc.want, tc.key)
			}
		})
	}
}

func TestDate(t *testing.T) {
	day := time.Date(2021, 11, 15, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		c    importer.Cell
		want time.Time
		key  string
	}{
		{"Finnish", importer.Cell{Text: "15.11.2021"}, day, ""},
		{"FinnishShort", importer.Cell{Text: "1.2.2021"}, time.Date(2021, 2, 1, 0, 0, 0, 0, time.UTC), ""},
		{"WithTime", importer.Cell{Text: "15.11.2021 14:05"}, day, ""},
		{"ISO", importer.Cell{Text: "2021-11-15"}, day, ""},
		{"DateCell", importer.Cell{IsDate: true, Date: day.Add(13 * time.Hour)}, day, ""},
		{"Serial", importer.Cell{IsNum: true, Num: 44515}, day, ""},
		{"American", importer.Cell{Text: "11/15/2021"}, time.Time{}, importer.ErrDateFormat},
		{"NoDay", importer.Cell{Text: "29.2.2021"}, time.Time{}, importer.ErrDateFormat},
		{"TwoDigitYear", importer.Cell{Text: "15.11.21"}, time.Time{}, importer.ErrDateFormat},
		{"Empty", importer.Cell{}, time.Time{}, importer.ErrCellEmpty},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, key := importer.Date(tc.c)
			if !got.Equal(tc.want) || key != tc.key {
				t.Errorf("Date(%+v) = %v %q, want %v %q", tc.c, got, key, tc.want, tc.key)
			}
		})
	}
}

func TestTextAndNumber(t *testing.T) {
	if s, key := importer.Text(importer.Cell{Text: "1001", Num: 1001, IsNum: true}); s != "1001" || key != "" {
		t.Errorf("Text(number) = %q %q", s, key)
	}
	if _, key := importer.Text(importer.Cell{IsDate: true}); key != importer.ErrNotText {
		t.Errorf("Text(date) key %q", key)
	}
	for _, tc := range []struct {
		in   string
		want float64
		key  string
	}{
		{"1 234,5", 1234.5, ""}, {"-2.5", -2.5, ""}, {"1e3", 0, importer.ErrNumber},
		{"1.234,5", 0, importer.ErrNumber}, {"NaN", 0, importer.ErrNumber}, {"x", 0, importer.ErrNumber},
	} {
		if got, key := importer.Number(importer.Cell{Text: tc.in}); got != tc.want || key != tc.key {
			t.Errorf("Number(%q) = %v %q, want %v %q", tc.in, got, key, tc.want, tc.key)
		}
	}
}

var actualFields = []importer.Field{
	{Key: "project", Required: true, Names: []string{"Projekti", "Projektikoodi", "Projekt", "Project code"}},
	{Key: "account", Required: true, Names: []string{"Tili", "Konto", "Account"}},
	{Key: "period", Required: true, Names: []string{"Kausi", "Kuukausi", "Period", "Månad"}},
	{Key: "amount", Required: true, Names: []string{"Summa", "Määrä", "Belopp", "Amount"}},
	{Key: "note", Names: []string{"Selite", "Förklaring", "Description"}},
}

func TestGuess(t *testing.T) {
	header := []string{"Projektikoodi", " TILI ", "Maara (€)", "Kuukausi", "Summa", "Förklaring"}
	got := importer.Guess(header, actualFields)
	want := importer.Mapping{"project": "Projektikoodi", "account": " TILI ", "period": "Kuukausi", "amount": "Summa", "note": "Förklaring"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Guess = %v, want %v", got, want)
	}
	// "Määrä" is a synonym too, written with its diacritics and a unit.
	got = importer.Guess([]string{"Projekti", "Tili", "Kausi", "MÄÄRÄ (€)"}, actualFields)
	if got["amount"] != "MÄÄRÄ (€)" {
		t.Errorf("Guess amount = %q", got["amount"])
	}
	b, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	var back importer.Mapping
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, want) {
		t.Errorf("JSON round trip %s → %v, %v", b, back, err)
	}
}

func TestCheck(t *testing.T) {
	header := []string{"Projekti", "Tili", "Kausi", "Summa"}
	for _, tc := range []struct {
		name string
		m    importer.Mapping
		want map[string]string
	}{
		{"OK", importer.Mapping{"project": "Projekti", "account": "Tili", "period": "Kausi", "amount": "summa"}, nil},
		{"ErrUnmapped", importer.Mapping{"project": "Projekti", "account": "Tili", "period": "Kausi"}, map[string]string{"amount": importer.ErrUnmapped}},
		{"ErrMappedTwice", importer.Mapping{"project": "Projekti", "account": "Tili", "period": "Kausi", "amount": "Summa", "note": "Tili"},
			map[string]string{"account": importer.ErrMappedTwice, "note": importer.ErrMappedTwice}},
		{"ErrNoColumn", importer.Mapping{"project": "Projekti", "account": "Tili", "period": "Kausi", "amount": "Belopp"}, map[string]string{"amount": importer.ErrNoColumn}},
		{"ErrNoField", importer.Mapping{"project": "Projekti", "account": "Tili", "period": "Kausi", "amount": "Summa", "vat": "Tili"}, map[string]string{"vat": importer.ErrNoField}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := importer.Check(tc.m, header, actualFields)
			if tc.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var e *salkku.Error
			if !asError(err, &e) || e.Code != salkku.EINVALID || !reflect.DeepEqual(map[string]string(e.Fields), tc.want) {
				t.Fatalf("err = %v, want fields %v", err, tc.want)
			}
		})
	}
}

func TestRecord(t *testing.T) {
	tab := mustRead(t, "a.csv", []byte("Projekti;Tili;Kausi;Summa;Selite\nKaRa;4000;11/2021;1 234,50\n;4000;13/2021;1.234,50;x\n"))
	b, err := importer.Bind(importer.Guess(tab.Header, actualFields), tab.Header, actualFields)
	if err != nil {
		t.Fatal(err)
	}
	rec := b.Record(tab.Rows[0])
	if p, a, m, n := rec.Text("project"), rec.Money("amount"), rec.Month("period"), rec.Text("note"); p != "KaRa" || a != 123450 || m != salkku.NewMonth(2021, 11) || n != "" {
		t.Errorf("row 2 read %q %d %v %q", p, a, m, n)
	}
	if len(rec.Problems()) != 0 {
		t.Errorf("row 2 problems %v", rec.Problems())
	}
	rec = b.Record(tab.Rows[1])
	rec.Text("project")
	rec.Month("period")
	rec.Money("amount")
	rec.Add("", "import.duplicate_row")
	want := []importer.Problem{
		{Row: 3, Column: "Projekti", Key: importer.ErrCellEmpty},
		{Row: 3, Column: "Kausi", Key: "error.month_number"},
		{Row: 3, Column: "Summa", Key: salkku.ErrMoneySeparator},
		{Row: 3, Key: "import.duplicate_row"},
	}
	if got := rec.Problems(); !reflect.DeepEqual(got, want) {
		t.Errorf("row 3 problems\n got %v\nwant %v", got, want)
	}
}

func asError(err error, e **salkku.Error) bool { return errors.As(err, e) }
