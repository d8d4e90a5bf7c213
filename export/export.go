// Package export writes the tables people download: every list of Salkku
// as an Excel workbook (XLSX) or as CSV in two variants, "Excel (fi)" as
// Finnish Excel opens it with a double click and RFC 4180 for machines.
// One Writer per format behind one interface: New, Columns, Row…, Close.
// Rows stream: a writer holds only a few rows at a time, so an export of
// 30,000 projects does not hold the file in memory.
//
// Values keep their type: numbers stay numbers, salkku.Money is a number
// of euros shown as euros, time.Time a date, salkku.Month a month. Text
// that a spreadsheet would run as a formula (beginning with = + - @, a
// tab or a carriage return) is written with an apostrophe before it.
package export

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/salkku/salkku"
)

// Format is a file format of an export.
type Format string

// The formats.
const (
	// XLSX is an Excel workbook with typed cells, a frozen bold header
	// row and fitted column widths.
	XLSX Format = "xlsx"
	// CSVFi is CSV as Finnish Excel reads and writes it: semicolons,
	// decimal commas, dates 15.11.2021, UTF-8 with a byte-order mark (so
	// that Excel does not take it for Windows-1252), CRLF line ends.
	CSVFi Format = "csv-fi"
	// CSV is RFC 4180: commas, decimal points, ISO dates, UTF-8, CRLF.
	CSV Format = "csv"
)

// Formats lists the formats in the order a page offers them.
var Formats = []Format{XLSX, CSVFi, CSV}

// ErrFormat is the catalogue key of an unknown format.
const ErrFormat = "export.unknown_format"

// ParseFormat returns the format named s, an EINVALID *salkku.Error for an
// unknown one.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	return "", salkku.Errorf(salkku.EINVALID, ErrFormat)
}

// labels are the catalogue keys of the formats' names.
var labels = map[Format]string{
	XLSX:  "export.format_xlsx",
	CSVFi: "export.format_csv_fi",
	CSV:   "export.format_csv",
}

// Label returns the catalogue key of the format's name: "Excel", "Excel
// (fi) CSV", "CSV (RFC 4180)".
func Label(f Format) string { return labels[f] }

// ContentType returns the media type of a file in format f.
func ContentType(f Format) string {
	if f == XLSX {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8; header=present"
}

// Ext returns the file name extension of format f, with its dot.
func Ext(f Format) string {
	if f == XLSX {
		return ".xlsx"
	}
	return ".csv"
}

// FileName returns base with the extension of f: "hankkeet" → "hankkeet.xlsx".
func FileName(base string, f Format) string { return base + Ext(f) }

// Column is one column of an export.
type Column struct {
	// Title is the header text, in the reader's language.
	Title string
	// Width is the column's width in characters in a workbook; zero fits
	// it to the title and the first rows.
	Width float64
}

// Writer writes one table: Columns once, then Row for each row, then
// Close, which finishes the file (a workbook is written out only then).
// A Writer is not safe for concurrent use.
type Writer interface {
	// Columns sets the columns. It must be called once, before any Row.
	Columns(cols []Column) error
	// Row writes one row, a value for each column (fewer leave the rest
	// empty). Values may be nil, string, salkku.Text (in the writer's
	// language), any integer or float, bool, salkku.Money, salkku.Percent,
	// salkku.Month, time.Time (a date when it is midnight, else a date and
	// time, as its own clock shows it: convert to local time first),
	// pointers to those (nil is empty) and fmt.Stringer.
	Row(values ...any) error
	// Close finishes the file; the output is complete only after it.
	Close() error
}

// New returns a Writer of format f writing to w; lang chooses the
// language of salkku.Text values.
func New(f Format, w io.Writer, lang string) (Writer, error) {
	switch f {
	case XLSX:
		return newXLSX(w, lang), nil
	case CSVFi:
		return newCSV(w, lang, true), nil
	case CSV:
		return newCSV(w, lang, false), nil
	}
	return nil, salkku.Errorf(salkku.EINVALID, ErrFormat)
}

// Neutralise returns s with an apostrophe before it when a spreadsheet
// would take it for a formula (OWASP's "CSV injection"): when it begins
// with = + - @, a tab or a carriage return. Package importer drops the
// apostrophe again when it reads the file back.
func Neutralise(s string) string {
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// kind is how a value is written.
type kind int

const (
	kEmpty kind = iota
	kText
	kInt
	kFloat
	kBool
	kMoney
	kPercent
	kMonth
	kDate
	kDateTime
)

// value is a cell to write, typed.
type value struct {
	kind kind
	s    string
	i    int64
	f    float64
	b    bool
	t    time.Time
}

// classify turns a value given to Row into a value.
func classify(v any, lang string) value {
	switch x := v.(type) {
	case nil:
		return value{}
	case string:
		if x == "" {
			return value{}
		}
		return value{kind: kText, s: Neutralise(x)}
	case salkku.Text:
		s, _ := x.In(lang)
		return classify(s, lang)
	case salkku.Money:
		return value{kind: kMoney, i: int64(x)}
	case salkku.Percent:
		return value{kind: kPercent, i: int64(x)}
	case salkku.Month:
		if x.IsZero() {
			return value{}
		}
		return value{kind: kMonth, i: int64(x)}
	case time.Time:
		if x.IsZero() {
			return value{}
		}
		t := time.Date(x.Year(), x.Month(), x.Day(), x.Hour(), x.Minute(), x.Second(), 0, time.UTC)
		if h, m, s := t.Clock(); h == 0 && m == 0 && s == 0 {
			return value{kind: kDate, t: t}
		}
		return value{kind: kDateTime, t: t}
	case bool:
		return value{kind: kBool, b: x}
	case int:
		return value{kind: kInt, i: int64(x)}
	case int8:
		return value{kind: kInt, i: int64(x)}
	case int16:
		return value{kind: kInt, i: int64(x)}
	case int32:
		return value{kind: kInt, i: int64(x)}
	case int64:
		return value{kind: kInt, i: x}
	case uint8:
		return value{kind: kInt, i: int64(x)}
	case uint16:
		return value{kind: kInt, i: int64(x)}
	case uint32:
		return value{kind: kInt, i: int64(x)}
	case uint:
		if uint64(x) > math.MaxInt64 {
			return value{kind: kFloat, f: float64(x)}
		}
		return value{kind: kInt, i: int64(x)}
	case uint64:
		if x > math.MaxInt64 {
			return value{kind: kFloat, f: float64(x)}
		}
		return value{kind: kInt, i: int64(x)}
	case float32:
		return classify(float64(x), lang)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return value{}
		}
		return value{kind: kFloat, f: x}
	case *string:
		return deref(x, lang)
	case *salkku.Money:
		return deref(x, lang)
	case *salkku.Percent:
		return deref(x, lang)
	case *salkku.Month:
		return deref(x, lang)
	case *time.Time:
		return deref(x, lang)
	case *int:
		return deref(x, lang)
	case *int64:
		return deref(x, lang)
	case *float64:
		return deref(x, lang)
	case *bool:
		return deref(x, lang)
	case fmt.Stringer:
		return classify(x.String(), lang)
	}
	return classify(fmt.Sprint(v), lang)
}

func deref[T any](p *T, lang string) value {
	if p == nil {
		return value{}
	}
	return classify(*p, lang)
}

// cents writes an amount as "1234,50" (dec ',') or "1234.50".
func cents(c int64, dec byte) string {
	neg := c < 0
	if neg {
		c = -c
	}
	s := strconv.FormatInt(c/100, 10) + string(dec) + fmt.Sprintf("%02d", c%100)
	if neg {
		return "-" + s
	}
	return s
}

// percent writes basis points as "62,5 %" (dec ',') or "62.5%".
func percent(bp int64, dec byte) string {
	s := strings.TrimSuffix(strings.TrimRight(cents(bp, dec), "0"), string(dec))
	if dec == ',' {
		return s + "\u00a0%"
	}
	return s + "%"
}

// float writes f plainly, with the decimal separator dec.
func float(f float64, dec byte) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if dec != '.' {
		s = strings.Replace(s, ".", string(dec), 1)
	}
	return s
}

// width estimates how many characters the value takes in a workbook.
func (v value) width() int {
	switch v.kind {
	case kText:
		w := 0
		for _, line := range strings.Split(v.s, "\n") {
			w = max(w, utf8.RuneCountInString(line))
		}
		return w
	case kInt:
		return len(strconv.FormatInt(v.i, 10)) + 1
	case kFloat:
		return len(float(v.f, '.')) + 1
	case kMoney:
		return len(cents(v.i, ',')) + len(cents(v.i, ','))/4 + 3
	case kPercent:
		return len(percent(v.i, ',')) + 1
	case kMonth:
		return 7
	case kDate:
		return 10
	case kDateTime:
		return 16
	case kBool:
		return 5
	}
	return 0
}
