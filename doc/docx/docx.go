// Package docx writes a doc.Document as a Word document (Office Open XML,
// WordprocessingML) of its own making: archive/zip and XML written with
// care, no library. The styles are Word's built-in ones (Title, Heading
// 1–3 with their outline levels, caption, List Bullet, footer…) so that
// Word's navigation pane, table of contents and a translated Word all
// know them; tables repeat their header row and never split a row;
// boxes are one-cell tables kept on one page; a chart is a native Word
// chart with its text alternative.
package docx

import (
	"archive/zip"
	_ "embed"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/salkku/salkku/doc"
)

//go:embed styles.xml
var stylesXML string

//go:embed numbering.xml
var numberingXML string

// Page geometry in twentieths of a point (twips): A4, 2 cm margins.
const (
	a4Short = 11906
	a4Long  = 16838
	margin  = 1134
)

// The namespaces of the parts.
const (
	nsW   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsWP  = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
	nsA   = "http://schemas.openxmlformats.org/drawingml/2006/main"
	nsC   = "http://schemas.openxmlformats.org/drawingml/2006/chart"
	nsRel = "http://schemas.openxmlformats.org/package/2006/relationships"
	relT  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
)

// epoch is every part's time in the zip: the same document gives the
// same file.
var epoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// Write writes d to w as a .docx file.
func Write(w io.Writer, d *doc.Document) error {
	if d == nil {
		return fmt.Errorf("docx: no document")
	}
	bw := newBody(d)
	bw.blocks(d.Blocks, bw.textWidth)
	document := bw.document()

	type part struct {
		name, contentType, body string
	}
	parts := []part{
		{"word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", document},
		{"word/styles.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml", strings.ReplaceAll(stylesXML, "{{LANG}}", esc(wordLang(d.Lang)))},
		{"word/settings.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml", settings(d)},
		{"word/numbering.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml", numberingXML},
		{"word/footer1.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml", footer(d, bw.textWidth)},
		{"docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml", core(d)},
		{"docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml", app(d)},
	}
	docRels := []rel{
		{"rIdStyles", relT + "styles", "styles.xml"},
		{"rIdSettings", relT + "settings", "settings.xml"},
		{"rIdNumbering", relT + "numbering", "numbering.xml"},
		{"rIdFooter1", relT + "footer", "footer1.xml"},
	}
	for i, c := range bw.charts {
		name := fmt.Sprintf("charts/chart%d.xml", i+1)
		parts = append(parts, part{"word/" + name, "application/vnd.openxmlformats-officedocument.drawingml.chart+xml", c})
		docRels = append(docRels, rel{chartRelID(i + 1), relT + "chart", name})
	}

	var ct strings.Builder
	ct.WriteString(xmlHeader)
	ct.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	ct.WriteString(`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`)
	ct.WriteString(`<Default Extension="xml" ContentType="application/xml"/>`)
	for _, p := range parts {
		fmt.Fprintf(&ct, `<Override PartName="/%s" ContentType="%s"/>`, p.name, p.contentType)
	}
	ct.WriteString(`</Types>`)

	files := []part{
		{name: "[Content_Types].xml", body: ct.String()},
		{name: "_rels/.rels", body: rels([]rel{
			{"rId1", relT + "officeDocument", "word/document.xml"},
			{"rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml"},
			{"rId3", relT + "extended-properties", "docProps/app.xml"},
		})},
		{name: "word/_rels/document.xml.rels", body: rels(docRels)},
	}
	files = append(files, parts...)

	zw := zip.NewWriter(w)
	for _, f := range files {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: epoch})
		if err != nil {
			return fmt.Errorf("docx: %s: %w", f.name, err)
		}
		if _, err := io.WriteString(fw, f.body); err != nil {
			return fmt.Errorf("docx: %s: %w", f.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	return nil
}

func chartRelID(n int) string { return fmt.Sprintf("rIdChart%d", n) }

type rel struct{ id, typ, target string }

func rels(rs []rel) string {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<Relationships xmlns="` + nsRel + `">`)
	for _, r := range rs {
		fmt.Fprintf(&b, `<Relationship Id="%s" Type="%s" Target="%s"/>`, r.id, r.typ, r.target)
	}
	b.WriteString(`</Relationships>`)
	return b.String()
}

// wordLang is the language Word's proofing tools know: Finland's
// Swedish, and British English for "en"; another tag as it is, if it
// looks like one.
func wordLang(lang string) string {
	switch lang {
	case "fi":
		return "fi-FI"
	case "sv":
		return "sv-FI"
	case "en":
		return "en-GB"
	}
	if lang == "" || len(lang) > 35 || strings.Trim(lang, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != "" {
		return "fi-FI"
	}
	return lang
}

func settings(d *doc.Document) string {
	decimal, list := ",", ";"
	if strings.HasPrefix(d.Lang, "en") {
		decimal, list = ".", ","
	}
	return xmlHeader + `<w:settings xmlns:w="` + nsW + `">` +
		`<w:zoom w:percent="100"/>` +
		`<w:defaultTabStop w:val="709"/>` +
		`<w:hyphenationZone w:val="425"/>` +
		`<w:characterSpacingControl w:val="doNotCompress"/>` +
		// Word offers to update the fields (the table of contents and
		// its page numbers) when the document is opened.
		`<w:updateFields w:val="true"/>` +
		`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
		`<w:themeFontLang w:val="` + esc(wordLang(d.Lang)) + `"/>` +
		`<w:decimalSymbol w:val="` + decimal + `"/>` +
		`<w:listSeparator w:val="` + list + `"/>` +
		`</w:settings>`
}

func core(d *doc.Document) string {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	b.WriteString(`<dc:title>` + esc(d.Title) + `</dc:title>`)
	b.WriteString(`<dc:subject>` + esc(d.Subject) + `</dc:subject>`)
	b.WriteString(`<dc:creator>` + esc(d.Organisation) + `</dc:creator>`)
	b.WriteString(`<dc:language>` + esc(d.Lang) + `</dc:language>`)
	b.WriteString(`</cp:coreProperties>`)
	return b.String()
}

func app(d *doc.Document) string {
	return xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
		`<Application>Salkku</Application>` +
		`<Company>` + esc(d.Organisation) + `</Company>` +
		`</Properties>`
}

// footer is every page's footer: the organisation and the footer text
// on the left, the page number ("Sivu 2 / 14") on the right, from the
// document's PageLabel with its two %d made PAGE and NUMPAGES fields.
func footer(d *doc.Document, width int) string {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<w:ftr xmlns:w="` + nsW + `" xmlns:r="` + nsR + `">`)
	fmt.Fprintf(&b, `<w:p><w:pPr><w:pStyle w:val="Footer"/><w:tabs><w:tab w:val="right" w:pos="%d"/></w:tabs></w:pPr>`, width)
	var left []string
	for _, s := range []string{d.Organisation, d.Footer} {
		if s = strings.TrimSpace(clean(s)); s != "" {
			left = append(left, s)
		}
	}
	text(&b, strings.Join(left, " · "), "")
	b.WriteString(`<w:r><w:tab/></w:r>`)
	label := d.PageLabel
	if label == "" {
		label = "%d / %d"
	}
	pieces := strings.Split(label, "%d")
	for i, p := range pieces {
		text(&b, p, "")
		if i == len(pieces)-1 {
			break
		}
		switch i {
		case 0:
			field(&b, "PAGE", "1")
		case 1:
			field(&b, "NUMPAGES", "1")
		default:
			text(&b, "%d", "")
		}
	}
	b.WriteString(`</w:p></w:ftr>`)
	return b.String()
}

// field writes a complex field with its instruction and a cached result.
func field(b *strings.Builder, instr, result string) {
	b.WriteString(`<w:r><w:fldChar w:fldCharType="begin"/></w:r>`)
	b.WriteString(`<w:r><w:instrText xml:space="preserve"> ` + esc(instr) + ` </w:instrText></w:r>`)
	b.WriteString(`<w:r><w:fldChar w:fldCharType="separate"/></w:r>`)
	b.WriteString(`<w:r><w:t>` + esc(result) + `</w:t></w:r>`)
	b.WriteString(`<w:r><w:fldChar w:fldCharType="end"/></w:r>`)
}
