package importer

import (
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/salkku/salkku"
)

// Field is one value an import wants from each row, such as the amount of
// an actual or the code of a project.
type Field struct {
	// Key names the field in a Mapping and in a form: "amount".
	Key string
	// Required fields must be mapped to a column, and their cells must
	// not be empty.
	Required bool
	// Names are the header texts that mean this field, in Finnish,
	// Swedish and English ("Summa", "Belopp", "Amount"); Guess compares
	// them ignoring case, spaces, punctuation and diacritics.
	Names []string
}

// Mapping says which column of a file holds each field: field key →
// the column's header text, as the file writes it. It is kept by header
// text rather than position so that a remembered mapping still fits next
// month's file with its columns in another order. It encodes as a JSON
// object.
type Mapping map[string]string

// Errors of Check, catalogue keys; each is the value of the field's entry
// in the *salkku.Error's Fields.
const (
	ErrUnmapped    = "import.unmapped"     // a required field has no column
	ErrMappedTwice = "import.mapped_twice" // two fields take one column
	ErrNoColumn    = "import.no_column"    // the mapping names a column the file lacks
	ErrNoField     = "import.no_field"     // the mapping names a field the import does not have
)

// Guess maps each field to the first column of header whose text matches
// one of its Names (or its Key) and that no earlier field took.
func Guess(header []string, fields []Field) Mapping {
	m := Mapping{}
	taken := map[int]bool{}
	for _, f := range fields {
		names := append([]string{f.Key}, f.Names...)
	found:
		for _, name := range names {
			want := normalize(name)
			for i, h := range header {
				if !taken[i] && want != "" && normalize(h) == want {
					m[f.Key] = h
					taken[i] = true
					break found
				}
			}
		}
	}
	return m
}

// Check reports, as an EINVALID *salkku.Error whose Fields name each
// field at fault, a required field left unmapped (ErrUnmapped), two fields
// mapped to one column (ErrMappedTwice), a column header lacks
// (ErrNoColumn) or a field fields lack (ErrNoField). Nil when m fits.
func Check(m Mapping, header []string, fields []Field) error {
	fe := salkku.FieldErrors{}
	known := map[string]bool{}
	for _, f := range fields {
		known[f.Key] = true
		if f.Required && m[f.Key] == "" {
			fe.Add(f.Key, ErrUnmapped)
		}
	}
	byColumn := map[int]string{}
	for _, f := range fields {
		col, ok := m[f.Key]
		if !ok || col == "" {
			continue
		}
		i := column(header, col)
		if i < 0 {
			fe.Add(f.Key, ErrNoColumn)
			continue
		}
		if other, dup := byColumn[i]; dup {
			fe.Add(other, ErrMappedTwice)
			fe.Add(f.Key, ErrMappedTwice)
			continue
		}
		byColumn[i] = f.Key
	}
	for k := range m {
		if !known[k] {
			fe.Add(k, ErrNoField)
		}
	}
	return fe.Err()
}

// column finds a header text: exactly first, then as Guess compares.
func column(header []string, name string) int {
	for i, h := range header {
		if h == name {
			return i
		}
	}
	want := normalize(name)
	for i, h := range header {
		if normalize(h) == want {
			return i
		}
	}
	return -1
}

// normalize is the form under which two header texts are the same:
// lower case, letters and digits only, diacritics dropped ("Määrä (€)" and
// "maara" are one).
func normalize(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Binding is a Mapping checked against a file's header and fields: it
// finds each field's cell in a row.
type Binding struct {
	header []string
	index  map[string]int
	fields map[string]Field
}

// Bind checks m (see Check) and binds it to header.
func Bind(m Mapping, header []string, fields []Field) (*Binding, error) {
	if err := Check(m, header, fields); err != nil {
		return nil, err
	}
	b := &Binding{header: header, index: map[string]int{}, fields: map[string]Field{}}
	for _, f := range fields {
		b.fields[f.Key] = f
		if col := m[f.Key]; col != "" {
			b.index[f.Key] = column(header, col)
		}
	}
	return b, nil
}

// Mapped reports whether the field has a column.
func (b *Binding) Mapped(field string) bool {
	_, ok := b.index[field]
	return ok
}

// Cell returns the field's cell of r; an empty Cell when the field has no
// column or the row is shorter.
func (b *Binding) Cell(r Row, field string) Cell {
	i, ok := b.index[field]
	if !ok {
		return Cell{}
	}
	return r.Cell(i)
}

// Column returns the header text of the field's column, as a Problem
// names it; "" when unmapped.
func (b *Binding) Column(field string) string {
	i, ok := b.index[field]
	if !ok {
		return ""
	}
	return b.header[i]
}

// Problem is one thing wrong in a file: a bad cell, or a row at fault as a
// whole (Column ""). Key is a catalogue key; Args fill its placeholders.
// It is the domain's salkku.ImportProblem, so that what the importer finds
// and what the store finds go in one list.
type Problem = salkku.ImportProblem

// Problem is a problem with the field's cell in r.
func (b *Binding) Problem(r Row, field, key string, args ...any) Problem {
	return Problem{Row: r.Number, Column: b.Column(field), Key: key, Args: args}
}

// Record reads the fields of one row, collecting a Problem for each cell
// that does not read (and for a required field's empty cell). An optional
// field's empty cell reads as the zero value without a problem.
type Record struct {
	b        *Binding
	row      Row
	problems []Problem
}

// Record starts reading r.
func (b *Binding) Record(r Row) *Record { return &Record{b: b, row: r} }

// Problems returns what was wrong in the cells read so far.
func (rec *Record) Problems() []Problem { return rec.problems }

// Row returns the row being read.
func (rec *Record) Row() Row { return rec.row }

// Add records a problem with the field's cell (or with the whole row when
// field is ""): a rule of the caller's, such as an unknown project code.
func (rec *Record) Add(field, key string, args ...any) {
	rec.problems = append(rec.problems, rec.b.Problem(rec.row, field, key, args...))
}

// cell returns the field's cell, or ok false when it is empty: a problem
// then if the field is required.
func (rec *Record) cell(field string) (Cell, bool) {
	c := rec.b.Cell(rec.row, field)
	if c.IsEmpty() {
		if rec.b.fields[field].Required {
			rec.Add(field, ErrCellEmpty)
		}
		return c, false
	}
	return c, true
}

func read[T any](rec *Record, field string, fn func(Cell) (T, string)) T {
	var zero T
	c, ok := rec.cell(field)
	if !ok {
		return zero
	}
	v, key := fn(c)
	if key != "" {
		rec.Add(field, key)
		return zero
	}
	return v
}

// Money reads the field as an amount (see Money).
func (rec *Record) Money(field string) salkku.Money { return read(rec, field, Money) }

// Month reads the field as a month (see Month).
func (rec *Record) Month(field string) salkku.Month { return read(rec, field, Month) }

// Date reads the field as a day (see Date).
func (rec *Record) Date(field string) time.Time { return read(rec, field, Date) }

// Text reads the field as text (see Text).
func (rec *Record) Text(field string) string { return read(rec, field, Text) }

// Number reads the field as a number (see Number).
func (rec *Record) Number(field string) float64 { return read(rec, field, Number) }

// Choose is the mapping to offer for a file: the one remembered (saved)
// when it fits the header, else the one guessed from it.
func Choose(saved Mapping, header []string, fields []Field) Mapping {
	if saved != nil && Check(saved, header, fields) == nil {
		return saved
	}
	return Guess(header, fields)
}
