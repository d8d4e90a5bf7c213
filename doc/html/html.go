// Package html writes a doc.Document as one self-contained, accessible
// HTML page: real headings, tables with a header row Chromium repeats on
// every printed page, boxes it never breaks, charts as SVG with a text
// alternative. Printed with headless Chromium (doc/chrome) it is the PDF
// Salkku hands out; shown in the browser it is the document's preview.
package html

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/salkku/salkku/doc"
)

//go:embed doc.css
var css string

// Write writes d as an HTML page.
func Write(w io.Writer, d *doc.Document) error {
	var b strings.Builder
	esc := template.HTMLEscapeString
	page := "A4"
	if d.Landscape {
		page = "A4 landscape"
	}
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>%s</title>\n", esc(d.Lang), esc(d.Title))
	fmt.Fprintf(&b, "<meta name=\"author\" content=\"%s\">\n<meta name=\"description\" content=\"%s\">\n", esc(d.Organisation), esc(d.Subject))
	fmt.Fprintf(&b, "<style>@page { size: %s; margin: 18mm 18mm 20mm 18mm; }\n%s</style>\n</head>\n<body>\n<main>\n", page, css)
	wr := writer{b: &b, d: d}
	for _, bl := range d.Blocks {
		wr.block(bl)
	}
	b.WriteString("</main>\n</body>\n</html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

type writer struct {
	b      *strings.Builder
	d      *doc.Document
	ids    int
	charts int
	// headings counts the headings written, for their anchors; level is
	// the last one's HTML level, so that a box's title comes under it.
	headings, level int
}

func (w *writer) esc(s string) string { return template.HTMLEscapeString(s) }

// lines escapes s and turns its "\n" into line breaks.
func (w *writer) lines(s string) string {
	return strings.ReplaceAll(w.esc(s), "\n", "<br>")
}

// id is a fresh element id.
func (w *writer) id(prefix string) string {
	w.ids++
	return prefix + "-" + strconv.Itoa(w.ids)
}

// headingID is the anchor of the i-th heading, the same for the contents
// list and the heading itself.
func headingID(i int) string { return "h-" + strconv.Itoa(i+1) }

func (w *writer) block(bl doc.Block) {
	b := w.b
	switch x := bl.(type) {
	case doc.Title:
		b.WriteString(`<header class="title-page">`)
		fmt.Fprintf(b, "<h1>%s</h1>", w.esc(x.Text))
		if x.Subtitle != "" {
			fmt.Fprintf(b, `<p class="subtitle">%s</p>`, w.esc(x.Subtitle))
		}
		for _, l := range x.Lines {
			fmt.Fprintf(b, `<p class="title-line">%s</p>`, w.esc(l))
		}
		b.WriteString("</header>\n")
	case doc.Contents:
		hs := w.d.Headings(2)
		if len(hs) == 0 {
			return
		}
		fmt.Fprintf(b, `<nav class="contents" aria-labelledby="toc-h"><h2 id="toc-h">%s</h2><ol>`, w.esc(x.Title))
		n := 0
		for _, bl := range w.d.Blocks {
			h, ok := bl.(doc.Heading)
			if !ok {
				continue
			}
			if h.Level <= 2 {
				fmt.Fprintf(b, `<li class="toc-%d"><a href="#%s">%s</a></li>`, h.Level, headingID(n), w.esc(h.FullText()))
			}
			n++
		}
		b.WriteString("</ol></nav>\n")
	case doc.Heading:
		n := w.headings
		w.headings++
		level := min(max(x.Level, 1), 3) + 1
		w.level = level
		cls := ""
		if x.PageBreak {
			cls = ` class="break"`
		}
		fmt.Fprintf(b, "<h%d id=\"%s\"%s>%s</h%d>\n", level, headingID(n), cls, w.esc(x.FullText()), level)
	case doc.Paragraph:
		cls := ""
		if x.Small {
			cls = ` class="small"`
		}
		fmt.Fprintf(b, "<p%s>", cls)
		for _, r := range x.Runs {
			s := w.lines(r.Text)
			if r.Bold {
				s = "<strong>" + s + "</strong>"
			}
			if r.Italic {
				s = "<em>" + s + "</em>"
			}
			b.WriteString(s)
		}
		b.WriteString("</p>\n")
	case doc.List:
		b.WriteString("<ul>")
		for _, it := range x.Items {
			fmt.Fprintf(b, "<li>%s</li>", w.lines(it))
		}
		b.WriteString("</ul>\n")
	case doc.Table:
		w.table(x)
	case doc.Fields:
		b.WriteString(`<dl class="fields">`)
		for _, f := range x.Items {
			fmt.Fprintf(b, "<div><dt>%s</dt><dd>%s</dd></div>", w.esc(f.Label), w.lines(f.Value))
		}
		b.WriteString("</dl>\n")
	case doc.Box:
		w.box(x)
	case doc.Boxes:
		cols := min(max(x.Columns, 1), 2)
		fmt.Fprintf(b, `<div class="boxes cols-%d">`, cols)
		for _, bx := range x.Items {
			w.box(bx)
		}
		b.WriteString("</div>\n")
	case doc.Legend:
		fmt.Fprintf(b, `<p class="legend"><span class="legend-title">%s:</span> `, w.esc(x.Title))
		for i, it := range x.Items {
			if i > 0 {
				b.WriteString(" ")
			}
			fmt.Fprintf(b, `<span class="legend-item">%s %s</span>`, w.light(it.Light), w.esc(it.Text))
		}
		b.WriteString("</p>\n")
	case doc.Chart:
		w.chart(x)
	case doc.PageBreak:
		b.WriteString(`<div class="page-break" aria-hidden="true"></div>` + "\n")
	}
}

// light is a light's coloured dot; the text beside it names it.
func (w *writer) light(l string) string {
	c, ok := doc.Lights[l]
	if !ok {
		return ""
	}
	return fmt.Sprintf(`<span class="light" style="background:#%s;border-color:#%s" aria-hidden="true"></span>`, c.Fill, c.Border)
}

func (w *writer) box(x doc.Box) {
	b := w.b
	id := w.id("box")
	lv := min(max(w.level, 1)+1, 6)
	fmt.Fprintf(b, `<section class="box" aria-labelledby="%s"><h%d id="%s">%s</h%d>`, id, lv, id, w.esc(x.Title), lv)
	if x.LightText != "" {
		fmt.Fprintf(b, `<p class="box-light">%s %s</p>`, w.light(x.Light), w.esc(x.LightText))
	}
	for _, bl := range x.Blocks {
		w.block(bl)
	}
	b.WriteString("</section>")
}

// shortTable is the most rows a table has that is kept on one page.
const shortTable = 15

func (w *writer) table(x doc.Table) {
	b := w.b
	// A short table is kept whole on one page; a long one runs on, its
	// header repeated, a row never split.
	if len(x.Rows) <= shortTable {
		b.WriteString(`<table class="short">`)
	} else {
		b.WriteString("<table>")
	}
	if x.Caption != "" {
		fmt.Fprintf(b, "<caption>%s</caption>", w.esc(x.Caption))
	}
	total := 0
	for _, c := range x.Columns {
		total += max(c.Width, 1)
	}
	b.WriteString("<colgroup>")
	for _, c := range x.Columns {
		fmt.Fprintf(b, `<col style="width:%.1f%%">`, float64(max(c.Width, 1))*100/float64(total))
	}
	b.WriteString("</colgroup><thead><tr>")
	for _, c := range x.Columns {
		cls := ""
		if c.Numeric {
			cls = ` class="num"`
		}
		fmt.Fprintf(b, `<th scope="col"%s>%s</th>`, cls, w.esc(c.Title))
	}
	b.WriteString("</tr></thead><tbody>")
	for _, r := range x.Rows {
		if r.Bold {
			b.WriteString(`<tr class="total">`)
		} else {
			b.WriteString("<tr>")
		}
		for i, c := range r.Cells {
			cls := ""
			if i < len(x.Columns) && x.Columns[i].Numeric {
				cls = ` class="num"`
			}
			if i == 0 {
				fmt.Fprintf(b, `<th scope="row"%s>%s</th>`, cls, w.lines(c))
			} else {
				fmt.Fprintf(b, "<td%s>%s</td>", cls, w.lines(c))
			}
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table>\n")
}

// Geometry of a chart, in SVG units: a row per category with its name
// above its bar and the series' labels under it.
const (
	chartW    = 760
	chartRowH = 56
	chartBarH = 20
	legendH   = 28
)

func (w *writer) chart(x doc.Chart) {
	b := w.b
	w.charts++
	id := "chart-" + strconv.Itoa(w.charts)
	sums := make([]int64, len(x.Categories))
	var most int64
	for i := range x.Categories {
		for _, s := range x.Series {
			if i < len(s.Values) && s.Values[i] > 0 {
				sums[i] += s.Values[i]
			}
		}
		most = max(most, sums[i])
	}
	h := legendH + len(x.Categories)*chartRowH
	fmt.Fprintf(b, `<figure class="chart"><figcaption>%s</figcaption>`, w.esc(x.Title))
	fmt.Fprintf(b, `<svg viewBox="0 0 %d %d" preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="%s-t %s-d" xmlns="http://www.w3.org/2000/svg">`, chartW, h, id, id)
	fmt.Fprintf(b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, w.esc(x.Title), id, w.esc(x.Alt))
	fmt.Fprintf(b, `<defs><pattern id="%s-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#fff"/><line x1="0" y1="0" x2="0" y2="8" stroke="#555" stroke-width="3"/></pattern></defs>`, id)
	fills := []string{"#1f5f99", "#b35900", "#2E7D32", "#6a1b9a"}
	fill := func(si int) string {
		if x.Series[si].Pattern == "hatch" {
			return "url(#" + id + "-hatch)"
		}
		return fills[si%len(fills)]
	}
	// The legend.
	lx := 0
	for si, s := range x.Series {
		fmt.Fprintf(b, `<rect x="%d" y="4" width="16" height="16" fill="%s" stroke="#333"/><text x="%d" y="17" font-size="14">%s</text>`, lx, fill(si), lx+22, w.esc(s.Name))
		lx += 40 + 9*len([]rune(s.Name))
	}
	for i, cat := range x.Categories {
		y := legendH + i*chartRowH
		fmt.Fprintf(b, `<text x="0" y="%d" font-size="14" font-weight="bold">%s</text>`, y+16, w.esc(cat))
		scale := most
		if x.Full {
			scale = sums[i]
		}
		bx := 0
		var labels []string
		for si, s := range x.Series {
			v := int64(0)
			if i < len(s.Values) && s.Values[i] > 0 {
				v = s.Values[i]
			}
			bw := 0
			if scale > 0 {
				bw = int(int64(chartW) * v / scale)
			}
			if bw > 0 {
				fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="#333"/>`, bx, y+22, bw, chartBarH, fill(si))
			}
			bx += bw
			if i < len(s.Labels) {
				labels = append(labels, s.Name+" "+s.Labels[i])
			}
		}
		fmt.Fprintf(b, `<text x="0" y="%d" font-size="13">%s</text>`, y+22+chartBarH+14, w.esc(strings.Join(labels, " · ")))
	}
	b.WriteString("</svg></figure>\n")
}
