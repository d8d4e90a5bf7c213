// Package pdf writes a document (package doc) as a PDF in pure Go, for a
// machine without Chromium: A4 pages (or landscape ones) with the Go
// fonts embedded, so every Finnish and Swedish letter prints and its
// text can be copied and searched, bookmarks from the headings, the
// document's language and title in its metadata, and a footer with the
// organisation and the page number on every page.
//
// The layout cuts each block into chunks that are never split (a line,
// a table row, a box that fits a page), puts them on pages keeping
// together what must stay together, and only then draws, so that the
// contents and the footers know the page numbers.
package pdf

import (
	"bytes"
	"compress/zlib"
	"crypto/md5"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf16"

	"github.com/salkku/salkku/doc"
)

// Write writes d to w as a PDF.
func Write(w io.Writer, d *doc.Document) error {
	fs, err := loadFaces()
	if err != nil {
		return err
	}
	l := newLayouter(fs, d)
	pages := l.layout()
	var u [numStyles]used
	for i := range u {
		u[i] = used{}
	}
	canvases := make([]*canvas, len(pages))
	for i, p := range pages {
		c := &canvas{ph: l.g.ph, faces: fs, used: &u, page: i}
		for _, it := range p.items {
			drawChunk(c, it.c, l.g.left+it.c.dx, it.y)
		}
		drawFrames(c, p.items, l.g.left)
		c.artifact(func() { l.footer(c, i+1, len(pages)) })
		canvases[i] = c
	}
	b, err := l.encode(canvases, &u)
	if err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("pdf: write: %w", err)
	}
	return nil
}

func newLayouter(fs [numStyles]*face, d *doc.Document) *layouter {
	l := &layouter{fs: fs, g: geometry(d.Landscape), d: d, root: &elem{tag: "Document"}}
	for _, b := range d.Blocks {
		if h, ok := b.(doc.Heading); ok {
			l.heads = append(l.heads, head{h: h})
		}
	}
	return l
}

// layout cuts the document into chunks and puts them on pages.
func (l *layouter) layout() []*page {
	return paginate(l.g, l.blocks(l.d.Blocks, l.g.width, 0, true), l.heads)
}

// footer writes "Organisation · Footer" at the left of the page's foot
// and its number ("Sivu 2 / 9") at the right.
func (l *layouter) footer(c *canvas, n, total int) {
	const size = 8
	g := l.g
	y := g.bottom + 9*mm
	label := l.d.PageLabel
	if label == "" {
		label = "%d / %d"
	}
	pl := clean(strings.ReplaceAll(fmt.Sprintf(label, n, total), "\n", " "))
	pw := l.fs[regular].width(pl, size)
	var parts []string
	for _, s := range []string{l.d.Organisation, l.d.Footer} {
		if s = strings.TrimSpace(strings.ReplaceAll(s, "\n", " ")); s != "" {
			parts = append(parts, s)
		}
	}
	c.hline(g.left, g.left+g.width, y-10, 0.5, colRule)
	if left := wrap(l.fs, plain(strings.Join(parts, " · "), regular), size, max(g.width-pw-20, 20)); len(left) > 0 {
		c.line(g.left, y, size, colMuted, left[0])
	}
	c.str(g.left+g.width-pw, y, size, colMuted, regular, pl)
}

// pdfWriter numbers objects and remembers where each begins, for the
// cross-reference table.
type pdfWriter struct {
	b    bytes.Buffer
	offs []int
}

func (p *pdfWriter) alloc() int {
	p.offs = append(p.offs, 0)
	return len(p.offs)
}

func (p *pdfWriter) obj(n int, format string, args ...any) {
	p.offs[n-1] = p.b.Len()
	fmt.Fprintf(&p.b, "%d 0 obj\n", n)
	fmt.Fprintf(&p.b, format, args...)
	p.b.WriteString("\nendobj\n")
}

// stream writes a compressed stream object; dict is the rest of its
// dictionary.
func (p *pdfWriter) stream(n int, dict string, data []byte) error {
	z, err := deflate(data)
	if err != nil {
		return err
	}
	p.compressed(n, dict, z)
	return nil
}

// compressed writes a stream object of data already compressed.
func (p *pdfWriter) compressed(n int, dict string, z []byte) {
	p.offs[n-1] = p.b.Len()
	fmt.Fprintf(&p.b, "%d 0 obj\n<< %s /Filter /FlateDecode /Length %d >>\nstream\n", n, dict, len(z))
	p.b.Write(z)
	p.b.WriteString("\nendstream\nendobj\n")
}

func deflate(data []byte) ([]byte, error) {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	if _, err := zw.Write(data); err != nil {
		return nil, fmt.Errorf("pdf: compress: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("pdf: compress: %w", err)
	}
	return z.Bytes(), nil
}

// text is a PDF text string: a literal one when s is plain ASCII, else
// UTF-16BE with its byte order mark, in hex.
func text(s string) string {
	s = strings.Join(strings.Fields(clean(s)), " ")
	ascii := true
	for _, r := range s {
		ascii = ascii && r >= 0x20 && r < 0x7F
	}
	if ascii {
		return "(" + strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(s) + ")"
	}
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// encode writes the PDF: catalog, pages, fonts, outline, metadata and
// the cross-reference table.
func (l *layouter) encode(pages []*canvas, u *[numStyles]used) ([]byte, error) {
	p := &pdfWriter{}
	p.b.WriteString("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n")
	catalog, pagesObj, info := p.alloc(), p.alloc(), p.alloc()
	pageObjs := make([]int, len(pages))
	for i := range pages {
		pageObjs[i] = p.alloc()
	}
	dest := func(page int, y float64) string {
		page = min(max(page, 0), len(pageObjs)-1)
		return fmt.Sprintf("[%d 0 R /XYZ null %s null]", pageObjs[page], num(l.g.ph-y+2))
	}

	// Fonts, those the pages use.
	var fontRes strings.Builder
	for st, f := range l.fs {
		if len(u[st]) == 0 {
			continue
		}
		n, err := p.font(f, u[st])
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&fontRes, " /F%d %d 0 R", st, n)
	}

	// Pages.
	var kids strings.Builder
	for i, c := range pages {
		content := p.alloc()
		if err := p.stream(content, "", c.b.Bytes()); err != nil {
			return nil, err
		}
		var annots strings.Builder
		for _, lk := range c.links {
			if lk.heading < 0 || lk.heading >= len(l.heads) {
				continue
			}
			a := p.alloc()
			hd := l.heads[lk.heading]
			p.obj(a, "<< /Type /Annot /Subtype /Link /Rect [%s %s %s %s] /Border [0 0 0] /Dest %s >>",
				num(lk.x), num(l.g.ph-lk.y-lk.h), num(lk.x+lk.w), num(l.g.ph-lk.y), dest(hd.page, hd.y))
			fmt.Fprintf(&annots, " %d 0 R", a)
		}
		extra := ""
		if annots.Len() > 0 {
			extra = " /Annots [" + annots.String() + " ]"
		}
		p.obj(pageObjs[i], "<< /Type /Page /Parent %d 0 R /Contents %d 0 R /StructParents %d /Tabs /S%s >>", pagesObj, content, i, extra)
		fmt.Fprintf(&kids, " %d 0 R", pageObjs[i])
	}
	p.obj(pagesObj, "<< /Type /Pages /Kids [%s ] /Count %d /MediaBox [0 0 %s %s] /Resources << /Font <<%s >> /ProcSet [/PDF /Text] >> >>",
		kids.String(), len(pages), num(l.g.pw), num(l.g.ph), fontRes.String())

	// The outline.
	outline := ""
	if items := buildOutline(l.heads); len(items) > 0 {
		root := p.alloc()
		var number func(items []*outlineItem)
		number = func(items []*outlineItem) {
			for _, it := range items {
				it.n = p.alloc()
				number(it.kids)
			}
		}
		number(items)
		// count is how many bookmarks show below items, all open.
		var count func(items []*outlineItem) int
		count = func(items []*outlineItem) int {
			n := len(items)
			for _, it := range items {
				n += count(it.kids)
			}
			return n
		}
		var write func(items []*outlineItem, parent int)
		write = func(items []*outlineItem, parent int) {
			for i, it := range items {
				var b strings.Builder
				fmt.Fprintf(&b, "<< /Title %s /Parent %d 0 R /Dest %s", text(it.title), parent, dest(it.page, it.y))
				if i > 0 {
					fmt.Fprintf(&b, " /Prev %d 0 R", items[i-1].n)
				}
				if i < len(items)-1 {
					fmt.Fprintf(&b, " /Next %d 0 R", items[i+1].n)
				}
				if len(it.kids) > 0 {
					fmt.Fprintf(&b, " /First %d 0 R /Last %d 0 R /Count %d", it.kids[0].n, it.kids[len(it.kids)-1].n, count(it.kids))
				}
				b.WriteString(" >>")
				p.obj(it.n, "%s", b.String())
				write(it.kids, it.n)
			}
		}
		write(items, root)
		p.obj(root, "<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>", items[0].n, items[len(items)-1].n, count(items))
		outline = fmt.Sprintf(" /Outlines %d 0 R /PageMode /UseOutlines", root)
	}

	lang := ""
	if l.d.Lang != "" {
		lang = " /Lang " + text(l.d.Lang)
	}
	marks := make([][]*elem, len(pages))
	for i, c := range pages {
		marks[i] = c.marks
	}
	tree := p.structTree(l.root, pageObjs, marks)
	p.obj(catalog, "<< /Type /Catalog /Pages %d 0 R%s%s /MarkInfo << /Marked true >> /StructTreeRoot %d 0 R /ViewerPreferences << /DisplayDocTitle true >> >>",
		pagesObj, outline, lang, tree)
	p.obj(info, "<< /Title %s /Subject %s /Author %s /Producer (Salkku) /Creator (Salkku) >>",
		text(l.d.Title), text(l.d.Subject), text(l.d.Organisation))

	// The cross-reference table and trailer.
	id := md5.Sum(p.b.Bytes())
	xref := p.b.Len()
	fmt.Fprintf(&p.b, "xref\n0 %d\n0000000000 65535 f \n", len(p.offs)+1)
	for _, o := range p.offs {
		fmt.Fprintf(&p.b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&p.b, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%x> <%x>] >>\nstartxref\n%d\n%%%%EOF\n",
		len(p.offs)+1, catalog, info, id, id, xref)
	return p.b.Bytes(), nil
}

// font embeds a face as a Type0 font with Identity-H encoding: the
// whole TrueType file, the widths of the glyphs used and a ToUnicode map
// from them back to text. It returns the Type0 font's object number.
func (p *pdfWriter) font(f *face, u used) (int, error) {
	type0, cid, desc, file, tounicode := p.alloc(), p.alloc(), p.alloc(), p.alloc(), p.alloc()
	gids := make([]int, 0, len(u))
	for g := range u {
		gids = append(gids, int(g))
	}
	sort.Ints(gids)

	var w strings.Builder
	for i := 0; i < len(gids); {
		j := i
		for j+1 < len(gids) && gids[j+1] == gids[j]+1 {
			j++
		}
		fmt.Fprintf(&w, "%d [", gids[i])
		for k := i; k <= j; k++ {
			fmt.Fprintf(&w, " %s", num(f.adv[gids[k]]))
		}
		w.WriteString(" ] ")
		i = j + 1
	}

	flags := 32 // nonsymbolic
	angle := 0.0
	if f.italic {
		flags |= 64
		if pt := f.sf.PostTable(); pt != nil {
			angle = pt.ItalicAngle
		}
	}
	stemV := 80
	if f.bold {
		stemV = 140
	}
	z, err := f.compressed()
	if err != nil {
		return 0, err
	}
	p.compressed(file, fmt.Sprintf("/Length1 %d", len(f.ttf)), z)
	p.obj(desc, "<< /Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%s %s %s %s] /ItalicAngle %s /Ascent %s /Descent %s /CapHeight %s /StemV %d /FontFile2 %d 0 R >>",
		f.name, flags, num(f.bbox[0]), num(f.bbox[1]), num(f.bbox[2]), num(f.bbox[3]), num(angle),
		num(f.ascent), num(f.descent), num(f.capHeight), stemV, file)
	p.obj(cid, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 1000 /W [ %s] /CIDToGIDMap /Identity >>",
		f.name, desc, w.String())
	if err := p.stream(tounicode, "", toUnicode(gids, u)); err != nil {
		return 0, err
	}
	p.obj(type0, "<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>",
		f.name, cid, tounicode)
	return type0, nil
}

// toUnicode is the CMap that maps each glyph drawn back to its text.
func toUnicode(gids []int, u used) []byte {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for i := 0; i < len(gids); i += 100 {
		part := gids[i:min(i+100, len(gids))]
		fmt.Fprintf(&b, "%d beginbfchar\n", len(part))
		for _, g := range part {
			fmt.Fprintf(&b, "<%04X> <", g)
			for _, c := range utf16.Encode([]rune{u[uint16(g)]}) {
				fmt.Fprintf(&b, "%04X", c)
			}
			b.WriteString(">\n")
		}
		b.WriteString("endbfchar\n")
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}

// outlineItem is a bookmark: a heading of level 1, or of level 2 under
// the level-1 heading before it.
type outlineItem struct {
	title string
	page  int
	y     float64
	kids  []*outlineItem
	n     int // object number
}

func buildOutline(heads []head) []*outlineItem {
	var roots []*outlineItem
	var parent *outlineItem
	for _, h := range heads {
		if h.h.Level > 2 {
			continue
		}
		it := &outlineItem{title: h.h.FullText(), page: h.page, y: h.y}
		if h.h.Level == 2 && parent != nil {
			parent.kids = append(parent.kids, it)
			continue
		}
		roots = append(roots, it)
		if h.h.Level <= 1 {
			parent = it
		}
	}
	return roots
}
