package importer

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/salkku/salkku"
)

// The workbook is read with archive/zip and a streaming encoding/xml pass
// over the one worksheet, not through excelize's File: excelize has no
// way to read a cell's type and style but its in-memory worksheet model,
// and building that model as well as streaming the rows took 0.7–1.2 s for
// 10,000 rows here (BenchmarkReadXLSX10k), where one streaming pass takes
// a fraction of it. excelize still converts Excel's date serial numbers,
// and writes the workbooks of package export and of the tests.

// errTooLarge marks a part of the zip that unzips beyond the limit.
var errTooLarge = errors.New("importer: unzipped part over the limit")

// xlsxFile is an opened workbook: its parts, and what the sheet needs of
// the workbook.
type xlsxFile struct {
	parts    map[string]*zip.File
	unzip    int64 // what one part may unzip to
	strings  []string
	dateXf   []bool // cell style index → its number format is a date's
	date1904 bool
}

// readXLSX reads the first sheet of the workbook b that has any data.
// Numbers stay numbers and a number whose format is a date's is a date.
func readXLSX(b []byte, limit int64, o *options) (*Table, error) {
	bad := salkku.Errorf(salkku.EINVALID, ErrBadXLSX)
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, bad
	}
	// Unzipped, a sheet is many times its compressed size (ten times for
	// a finance system's export), but a zip bomb must not fill the memory:
	// allow what real exports need, and never more than 256 MiB.
	x := &xlsxFile{parts: map[string]*zip.File{}, unzip: min(max(20*limit, 64<<20), 256<<20)}
	for _, f := range z.File {
		x.parts[strings.TrimPrefix(f.Name, "/")] = f
	}
	sheets, err := x.workbook()
	if err == nil {
		err = x.sharedStrings()
	}
	if err == nil {
		err = x.styles()
	}
	for i := 0; err == nil && i < len(sheets); i++ {
		var t *Table
		if t, err = x.sheet(sheets[i], o); err == nil && t != nil {
			return t, nil
		}
	}
	switch {
	case errors.Is(err, errTooLarge):
		return nil, salkku.Errorf(salkku.ETOOLARGE, ErrTooLarge, megabytes(limit))
	case err != nil:
		if se := (*salkku.Error)(nil); errors.As(err, &se) {
			return nil, err
		}
		return nil, bad
	case len(sheets) == 0:
		return nil, bad
	}
	return nil, salkku.Errorf(salkku.EINVALID, ErrEmpty)
}

// open returns a decoder over the named part; nil, nil when there is no
// such part.
func (x *xlsxFile) open(name string) (*xml.Decoder, io.Closer, error) {
	f, ok := x.parts[name]
	if !ok {
		return nil, nil, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, nil, err
	}
	d := xml.NewDecoder(&limited{r: rc, n: x.unzip})
	d.Strict = false
	return d, rc, nil
}

// limited is io.LimitReader that fails, rather than ends, at the limit.
type limited struct {
	r io.Reader
	n int64
}

func (l *limited) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

type xlsxSheet struct{ name, part string }

// workbook reads the sheets' names and parts, in order, and the date
// system.
func (x *xlsxFile) workbook() ([]xlsxSheet, error) {
	wb := "xl/workbook.xml"
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	// The package's root relationships name the workbook part.
	if err := x.decode("_rels/.rels", &rels); err != nil {
		return nil, err
	}
	for _, r := range rels.Rel {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			wb = strings.TrimPrefix(r.Target, "/")
		}
	}
	var w struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
			RID2 string `xml:"http://purl.oclc.org/ooxml/officeDocument/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := x.decode(wb, &w); err != nil {
		return nil, err
	}
	x.date1904 = w.Pr.Date1904 == "1" || w.Pr.Date1904 == "true"
	dir := path.Dir(wb)
	rels.Rel = nil
	if err := x.decode(path.Join(dir, "_rels", path.Base(wb)+".rels"), &rels); err != nil {
		return nil, err
	}
	targets := map[string]string{}
	for _, r := range rels.Rel {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join(dir, t)
		}
		targets[r.ID] = t
	}
	var out []xlsxSheet
	for _, s := range w.Sheets {
		id := s.RID
		if id == "" {
			id = s.RID2
		}
		if t, ok := targets[id]; ok {
			out = append(out, xlsxSheet{name: s.Name, part: t})
		}
	}
	return out, nil
}

// decode decodes a small part; a missing part decodes as nothing.
func (x *xlsxFile) decode(name string, v any) error {
	d, c, err := x.open(name)
	if d == nil || err != nil {
		return err
	}
	defer c.Close()
	return d.Decode(v)
}

// sharedStrings reads the table of the workbook's texts.
func (x *xlsxFile) sharedStrings() error {
	d, c, err := x.open("xl/sharedStrings.xml")
	if d == nil || err != nil {
		return err
	}
	defer c.Close()
	var b strings.Builder
	in, phonetic := false, 0
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				b.Reset()
			case "t":
				in = phonetic == 0
			case "rPh":
				phonetic++
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				x.strings = append(x.strings, b.String())
			case "t":
				in = false
			case "rPh":
				phonetic--
			}
		case xml.CharData:
			if in {
				b.Write(t)
			}
		}
	}
}

// styles reads which cell styles format a number as a date.
func (x *xlsxFile) styles() error {
	var s struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmtID int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := x.decode("xl/styles.xml", &s); err != nil {
		return err
	}
	custom := map[int]string{}
	for _, f := range s.NumFmts {
		custom[f.ID] = f.Code
	}
	for _, xf := range s.Xfs {
		isDate := false
		if code, ok := custom[xf.NumFmtID]; ok {
			isDate = isDateFormat(code)
		} else {
			id := xf.NumFmtID
			isDate = (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58) || (id >= 71 && id <= 81)
		}
		x.dateXf = append(x.dateXf, isDate)
	}
	return nil
}

// sheet reads one sheet in one streaming pass; nil when it holds nothing.
func (x *xlsxFile) sheet(s xlsxSheet, o *options) (*Table, error) {
	d, c, err := x.open(s.part)
	if d == nil || err != nil {
		return nil, err
	}
	defer c.Close()
	bld := builder{t: &Table{Format: "xlsx", Sheet: s.name}, maxRows: o.maxRows}
	total := int(x.parts[s.part].UncompressedSize64)
	var (
		row, col   int
		cells      []Cell
		typ, style string
		value      strings.Builder
		inValue    bool
		counted    int
	)
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				row++
				if r := attr(t, "r"); r != "" {
					n, err := strconv.Atoi(r)
					if err != nil || n < row || n > excelize.TotalRows {
						return nil, salkku.Errorf(salkku.EINVALID, ErrBadXLSX)
					}
					row = n
				}
				cells, col = cells[:0], 0
			case "c":
				col++
				if r := attr(t, "r"); r != "" {
					n, _, err := excelize.CellNameToCoordinates(r)
					if err != nil || n < col {
						return nil, salkku.Errorf(salkku.EINVALID, ErrBadXLSX)
					}
					col = n
				}
				if col > excelize.MaxColumns {
					return nil, salkku.Errorf(salkku.EINVALID, ErrBadXLSX)
				}
				typ, style = attr(t, "t"), attr(t, "s")
				value.Reset()
			case "v", "t":
				inValue = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v", "t":
				inValue = false
			case "c":
				cell := x.cell(typ, style, value.String())
				if !cell.IsEmpty() {
					for len(cells) < col-1 {
						cells = append(cells, Cell{})
					}
					cells = append(cells, cell)
				}
			case "row":
				if err := bld.add(row, cells); err != nil {
					return nil, err
				}
				cells = make([]Cell, 0, len(cells))
				if counted++; o.progress != nil && counted%progressEvery == 0 {
					o.progress(int(d.InputOffset()), total)
				}
			}
		case xml.CharData:
			if inValue {
				value.Write(t)
			}
		}
	}
	if o.progress != nil {
		o.progress(total, total)
	}
	if bld.t.Header == nil {
		return nil, nil
	}
	return bld.t, nil
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// cell types one cell's value by its type attribute and style.
func (x *xlsxFile) cell(typ, style, v string) Cell {
	switch typ {
	case "", "n":
		num, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return textCell(v)
		}
		if i, err := strconv.Atoi(style); err == nil && i >= 0 && i < len(x.dateXf) && x.dateXf[i] && num >= 0 && num < 2958466 { // to 31.12.9999
			if t, err := excelize.ExcelDateToTime(num, x.date1904); err == nil {
				return dateCell(t)
			}
		}
		return Cell{Text: strconv.FormatFloat(num, 'f', -1, 64), Num: num, IsNum: true}
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= len(x.strings) {
			return Cell{}
		}
		return textCell(x.strings[i])
	case "d":
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02"} {
			if t, err := time.Parse(layout, strings.TrimSpace(v)); err == nil {
				return dateCell(t)
			}
		}
		return textCell(v)
	case "b":
		if strings.TrimSpace(v) == "1" {
			return Cell{Text: "TRUE"}
		}
		return Cell{Text: "FALSE"}
	}
	// "str" (a formula's text), "inlineStr", "e" (an error such as #N/A).
	return textCell(v)
}

// dateCell is a date (and time) as a Cell, rounded to the second: a serial
// number's fraction of a day is seldom exact.
func dateCell(t time.Time) Cell {
	t = t.Round(time.Second).UTC()
	text := t.Format("2006-01-02")
	if h, m, s := t.Clock(); h != 0 || m != 0 || s != 0 {
		text = t.Format("2006-01-02 15:04:05")
	}
	return Cell{Text: text, Date: t, IsDate: true}
}

// isDateFormat reports whether a custom number format shows a date or
// time: a day, month, year, hour or second outside quotes and brackets in
// its first section.
func isDateFormat(format string) bool {
	quoted, bracket := false, false
	for i := 0; i < len(format); i++ {
		c := format[i]
		switch {
		case quoted:
			quoted = c != '"'
		case bracket:
			bracket = c != ']'
		case c == '"':
			quoted = true
		case c == '[':
			bracket = true
		case c == '\\' || c == '_' || c == '*':
			i++ // the next character is literal (or a fill)
		case c == ';':
			return false
		default:
			switch c | 0x20 {
			case 'd', 'm', 'y', 'h', 's':
				return true
			}
		}
	}
	return false
}
