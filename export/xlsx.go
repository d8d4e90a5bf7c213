package export

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/salkku/salkku"
)

// Number formats of the workbook. Money is a number of euros that Excel
// shows as euros ("1 234,50 €" in a Finnish Excel, whose locale supplies
// the separators). A month is a real date, its first day, shown "11/2021":
// it sorts, filters and groups as a date in Excel, which text would not,
// and package importer reads it back as the month. A date uses Excel's
// built-in short date (14), which each reader's Excel shows in their own
// locale (15.11.2021 in Finnish), a time stamp the built-in 22.
const (
	moneyFormat   = `#,##0.00\ "€";-#,##0.00\ "€"`
	monthFormat   = `m/yyyy`
	percentFormat = 10 // 0.00%
	dateFormat    = 14
	stampFormat   = 22
)

// sampleRows is how many rows the writer holds to fit the column widths
// before it writes them out.
const sampleRows = 100

// Width bounds of a fitted column, in characters.
const (
	minWidth = 6
	maxWidth = 60
)

type xlsxWriter struct {
	out     io.Writer
	lang    string
	f       *excelize.File
	sw      *excelize.StreamWriter
	cols    []Column
	started bool
	row     int          // rows written to the stream, the header included
	held    [][]value    // the first rows, held to fit the widths
	styles  map[kind]int // style of each kind of value
	header  int          // style of the header row
	err     error
}

func newXLSX(out io.Writer, lang string) *xlsxWriter {
	return &xlsxWriter{out: out, lang: lang}
}

func (x *xlsxWriter) Columns(cols []Column) error {
	if x.started {
		return errColumns
	}
	x.started, x.cols = true, cols
	x.f = excelize.NewFile()
	sw, err := x.f.NewStreamWriter("Sheet1")
	if err != nil {
		return x.fail(err)
	}
	x.sw = sw
	x.styles = map[kind]int{}
	custom := func(s string) *string { return &s }
	for k, st := range map[kind]*excelize.Style{
		kMoney:    {CustomNumFmt: custom(moneyFormat)},
		kMonth:    {CustomNumFmt: custom(monthFormat)},
		kPercent:  {NumFmt: percentFormat},
		kDate:     {NumFmt: dateFormat},
		kDateTime: {NumFmt: stampFormat},
		kText:     {Alignment: &excelize.Alignment{Vertical: "top"}},
	} {
		id, err := x.f.NewStyle(st)
		if err != nil {
			return x.fail(err)
		}
		x.styles[k] = id
	}
	id, err := x.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}})
	if err != nil {
		return x.fail(err)
	}
	x.header = id
	return nil
}

func (x *xlsxWriter) fail(err error) error {
	if x.err == nil {
		x.err = fmt.Errorf("export: xlsx: %w", err)
	}
	return x.err
}

func (x *xlsxWriter) Row(values ...any) error {
	if !x.started {
		return errColumns
	}
	if x.err != nil {
		return x.err
	}
	row := make([]value, len(values))
	for i, v := range values {
		row[i] = classify(v, x.lang)
	}
	if x.held != nil || x.row == 0 {
		x.held = append(x.held, row)
		if len(x.held) < sampleRows {
			return nil
		}
		return x.release()
	}
	return x.write(row)
}

// release fits the column widths to the header and the rows held, writes
// the header and those rows, and from then on writes each row as it comes.
func (x *xlsxWriter) release() error {
	for i, col := range x.cols {
		w := col.Width
		if w == 0 {
			n := len([]rune(col.Title)) + 2 // bold, and the filter button
			for _, row := range x.held {
				if i < len(row) {
					n = max(n, row[i].width())
				}
			}
			w = float64(min(max(n+1, minWidth), maxWidth))
		}
		if err := x.sw.SetColWidth(i+1, i+1, w); err != nil {
			return x.fail(err)
		}
	}
	if err := x.sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return x.fail(err)
	}
	header := make([]any, len(x.cols))
	for i, col := range x.cols {
		header[i] = excelize.Cell{StyleID: x.header, Value: col.Title}
	}
	x.row = 1
	if err := x.sw.SetRow("A1", header, excelize.RowOpts{StyleID: x.header}); err != nil {
		return x.fail(err)
	}
	held := x.held
	x.held = nil
	for _, row := range held {
		if err := x.write(row); err != nil {
			return err
		}
	}
	return nil
}

// write writes one row to the stream.
func (x *xlsxWriter) write(row []value) error {
	x.row++
	cells := make([]any, len(row))
	for i, v := range row {
		var val any
		switch v.kind {
		case kEmpty:
			continue
		case kText:
			val = v.s
		case kInt:
			val = v.i
		case kFloat:
			val = v.f
		case kBool:
			val = v.b
		case kMoney:
			val = float64(v.i) / 100
		case kPercent:
			val = float64(v.i) / 10000
		case kMonth:
			m := salkku.Month(v.i)
			val = time.Date(m.Year(), time.Month(m.Number()), 1, 0, 0, 0, 0, time.UTC)
		case kDate, kDateTime:
			val = v.t
		}
		cells[i] = excelize.Cell{StyleID: x.styles[v.kind], Value: val}
	}
	cell, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return x.fail(err)
	}
	if err := x.sw.SetRow(cell, cells); err != nil {
		return x.fail(err)
	}
	return nil
}

func (x *xlsxWriter) Close() error {
	if !x.started {
		if err := x.Columns(nil); err != nil {
			return err
		}
	}
	if x.err != nil {
		x.f.Close()
		return x.err
	}
	defer x.f.Close()
	if x.row == 0 {
		if err := x.release(); err != nil {
			return err
		}
	}
	if err := x.sw.Flush(); err != nil {
		return x.fail(err)
	}
	if err := x.f.Write(x.out); err != nil {
		return x.fail(err)
	}
	return nil
}
