package docx_test

import (
	"testing"

	"github.com/salkku/salkku/doc"
	"github.com/salkku/salkku/doc/doctest"
)

// FuzzWrite puts arbitrary strings in every text of the sample document:
// the package must always be a zip whose every part parses as XML.
func FuzzWrite(f *testing.F) {
	for _, s := range []string{"", "a & b < c > d \"e\" 'f'", "\x00\x01\x1f\ufffe\uffff", "\xff\xfe broken", "rivi\nrivi\r\nrivi\rtab\t", "]]><!--", "%d %d %d %s", "\U0001F600 \u200b \ud7ff"} {
		f.Add(s, 2)
	}
	f.Fuzz(func(t *testing.T, s string, width int) {
		d := doctest.Sample()
		d.Lang, d.Title, d.Subject, d.Organisation, d.Footer, d.PageLabel = s, s, s, s, s, s
		for i, b := range d.Blocks {
			switch b := b.(type) {
			case doc.Title:
				b.Text, b.Subtitle, b.Lines = s, s, []string{s}
				d.Blocks[i] = b
			case doc.Contents:
				b.Title = s
				d.Blocks[i] = b
			case doc.Heading:
				b.Number, b.Text, b.Level = s, s, width
				d.Blocks[i] = b
			case doc.Paragraph:
				b.Runs = append(b.Runs, doc.Run{Text: s, Bold: true})
				d.Blocks[i] = b
			case doc.List:
				b.Items = append(b.Items, s)
				d.Blocks[i] = b
			case doc.Table:
				b.Caption = s
				b.Columns[0].Title, b.Columns[1].Width = s, width
				b.Rows = append(b.Rows, doc.Row{Cells: []string{s, s, s, s}})
				d.Blocks[i] = b
			case doc.Fields:
				b.Items = append(b.Items, doc.Field{Label: s, Value: s})
				d.Blocks[i] = b
			case doc.Boxes:
				b.Columns = width
				b.Items = append(b.Items, doc.Box{Title: s, Light: s, LightText: s, Blocks: []doc.Block{doc.P(s), doc.Table{Caption: s, Rows: []doc.Row{{Cells: []string{s}}}}}})
				d.Blocks[i] = b
			case doc.Legend:
				b.Title = s
				b.Items = append(b.Items, doc.LegendItem{Light: s, Text: s})
				d.Blocks[i] = b
			case doc.Chart:
				b.Title, b.Alt = s, s
				b.Categories = append(b.Categories, s)
				b.Series[0].Name, b.Series[1].Pattern = s, s
				b.Series[0].Labels = append(b.Series[0].Labels, s)
				b.Series[1].Values = append(b.Series[1].Values, int64(width))
				d.Blocks[i] = b
			}
		}
		_, ps := write(t, d)
		for name, b := range ps {
			if err := wellFormed(b); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	})
}
