package docx

import (
	"fmt"
	"strings"

	"github.com/salkku/salkku/doc"
)

// Cell margins of the tables, in twips (left and right).
const (
	cellMargin = 85
	boxMargin  = 142
	boxGutter  = 227
)

// body writes the blocks of document.xml.
type body struct {
	d         *doc.Document
	b         strings.Builder
	pageW     int
	pageH     int
	textWidth int
	charts    []string
	drawings  int
	// headings counts the document's own headings up to level 2, in the
	// order of d.Headings(2), to name their bookmarks for the contents.
	headings int
	// depth is how deep in table cells the writer is: 0 in the body.
	depth int
	// keep puts keepNext on every paragraph (inside a box).
	keep int
	// pageBreak starts the next paragraph on a new page.
	pageBreak bool
}

func newBody(d *doc.Document) *body {
	w := &body{d: d, pageW: a4Short, pageH: a4Long}
	if d.Landscape {
		w.pageW, w.pageH = a4Long, a4Short
	}
	w.textWidth = w.pageW - 2*margin
	return w
}

// document is the whole document.xml after the blocks are written.
func (w *body) document() string {
	var b strings.Builder
	b.Grow(w.b.Len() + 1024)
	b.WriteString(xmlHeader)
	b.WriteString(`<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `" xmlns:wp="` + nsWP + `" xmlns:a="` + nsA + `" xmlns:c="` + nsC + `"><w:body>`)
	b.WriteString(w.b.String())
	// The body ends with a paragraph, and the section's page and footer.
	b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Spacer"/></w:pPr></w:p>`)
	b.WriteString(`<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter1"/>`)
	if w.d.Landscape {
		fmt.Fprintf(&b, `<w:pgSz w:w="%d" w:h="%d" w:orient="landscape"/>`, w.pageW, w.pageH)
	} else {
		fmt.Fprintf(&b, `<w:pgSz w:w="%d" w:h="%d"/>`, w.pageW, w.pageH)
	}
	fmt.Fprintf(&b, `<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="567" w:footer="567" w:gutter="0"/>`, margin, margin, margin, margin)
	b.WriteString(`<w:cols w:space="708"/></w:sectPr></w:body></w:document>`)
	return b.String()
}

// pPr is a paragraph's properties, written in the schema's order.
type pPr struct {
	style     string
	keepNext  bool
	pageBreak bool
	bullet    bool
	tabs      string
	jc        string
}

// open starts a paragraph; the caller writes its runs and closes it.
func (w *body) open(p pPr) {
	if w.pageBreak {
		p.pageBreak = true
		w.pageBreak = false
	}
	if w.keep > 0 {
		p.keepNext = true
	}
	b := &w.b
	b.WriteString(`<w:p><w:pPr>`)
	if p.style != "" {
		b.WriteString(`<w:pStyle w:val="` + p.style + `"/>`)
	}
	if p.keepNext {
		b.WriteString(`<w:keepNext/>`)
	}
	if p.pageBreak {
		b.WriteString(`<w:pageBreakBefore/>`)
	}
	if p.bullet {
		b.WriteString(`<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>`)
	}
	b.WriteString(p.tabs)
	if p.jc != "" {
		b.WriteString(`<w:jc w:val="` + p.jc + `"/>`)
	}
	b.WriteString(`</w:pPr>`)
}

func (w *body) close() { w.b.WriteString(`</w:p>`) }

// para writes a paragraph of one run.
func (w *body) para(p pPr, s, rPr string) {
	w.open(p)
	text(&w.b, s, rPr)
	w.close()
}

// spacer is a thin empty paragraph: between two tables, which would
// otherwise run together, and after a table.
func (w *body) spacer() {
	w.b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Spacer"/></w:pPr></w:p>`)
}

// rPr is a run's properties.
func rPr(bold, italic bool) string {
	switch {
	case bold && italic:
		return `<w:b/><w:bCs/><w:i/><w:iCs/>`
	case bold:
		return `<w:b/><w:bCs/>`
	case italic:
		return `<w:i/><w:iCs/>`
	}
	return ""
}

// text writes s as a run: "\n" becomes a line break, "\t" a tab.
func text(b *strings.Builder, s, rPr string) {
	s = clean(s)
	if s == "" {
		return
	}
	b.WriteString(`<w:r>`)
	if rPr != "" {
		b.WriteString(`<w:rPr>` + rPr + `</w:rPr>`)
	}
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteString(`<w:br/>`)
		}
		for j, part := range strings.Split(line, "\t") {
			if j > 0 {
				b.WriteString(`<w:tab/>`)
			}
			if part != "" {
				b.WriteString(`<w:t xml:space="preserve">` + esc(part) + `</w:t>`)
			}
		}
	}
	b.WriteString(`</w:r>`)
}

// blocks writes bs into a space width twips wide.
func (w *body) blocks(bs []doc.Block, width int) {
	for _, b := range bs {
		w.block(b, width)
	}
}

func (w *body) block(b doc.Block, width int) {
	switch b := b.(type) {
	case doc.Title:
		w.para(pPr{style: "Title"}, b.Text, "")
		if strings.TrimSpace(b.Subtitle) != "" {
			w.para(pPr{style: "Subtitle"}, b.Subtitle, "")
		}
		for _, l := range b.Lines {
			w.para(pPr{style: "TitleLine"}, l, "")
		}
		w.pageBreak = true
	case doc.Contents:
		w.contents(b)
	case doc.Heading:
		w.heading(b)
	case doc.Paragraph:
		style := ""
		if b.Small {
			style = "Small"
		}
		w.open(pPr{style: style})
		for _, r := range b.Runs {
			text(&w.b, r.Text, rPr(r.Bold, r.Italic))
		}
		w.close()
	case doc.List:
		for _, it := range b.Items {
			w.para(pPr{style: "ListBullet", bullet: true}, it, "")
		}
	case doc.Table:
		w.table(b, width)
	case doc.Fields:
		w.fields(b, width)
	case doc.Box:
		w.boxes(doc.Boxes{Columns: 1, Items: []doc.Box{b}}, width)
	case doc.Boxes:
		w.boxes(b, width)
	case doc.Legend:
		w.legend(b)
	case doc.Chart:
		w.chart(b, width)
	case doc.PageBreak:
		w.pageBreak = true
	case nil:
	}
}

// level is a heading's level as Word has it: 1 to 3.
func level(l int) int {
	return min(max(l, 1), 3)
}

func tocAnchor(n int) string { return fmt.Sprintf("_Toc%06d", n) }

func (w *body) heading(h doc.Heading) {
	w.open(pPr{style: fmt.Sprintf("Heading%d", level(h.Level)), pageBreak: h.PageBreak})
	if w.depth == 0 && h.Level <= 2 {
		w.headings++
		id := w.headings
		fmt.Fprintf(&w.b, `<w:bookmarkStart w:id="%d" w:name="%s"/>`, id, tocAnchor(id))
		text(&w.b, h.FullText(), "")
		fmt.Fprintf(&w.b, `<w:bookmarkEnd w:id="%d"/>`, id)
	} else {
		text(&w.b, h.FullText(), "")
	}
	w.close()
}

// contents is a TOC field over the headings of levels 1 and 2, filled in
// with the headings (linked to them) until Word or LibreOffice updates it.
func (w *body) contents(c doc.Contents) {
	if strings.TrimSpace(c.Title) != "" {
		w.para(pPr{style: "TOCHeading"}, c.Title, "")
	}
	hs := w.d.Headings(2)
	start := func(style string) {
		w.open(pPr{style: style})
	}
	begin := func() {
		w.b.WriteString(`<w:r><w:fldChar w:fldCharType="begin"/></w:r>`)
		w.b.WriteString(`<w:r><w:instrText xml:space="preserve"> TOC \o "1-2" \h \z \u </w:instrText></w:r>`)
		w.b.WriteString(`<w:r><w:fldChar w:fldCharType="separate"/></w:r>`)
	}
	if len(hs) == 0 {
		start("TOC1")
		begin()
		w.b.WriteString(`<w:r><w:fldChar w:fldCharType="end"/></w:r>`)
		w.close()
		return
	}
	for i, h := range hs {
		start(fmt.Sprintf("TOC%d", level(h.Level)))
		if i == 0 {
			begin()
		}
		fmt.Fprintf(&w.b, `<w:hyperlink w:anchor="%s" w:history="1">`, tocAnchor(i+1))
		text(&w.b, h.FullText(), "")
		w.b.WriteString(`</w:hyperlink>`)
		if i == len(hs)-1 {
			w.b.WriteString(`<w:r><w:fldChar w:fldCharType="end"/></w:r>`)
		}
		w.close()
	}
}

// widths shares total among n columns by their Width; a column of no
// width gets the mean of the others' (all equal when none has one).
func widths(cols []doc.Column, n, total int) []int {
	ws := make([]int, n)
	sum, set := 0, 0
	for i := range n {
		if i < len(cols) && cols[i].Width > 0 {
			ws[i] = min(cols[i].Width, 1<<20)
			sum += ws[i]
			set++
		}
	}
	fill := 1
	if set > 0 {
		fill = max(sum/set, 1)
	}
	sum = 0
	for i := range ws {
		if ws[i] == 0 {
			ws[i] = fill
		}
		sum += ws[i]
	}
	out := make([]int, n)
	left := total
	for i := range ws {
		out[i] = total * ws[i] / sum
		left -= out[i]
	}
	if n > 0 {
		out[n-1] += left
	}
	return out
}

const (
	borderNone = `<w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/>`
	borderGrid = `<w:top w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/><w:left w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/><w:right w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>`
	borderBox  = `<w:top w:val="single" w:sz="8" w:space="0" w:color="7F7F7F"/><w:left w:val="single" w:sz="8" w:space="0" w:color="7F7F7F"/><w:bottom w:val="single" w:sz="8" w:space="0" w:color="7F7F7F"/><w:right w:val="single" w:sz="8" w:space="0" w:color="7F7F7F"/>`
)

// tblStart opens a table of fixed column widths.
func (w *body) tblStart(cols []int, borders string, cellMar int, caption string, header bool) {
	total := 0
	for _, c := range cols {
		total += c
	}
	if w.pageBreak && w.depth == 0 {
		// A table starts a new page after a thin paragraph that does:
		// a break before a cell's paragraph is not every reader's.
		w.open(pPr{style: "Spacer"})
		w.close()
	}
	b := &w.b
	b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="SalkkuTable"/>`)
	fmt.Fprintf(b, `<w:tblW w:w="%d" w:type="dxa"/><w:tblInd w:w="0" w:type="dxa"/>`, total)
	b.WriteString(`<w:tblBorders>` + borders + `</w:tblBorders><w:tblLayout w:type="fixed"/>`)
	fmt.Fprintf(b, `<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="%d" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/><w:right w:w="%d" w:type="dxa"/></w:tblCellMar>`, cellMar, cellMar)
	// Only a data table has a header row in the table style's look.
	if header {
		b.WriteString(`<w:tblLook w:val="0620" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>`)
	} else {
		b.WriteString(`<w:tblLook w:val="0600" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>`)
	}
	if caption = strings.TrimSpace(clean(caption)); caption != "" {
		b.WriteString(`<w:tblCaption w:val="` + esc(caption) + `"/>`)
	}
	b.WriteString(`</w:tblPr><w:tblGrid>`)
	for _, c := range cols {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, c)
	}
	b.WriteString(`</w:tblGrid>`)
}

// cell opens a table cell; the caller writes its paragraphs, the last
// element of which must be a paragraph, and closes it with </w:tc>.
func (w *body) cell(width int, tcPr string) {
	fmt.Fprintf(&w.b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>%s</w:tcPr>`, width, tcPr)
}

// shortTable is the most rows a table has that is kept on one page, as
// doc/html keeps it.
const shortTable = 15

func (w *body) table(t doc.Table, width int) {
	n := len(t.Columns)
	for _, r := range t.Rows {
		n = max(n, len(r.Cells))
	}
	if strings.TrimSpace(t.Caption) != "" {
		w.para(pPr{style: "Caption", keepNext: true}, t.Caption, "")
	}
	if n == 0 {
		return
	}
	cols := widths(t.Columns, n, width)
	numeric := func(i int) bool { return i < len(t.Columns) && t.Columns[i].Numeric }
	jc := func(i int) string {
		if numeric(i) {
			return "right"
		}
		return ""
	}
	w.tblStart(cols, borderGrid, cellMargin, t.Caption, len(t.Columns) > 0)
	w.depth++
	if len(t.Columns) > 0 {
		// The header row repeats on every page the table runs over.
		w.b.WriteString(`<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>`)
		for i := range n {
			w.cell(cols[i], `<w:shd w:val="clear" w:color="auto" w:fill="DCE3EE"/><w:vAlign w:val="bottom"/>`)
			title := ""
			if i < len(t.Columns) {
				title = t.Columns[i].Title
			}
			w.para(pPr{style: "TableText", keepNext: true, jc: jc(i)}, title, rPr(true, false))
			w.b.WriteString(`</w:tc>`)
		}
		w.b.WriteString(`</w:tr>`)
	}
	// A short table is kept on one page: each row keeps with the next.
	short := len(t.Rows) <= shortTable
	for ri, r := range t.Rows {
		w.b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		for i := range n {
			tcPr := ""
			if r.Bold {
				tcPr = `<w:tcBorders><w:top w:val="single" w:sz="12" w:space="0" w:color="404040"/></w:tcBorders><w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>`
			}
			w.cell(cols[i], tcPr)
			s := ""
			if i < len(r.Cells) {
				s = r.Cells[i]
			}
			w.para(pPr{style: "TableText", jc: jc(i), keepNext: short && ri < len(t.Rows)-1}, s, rPr(r.Bold, false))
			w.b.WriteString(`</w:tc>`)
		}
		w.b.WriteString(`</w:tr>`)
	}
	w.depth--
	w.b.WriteString(`</w:tbl>`)
	w.spacer()
}

// fields is a borderless table of labels and values.
func (w *body) fields(f doc.Fields, width int) {
	if len(f.Items) == 0 {
		return
	}
	label := min(width*3/10, 3402)
	cols := []int{label, width - label}
	w.tblStart(cols, borderNone, 0, "", false)
	w.depth++
	for _, it := range f.Items {
		w.b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		w.cell(cols[0], "")
		w.para(pPr{style: "TableText"}, it.Label, rPr(true, false))
		w.b.WriteString(`</w:tc>`)
		w.cell(cols[1], "")
		w.para(pPr{style: "TableText"}, it.Value, "")
		w.b.WriteString(`</w:tc></w:tr>`)
	}
	w.depth--
	w.b.WriteString(`</w:tbl>`)
	w.spacer()
}

// square is a traffic light drawn as a shaded, bordered run: it needs no
// font's glyph, and Word and LibreOffice both print it.
func square(light string) string {
	c, ok := doc.Lights[light]
	if !ok {
		return ""
	}
	return `<w:r><w:rPr><w:bdr w:val="single" w:sz="4" w:space="0" w:color="` + c.Border + `"/><w:shd w:val="clear" w:color="auto" w:fill="` + c.Fill + `"/></w:rPr><w:t xml:space="preserve">     </w:t></w:r>`
}

// lightText is the light's name in words, so that colour is never the
// only cue: the document's LightText, or the light's own name.
func lightText(light, text string) string {
	if t := strings.TrimSpace(clean(text)); t != "" {
		return t
	}
	return strings.TrimSpace(clean(light))
}

// boxes writes boxes as one table: each box a bordered cell, Columns to
// a row with a gutter between, a thin empty row between the rows. A row
// is never split and its paragraphs keep together, so that a box stays
// whole on one page.
func (w *body) boxes(bs doc.Boxes, width int) {
	if len(bs.Items) == 0 {
		return
	}
	ncol := min(max(bs.Columns, 1), 2)
	var cols []int
	if ncol == 1 {
		cols = []int{width}
	} else {
		bw := (width - boxGutter) / 2
		cols = []int{bw, boxGutter, width - boxGutter - bw}
	}
	inner := cols[0] - 2*boxMargin
	w.tblStart(cols, borderNone, boxMargin, "", false)
	w.depth++
	for i := 0; i < len(bs.Items); i += ncol {
		if i > 0 {
			// A gap between rows of boxes.
			w.b.WriteString(`<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="170" w:hRule="exact"/></w:trPr>`)
			for _, c := range cols {
				w.cell(c, "")
				w.spacer()
				w.b.WriteString(`</w:tc>`)
			}
			w.b.WriteString(`</w:tr>`)
		}
		w.b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		for j := range ncol {
			if j > 0 {
				w.cell(cols[1], "")
				w.spacer()
				w.b.WriteString(`</w:tc>`)
			}
			c := cols[2*j]
			if i+j >= len(bs.Items) {
				w.cell(c, "")
				w.spacer()
				w.b.WriteString(`</w:tc>`)
				continue
			}
			w.cell(c, `<w:tcBorders>`+borderBox+`</w:tcBorders>`)
			w.box(bs.Items[i+j], inner)
			w.b.WriteString(`</w:tc>`)
		}
		w.b.WriteString(`</w:tr>`)
	}
	w.depth--
	w.b.WriteString(`</w:tbl>`)
	w.spacer()
}

// box writes a box's content into its cell.
func (w *body) box(x doc.Box, width int) {
	w.keep++
	defer func() { w.keep-- }()
	w.para(pPr{style: "BoxTitle"}, x.Title, "")
	if lt := lightText(x.Light, x.LightText); lt != "" || square(x.Light) != "" {
		w.open(pPr{style: "Small"})
		w.b.WriteString(square(x.Light))
		text(&w.b, " "+lt, rPr(true, false))
		w.close()
	}
	w.blocks(x.Blocks, width)
	// A cell ends with a paragraph: after a nested table, an empty one.
	if !strings.HasSuffix(w.b.String()[max(w.b.Len()-6, 0):], "</w:p>") {
		w.spacer()
	}
}

// legend writes each light with its meaning in small type.
func (w *body) legend(l doc.Legend) {
	if strings.TrimSpace(l.Title) != "" {
		w.para(pPr{style: "Small", keepNext: true}, l.Title, rPr(true, false))
	}
	for _, it := range l.Items {
		w.open(pPr{style: "Small"})
		w.b.WriteString(square(it.Light))
		text(&w.b, " "+it.Text, "")
		w.close()
	}
}
