// Package importer reads the spreadsheets people export from a finance
// system or keep as a register: XLSX workbooks and CSV files as Finnish
// Excel writes them (semicolons, decimal commas, Windows-1252 or UTF-8 with
// a byte-order mark). It knows no database and no domain record: it turns a
// file into a Table of typed cells, maps the file's columns to the fields
// an import wants (Guess, Check, Bind) and reads cells as money, months,
// dates and text, each failure a catalogue key that names what is wrong.
// The callers (the finance actuals and the project-list imports) turn the
// rows into their own records.
package importer

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/salkku/salkku"
)

// Table is a sheet read from a file: its header row and the rows under it.
type Table struct {
	// Format is "xlsx" or "csv", as detected from the file's bytes.
	Format string
	// Sheet is the name of the worksheet read from a workbook; "" for CSV.
	Sheet string
	// Header is the text of each cell of the first non-empty row, trailing
	// empty cells dropped.
	Header []string
	// HeaderRow is the header's row number as Excel shows it (1 unless
	// rows above it are empty).
	HeaderRow int
	// Rows are the non-empty rows under the header, in order.
	Rows []Row
}

// Row is one row of a sheet.
type Row struct {
	// Number is the row's number as Excel shows it: the header of a
	// file that starts with it is row 1, the first data row row 2. Empty
	// rows are left out of Table.Rows but still counted.
	Number int
	// Cells are the row's cells from the first column, trailing empty
	// cells dropped.
	Cells []Cell
}

// Cell returns the cell in column i (0-based), an empty Cell when the row
// is shorter.
func (r Row) Cell(i int) Cell {
	if i < 0 || i >= len(r.Cells) {
		return Cell{}
	}
	return r.Cells[i]
}

// Cell is one cell's value. CSV cells are text only; workbook cells keep
// their type: a number is IsNum with Num, a date (a number with a date
// format, or an ISO date cell) IsDate with Date.
type Cell struct {
	// Text is the cell as text, trimmed: a text cell's text, a number
	// written plainly ("1234.5"), a date as "2021-11-15".
	Text   string
	Num    float64
	IsNum  bool
	Date   time.Time
	IsDate bool
}

// IsEmpty reports whether the cell holds nothing but white space.
func (c Cell) IsEmpty() bool { return strings.TrimSpace(c.Text) == "" && !c.IsNum && !c.IsDate }

// Defaults of the limits on a file read.
const (
	// DefaultMaxRows bounds the data rows of a sheet when no other bound
	// is given: a finance system's year of actuals for a city fits.
	DefaultMaxRows = 200_000
)

// Errors of Read, catalogue keys. Each is returned in a *salkku.Error.
const (
	ErrTooLarge  = "import.too_large"     // the file is over the limit; Args: the limit in megabytes
	ErrTooMany   = "import.too_many_rows" // more data rows than allowed; Args: the bound
	ErrEmpty     = "import.empty"         // no row at all, so no header
	ErrBadXLSX   = "import.bad_xlsx"      // a zip that is no readable workbook, or a .xlsx that is no zip
	ErrXLS       = "import.xls"           // an old binary .xls (or an encrypted workbook)
	ErrCSVQuote  = "import.csv_quote"     // a quoted CSV field never closed; Args: the row it starts on
	ErrCSVBinary = "import.csv_binary"    // bytes that are no text at all
)

// Option adjusts how Read reads a file.
type Option func(*options)

type options struct {
	maxRows  int
	progress func(done, total int)
}

// MaxRows bounds the number of data rows (the header not counted); a file
// with more is refused with ErrTooMany. Zero or less keeps DefaultMaxRows.
func MaxRows(n int) Option {
	return func(o *options) {
		if n > 0 {
			o.maxRows = n
		}
	}
}

// Progress has Read call fn as it goes, so that a page or the command line
// can show how far a large file is: done of total bytes of the text read
// (a CSV file's, or a workbook's unzipped sheet), ending with done ==
// total. fn runs on Read's goroutine and must be quick.
func Progress(fn func(done, total int)) Option {
	return func(o *options) { o.progress = fn }
}

// progressEvery is how many rows pass between calls of a Progress func.
const progressEvery = 1000

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
)

// Read reads the file of the given name (the name is only a hint; the
// format is told by the bytes: a zip is a workbook) from r, at most limit
// bytes. A workbook's first sheet with any data is read; a CSV file's
// encoding and separator are detected (see ReadCSV). Read refuses a file
// over limit (ErrTooLarge, code ETOOLARGE), with more than the allowed
// rows (ErrTooMany), or with no row at all (ErrEmpty), each a
// *salkku.Error whose message is a catalogue key.
func Read(name string, r io.Reader, limit int64, opts ...Option) (*Table, error) {
	o := options{maxRows: DefaultMaxRows}
	for _, opt := range opts {
		opt(&o)
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("importer: read %s: %w", name, err)
	}
	if int64(len(b)) > limit {
		return nil, salkku.Errorf(salkku.ETOOLARGE, ErrTooLarge, megabytes(limit))
	}
	switch {
	case bytes.HasPrefix(b, zipMagic):
		return readXLSX(b, limit, &o)
	case bytes.HasPrefix(b, oleMagic):
		return nil, salkku.Errorf(salkku.EINVALID, ErrXLS)
	case strings.HasSuffix(strings.ToLower(name), ".xlsx"):
		return nil, salkku.Errorf(salkku.EINVALID, ErrBadXLSX)
	}
	return readCSV(b, &o)
}

// megabytes writes a limit for a message: "10", "0.5".
func megabytes(n int64) string {
	mb := float64(n) / (1 << 20)
	if mb >= 1 && mb == float64(int64(mb)) {
		return fmt.Sprint(int64(mb))
	}
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", mb), "0"), ".")
}

// builder collects rows as a reader finds them: it finds the header,
// drops empty rows and trailing empty cells, and enforces the row bound.
type builder struct {
	t       *Table
	maxRows int
}

// add appends the row numbered n; it reports false with an error when the
// bound is passed.
func (b *builder) add(n int, cells []Cell) error {
	for len(cells) > 0 && cells[len(cells)-1].IsEmpty() {
		cells = cells[:len(cells)-1]
	}
	if len(cells) == 0 {
		return nil
	}
	if b.t.Header == nil {
		b.t.HeaderRow = n
		b.t.Header = make([]string, len(cells))
		for i, c := range cells {
			b.t.Header[i] = c.Text
		}
		return nil
	}
	if len(b.t.Rows) >= b.maxRows {
		return salkku.Errorf(salkku.EINVALID, ErrTooMany, b.maxRows)
	}
	b.t.Rows = append(b.t.Rows, Row{Number: n, Cells: cells})
	return nil
}

func (b *builder) done() (*Table, error) {
	if b.t.Header == nil {
		return nil, salkku.Errorf(salkku.EINVALID, ErrEmpty)
	}
	return b.t, nil
}

// unquote drops the apostrophe that an export puts before a text starting
// with = + - @ or a tab or carriage return so that a spreadsheet does not
// run it as a formula (package export does it); what was written is read
// back.
func unquote(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.IndexByte("=+-@\t\r", s[1]) >= 0 {
		return s[1:]
	}
	return s
}

// trim trims white space, no-break spaces included.
func trim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || r == '\u202f' || r == '\ufeff'
	})
}
