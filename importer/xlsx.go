package importer

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/salkku/salkku"
)

// readXLSX reads the first sheet of the workbook b that has any data.
// Numbers stay numbers and a number whose format is a date's is a date.
func readXLSX(b []byte, limit int64, o *options) (*Table, error) {
	// Unzipped, a sheet is many times its compressed size, but a zip bomb
	// must not fill the memory: allow what real exports need.
	unzip := max(32*limit, 64<<20)
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: unzip, UnzipXMLSizeLimit: min(unzip, excelize.StreamChunkSize)})
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookFileFormat) {
			return nil, salkku.Errorf(salkku.EINVALID, ErrBadXLSX)
		}
		if strings.Contains(err.Error(), "size limit") {
			return nil, salkku.Errorf(salkku.ETOOLARGE, ErrTooLarge, megabytes(limit))
		}
		return nil, salkku.Errorf(salkku.EINVALID, ErrBadXLSX)
	}
	defer f.Close()
	date1904 := false
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		date1904 = *p.Date1904
	}
	for _, sheet := range f.GetSheetList() {
		t, err := readSheet(f, sheet, date1904, o)
		if err != nil {
			if se := (*salkku.Error)(nil); errors.As(err, &se) {
				return nil, err
			}
			return nil, salkku.Errorf(salkku.EINVALID, ErrBadXLSX)
		}
		if t != nil {
			return t, nil
		}
	}
	return nil, salkku.Errorf(salkku.EINVALID, ErrEmpty)
}

// readSheet reads one sheet; nil when it holds nothing.
func readSheet(f *excelize.File, sheet string, date1904 bool, o *options) (*Table, error) {
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, err
	}
	for len(rows) > 0 && len(rows[len(rows)-1]) == 0 {
		rows = rows[:len(rows)-1]
	}
	if len(rows) == 0 {
		return nil, nil
	}
	if len(rows)-1 > o.maxRows {
		return nil, salkku.Errorf(salkku.EINVALID, ErrTooMany, o.maxRows)
	}
	bld := builder{t: &Table{Format: "xlsx", Sheet: sheet}, maxRows: o.maxRows}
	dates := map[int]bool{} // style index → is a date format
	for i, raw := range rows {
		n := i + 1
		cells := make([]Cell, len(raw))
		for j, v := range raw {
			if v == "" {
				continue
			}
			name, _ := excelize.CoordinatesToCellName(j+1, n)
			typ, err := f.GetCellType(sheet, name)
			if err != nil {
				return nil, err
			}
			cells[j] = xlsxCell(f, sheet, name, typ, v, dates, date1904)
		}
		if err := bld.add(n, cells); err != nil {
			return nil, err
		}
		if o.progress != nil && n%progressEvery == 0 {
			o.progress(n, len(rows))
		}
	}
	if o.progress != nil {
		o.progress(len(rows), len(rows))
	}
	if bld.t.Header == nil {
		return nil, nil
	}
	return bld.t, nil
}

// xlsxCell types one cell's raw value.
func xlsxCell(f *excelize.File, sheet, name string, typ excelize.CellType, v string, dates map[int]bool, date1904 bool) Cell {
	switch typ {
	case excelize.CellTypeUnset, excelize.CellTypeNumber:
		num, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return textCell(v)
		}
		style, _ := f.GetCellStyle(sheet, name)
		isDate, ok := dates[style]
		if !ok {
			isDate = isDateStyle(f, style)
			dates[style] = isDate
		}
		if isDate {
			if t, err := excelize.ExcelDateToTime(num, date1904); err == nil && num >= 0 {
				return dateCell(t)
			}
		}
		return Cell{Text: strconv.FormatFloat(num, 'f', -1, 64), Num: num, IsNum: true}
	case excelize.CellTypeDate:
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
			if t, err := time.Parse(layout, strings.TrimSpace(v)); err == nil {
				return dateCell(t)
			}
		}
		return textCell(v)
	case excelize.CellTypeBool:
		if v == "1" {
			return Cell{Text: "TRUE"}
		}
		return Cell{Text: "FALSE"}
	}
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

// isDateStyle reports whether the number format of a cell style is a date
// or time format: one of Excel's built-in ones, or a custom format with a
// day, month, year, hour or second outside quotes and brackets.
func isDateStyle(f *excelize.File, idx int) bool {
	st, err := f.GetStyle(idx)
	if err != nil || st == nil {
		return false
	}
	if st.CustomNumFmt != nil {
		return isDateFormat(*st.CustomNumFmt)
	}
	id := st.NumFmt
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58) || (id >= 71 && id <= 81)
}

// isDateFormat reports whether a custom number format shows a date or time.
func isDateFormat(format string) bool {
	// The format of positive numbers is the first section.
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
