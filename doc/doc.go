// Package doc is the model of the documents Salkku hands to a board: the
// action plan (seed 000) and the steering-group pack (seed 002). A
// document is a list of blocks (headings, paragraphs, lists, tables,
// boxes, charts) whose texts are already in the document's language and
// formatted the Finnish (or Swedish, or English) way; the writers in the
// sub-packages lay them out: doc/html for the browser and for printing
// with Chromium, doc/docx for Word, doc/pdf for a PDF without Chromium.
//
// The model says what a block is, never how it looks, so that each
// writer can do what its format does best: a heading is a Word heading
// style, a PDF bookmark and an <h2>; a box is kept on one page by each.
package doc

import "strings"

// Document is one generated document.
type Document struct {
	// Lang is the document's language, a BCP 47 tag: "fi", "sv" or "en".
	Lang string
	// Title names the document (and its metadata); Subject says what it
	// is, e.g. "Toimenpidesuunnitelma".
	Title   string
	Subject string
	// Organisation is the organisation's name, printed in every page's
	// footer and kept as the document's author.
	Organisation string
	// Footer is the rest of the footer line, e.g. "Tulostettu 2.12.2026".
	Footer string
	// PageLabel writes a page's number in the document's language, e.g.
	// "Sivu %d / %d" (page, pages). Writers that cannot know the count
	// (a Word field can) fill it in themselves.
	PageLabel string
	// Landscape lays the pages out on their side, as the slides of a
	// steering-group pack are.
	Landscape bool
	Blocks    []Block
}

// Block is one part of a document's body.
type Block interface{ block() }

// Title is the document's title page: the title in large type, then the
// subtitle and lines (organisation, date); a page break follows it.
type Title struct {
	Text     string
	Subtitle string
	Lines    []string
}

// Contents is a table of contents of the document's headings up to
// level 2. In Word it is a TOC field, filled in when the reader updates
// it; the other writers list the headings themselves.
type Contents struct {
	Title string
}

// Heading is a numbered or unnumbered heading. Level 1 is a chapter
// ("2. Perusinfrastruktuurihankkeet"), level 2 a section ("2.1 …"),
// level 3 a sub-section. Number is written before Text with a space
// ("2." or "2.1"); it may be empty. Writers make each heading a real one
// (Word heading style, PDF outline entry, HTML h2–h4) and keep it on the
// page of what follows.
type Heading struct {
	Level  int
	Number string
	Text   string
	// PageBreak starts the heading on a new page.
	PageBreak bool
}

// FullText is the heading as printed: number and text.
func (h Heading) FullText() string {
	if h.Number == "" {
		return h.Text
	}
	return h.Number + " " + h.Text
}

// Paragraph is body text. Its runs follow each other; a run's text may
// hold "\n", a line break within the paragraph.
type Paragraph struct {
	Runs []Run
	// Small is a note in smaller type (e.g. "Tulostettu 2.12.2026").
	Small bool
}

// Run is a stretch of text with one look.
type Run struct {
	Text   string
	Bold   bool
	Italic bool
}

// P is a paragraph of plain text.
func P(text string) Paragraph { return Paragraph{Runs: []Run{{Text: text}}} }

// List is a bulleted list; each item is one paragraph of text, which may
// hold "\n".
type List struct {
	Items []string
}

// Table is a table of data. Its header row repeats on every page it
// runs over, and a row is never split between pages.
type Table struct {
	// Caption says what the table is; writers print it above the table.
	Caption string
	Columns []Column
	Rows    []Row
}

// Column is a table's column.
type Column struct {
	Title string
	// Width is the column's share of the table's width; zero shares
	// what the others leave equally.
	Width int
	// Numeric columns are aligned right.
	Numeric bool
}

// Row is one row of a table; Bold rows are totals.
type Row struct {
	Cells []string
	Bold  bool
}

// Fields is a block of labelled values, the title block of a work
// package's slide: "Osa-alue: 1", "Vastuuhenkilöt: …".
type Fields struct {
	Items []Field
}

// Field is one labelled value; Value may hold "\n".
type Field struct {
	Label string
	Value string
}

// Box is a framed part kept whole on one page: one of the four boxes of
// a work package's slide. Light is its traffic light ("green", "yellow",
// "red" or ""), LightText the light's name in the document's language,
// so that colour is never the only cue.
type Box struct {
	Title     string
	Light     string
	LightText string
	Blocks    []Block
}

// Boxes sets boxes side by side, Columns to a row (1 or 2), each row
// kept whole on one page where it fits.
type Boxes struct {
	Columns int
	Items   []Box
}

// Legend explains the traffic lights: each item a light and its meaning.
type Legend struct {
	Title string
	Items []LegendItem
}

// LegendItem is one light of a legend.
type LegendItem struct {
	Light string
	Text  string
}

// Chart is a horizontal bar chart of stacked series, such as seed 002's
// budget chart "Toteutunut / Käyttämättä" by cost category. Labels hold
// each bar's value as printed (whole euros); writers draw the bars to
// scale and write the labels. Alt is the chart's text alternative; the
// builder follows a chart with a Table of its figures.
type Chart struct {
	Title      string
	Alt        string
	Categories []string
	Series     []Series
	// Full draws every bar the whole width (100 % stacked), as the budget
	// slide does, so that a small category's split shows as well as the
	// total's; otherwise bars are to one scale.
	Full bool
}

// Series is one stacked part of every bar: its name in the legend, its
// value per category (in any unit, e.g. cents) and the value as printed.
type Series struct {
	Name   string
	Values []int64
	Labels []string
	// Pattern marks the series apart without colour: "" solid, "hatch".
	Pattern string
}

// PageBreak starts a new page.
type PageBreak struct{}

func (Title) block()     {}
func (Contents) block()  {}
func (Heading) block()   {}
func (Paragraph) block() {}
func (List) block()      {}
func (Table) block()     {}
func (Fields) block()    {}
func (Box) block()       {}
func (Boxes) block()     {}
func (Legend) block()    {}
func (Chart) block()     {}
func (PageBreak) block() {}

// Headings lists the document's headings up to maxLevel, in order, for a
// table of contents or an outline.
func (d *Document) Headings(maxLevel int) []Heading {
	var out []Heading
	for _, b := range d.Blocks {
		if h, ok := b.(Heading); ok && h.Level <= maxLevel {
			out = append(out, h)
		}
	}
	return out
}

// Lights are the traffic lights' colours, shared by the writers so that
// a light looks the same in every format: fill and a darker border, as
// RGB hex without '#'. The colours pass WCAG's 3:1 for graphics against
// white.
var Lights = map[string]struct{ Fill, Border string }{
	"green":  {"2E7D32", "1B5E20"},
	"yellow": {"F9A825", "8D6E00"},
	"red":    {"C62828", "8E0000"},
}

// Prose turns a text people wrote into blocks: paragraphs split at blank
// lines, and runs of lines that begin with "- " or "• " into a list, as
// the pages show them (web.Base.Paras).
func Prose(s string) []Block {
	var out []Block
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		var text []string
		var items []string
		flushText := func() {
			if len(text) > 0 {
				out = append(out, P(strings.Join(text, "\n")))
				text = nil
			}
		}
		flushList := func() {
			if len(items) > 0 {
				out = append(out, List{Items: items})
				items = nil
			}
		}
		for _, line := range strings.Split(para, "\n") {
			line = strings.TrimSpace(line)
			item, isItem := strings.CutPrefix(line, "- ")
			if !isItem {
				item, isItem = strings.CutPrefix(line, "• ")
			}
			switch {
			case isItem:
				flushText()
				items = append(items, strings.TrimSpace(item))
			case line != "":
				flushList()
				text = append(text, line)
			}
		}
		flushText()
		flushList()
	}
	return out
}
