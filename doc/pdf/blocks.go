package pdf

import (
	"strconv"

	"github.com/salkku/salkku/doc"
)

// The type scale, in points: size and line height.
const (
	bodySize, bodyLead   = 10, 14
	smallSize, smallLead = 8.5, 12
	cellSize, cellLead   = 9, 12
	paraGap              = 6
)

var headSizes = [4]struct{ size, lead, before, after float64 }{
	1: {16, 20, 20, 7},
	2: {12.5, 16, 14, 4},
	3: {11, 14, 10, 3},
}

// layouter turns a document's blocks into chunks.
type layouter struct {
	fs    [numStyles]*face
	g     geom
	d     *doc.Document
	heads []head
	// nextHead counts the top-level headings met, to number their chunks.
	nextHead int
	// root is the structure tree's Document element, cur the element
	// new ones go under.
	root, cur *elem
}

// tag sets the element of chunks.
func tag(chs []*chunk, e *elem) []*chunk {
	for _, c := range chs {
		c.elem = e
	}
	return chs
}

// baseline is where text of size sits in a line box of lead from y.
func baseline(y, size, lead float64) float64 { return y + (lead-size)/2 + 0.8*size }

// lineChunks makes a chunk of each line, the first two and the last two
// kept together (no lone line at the foot or head of a page).
func lineChunks(lines []line, size, lead float64, col color, dx, before float64, what string) []*chunk {
	n := len(lines)
	chs := make([]*chunk, n)
	for i, ln := range lines {
		ln := ln
		chs[i] = &chunk{h: lead, dx: dx, what: what, keep: n > 1 && (i == 0 || i == n-2),
			draw: func(c *canvas, x, y float64) { c.line(x, baseline(y, size, lead), size, col, ln) }}
	}
	if n > 0 {
		chs[0].before = before
	}
	return chs
}

func runSpans(runs []doc.Run) []span {
	spans := make([]span, len(runs))
	for i, r := range runs {
		st := regular
		switch {
		case r.Bold:
			st = bold
		case r.Italic:
			st = italic
		}
		spans[i] = span{r.Text, st}
	}
	return spans
}

func plain(s string, st style) []span { return []span{{s, st}} }

// blocks lays bs out w wide, dx from the body's left edge; top is true
// for the document's own blocks (not those inside a box).
func (l *layouter) blocks(bs []doc.Block, w, dx float64, top bool) []*chunk {
	var chs []*chunk
	for _, b := range bs {
		chs = append(chs, l.block(b, w, dx, top)...)
	}
	return chs
}

func (l *layouter) block(b doc.Block, w, dx float64, top bool) []*chunk {
	if w < 20 {
		w = 20
	}
	switch b := b.(type) {
	case doc.Title:
		return l.title(b, w, dx, top)
	case doc.Contents:
		chs := l.contents(b, w, dx)
		if top {
			// The contents have a page of their own.
			chs = append(chs, &chunk{pageBreak: true, what: "break"})
		}
		return chs
	case doc.Heading:
		return l.heading(b, w, dx, top)
	case doc.Paragraph:
		size, lead, col := float64(bodySize), float64(bodyLead), colText
		if b.Small {
			size, lead, col = smallSize, smallLead, colMuted
		}
		return tag(lineChunks(wrap(l.fs, runSpans(b.Runs), size, w), size, lead, col, dx, paraGap, "p"), l.child("P"))
	case doc.List:
		return l.list(b, w, dx)
	case doc.Table:
		return l.table(b, w, dx)
	case doc.Fields:
		return l.fields(b, w, dx)
	case doc.Box:
		return l.boxes(doc.Boxes{Columns: 1, Items: []doc.Box{b}}, w, dx)
	case doc.Boxes:
		return l.boxes(b, w, dx)
	case doc.Legend:
		return l.legend(b, w, dx)
	case doc.Chart:
		return l.chart(b, w, dx)
	case doc.PageBreak:
		if top {
			return []*chunk{{pageBreak: true, what: "break"}}
		}
	}
	return nil
}

func (l *layouter) title(t doc.Title, w, dx float64, top bool) []*chunk {
	type part struct {
		lines             []line
		size, lead, after float64
		col               color
		e                 *elem
	}
	parts := []part{
		{wrap(l.fs, plain(t.Text, bold), 26, w), 26, 32, 14, colHeading, l.child("P")},
		{wrap(l.fs, plain(t.Subtitle, regular), 15, w), 15, 20, 18, colMuted, l.child("P")},
	}
	for _, s := range t.Lines {
		parts = append(parts, part{wrap(l.fs, plain(s, regular), 11, w), 11, 15, 2, colText, l.child("P")})
	}
	var h float64
	for _, p := range parts {
		h += float64(len(p.lines))*p.lead + p.after
	}
	offset := 0.0
	if top {
		// The title page: the title a third of the way down, nothing
		// else on the page.
		offset = l.g.height() * 0.3
		h = max(h+offset, l.g.height())
	}
	return []*chunk{{h: h, dx: dx, what: "title", draw: func(c *canvas, x, y float64) {
		y += offset
		if top {
			c.artifact(func() { c.fillRect(x, y-18, 48, 4, colAccent) })
		}
		for _, p := range parts {
			c.mark(p.e, func() {
				for _, ln := range p.lines {
					c.line(x, baseline(y, p.size, p.lead), p.size, p.col, ln)
					y += p.lead
				}
			})
			y += p.after
		}
	}}}
}

func (l *layouter) heading(hd doc.Heading, w, dx float64, top bool) []*chunk {
	lv := min(max(hd.Level, 1), 3)
	s := headSizes[lv]
	lines := wrap(l.fs, plain(hd.FullText(), bold), s.size, w)
	if len(lines) == 0 {
		lines = []line{{}}
	}
	c := &chunk{h: float64(len(lines))*s.lead + s.after, before: s.before, dx: dx, keep: true, what: "h" + strconv.Itoa(lv),
		elem: l.child("H" + strconv.Itoa(lv))}
	c.draw = func(cv *canvas, x, y float64) {
		for _, ln := range lines {
			cv.line(x, baseline(y, s.size, s.lead), s.size, colHeading, ln)
			y += s.lead
		}
		if lv == 1 {
			cv.hline(x, x+w, y+1.5, 0.6, colRule)
		}
	}
	var chs []*chunk
	if top {
		l.nextHead++
		c.heading = l.nextHead
		if hd.PageBreak {
			chs = append(chs, &chunk{pageBreak: true, what: "break"})
		}
	}
	return append(chs, c)
}

// contents lists the headings up to level 2 with their page numbers
// (known once the layout has placed them: drawing comes after it).
func (l *layouter) contents(t doc.Contents, w, dx float64) []*chunk {
	s := headSizes[1]
	tl := wrap(l.fs, plain(t.Title, bold), s.size, w)
	chs := []*chunk{{h: float64(len(tl))*s.lead + s.after + 4, before: s.before, dx: dx, keep: true, what: "contents",
		elem: l.child("P"), draw: func(c *canvas, x, y float64) {
			for _, ln := range tl {
				c.line(x, baseline(y, s.size, s.lead), s.size, colHeading, ln)
				y += s.lead
			}
		}}}
	const numW = 30
	toc := l.child("TOC")
	for i := range l.heads {
		h := l.heads[i].h
		if h.Level > 2 {
			continue
		}
		i := i
		st, ind, before, size := bold, 0.0, 5.0, 10.5
		if h.Level == 2 {
			st, ind, before, size = regular, 16, 1.5, 10
		}
		lead := size * 1.4
		lines := wrap(l.fs, plain(h.FullText(), st), size, w-ind-numW-8)
		if len(lines) == 0 {
			lines = []line{{}}
		}
		ch := &chunk{h: float64(len(lines)) * lead, before: before, dx: dx, what: "toc", elem: &elem{tag: "TOCI", parent: toc}}
		toc.kids = append(toc.kids, ch.elem)
		ch.draw = func(c *canvas, x, y float64) {
			y0 := y
			for _, ln := range lines {
				c.line(x+ind, baseline(y, size, lead), size, colText, ln)
				y += lead
			}
			last := lines[len(lines)-1]
			pn := strconv.Itoa(l.heads[i].page + 1)
			pw := l.fs[st].width(pn, size)
			by := baseline(y-lead, size, lead)
			// A dotted leader from the text to the number.
			x1, x2 := x+ind+last.w+6, x+w-pw-6
			if x2 > x1 {
				c.f("q 1 J [0 3] 0 d 0.9 w\n")
				c.stroke(colMuted)
				c.f("%s %s m %s %s l S Q\n", num(x1), num(c.ph-by), num(x2), num(c.ph-by))
			}
			c.str(x+w-pw, by, size, colText, st, pn)
			c.links = append(c.links, link{x, y0, w, y - y0, i})
		}
		chs = append(chs, ch)
	}
	return chs
}

func (l *layouter) list(ls doc.List, w, dx float64) []*chunk {
	const ind = 14
	var chs []*chunk
	list := l.child("L")
	for k, it := range ls.Items {
		lines := wrap(l.fs, plain(it, regular), bodySize, w-ind)
		if len(lines) == 0 {
			lines = []line{{}}
		}
		before := 2.0
		if k == 0 {
			before = paraGap
		}
		li := &elem{tag: "LI", parent: list}
		list.kids = append(list.kids, li)
		lc := tag(lineChunks(lines, bodySize, bodyLead, colText, dx+ind, before, "li"), li)
		first := lc[0].draw
		lc[0].draw = func(c *canvas, x, y float64) {
			c.str(x-ind+3, baseline(y, bodySize, bodyLead), bodySize, colAccent, regular, "•")
			first(c, x, y)
		}
		chs = append(chs, lc...)
	}
	return chs
}

func (l *layouter) fields(fs doc.Fields, w, dx float64) []*chunk {
	lw := 0.0
	for _, f := range fs.Items {
		lw = max(lw, l.fs[bold].width(clean(label(f.Label)), bodySize))
	}
	lw = min(lw+12, w*0.35)
	var chs []*chunk
	for k, f := range fs.Items {
		e := l.child("P")
		ll := wrap(l.fs, plain(label(f.Label), bold), bodySize, lw-12)
		vl := wrap(l.fs, plain(f.Value, regular), bodySize, w-lw)
		n := max(len(ll), len(vl), 1)
		for i := 0; i < n; i++ {
			var a, v line
			if i < len(ll) {
				a = ll[i]
			}
			if i < len(vl) {
				v = vl[i]
			}
			ch := &chunk{h: bodyLead, dx: dx, keep: i < n-1, what: "field", elem: e, draw: func(c *canvas, x, y float64) {
				by := baseline(y, bodySize, bodyLead)
				c.line(x, by, bodySize, colText, a)
				c.line(x+lw, by, bodySize, colText, v)
			}}
			if i == 0 {
				ch.before = 3
				if k == 0 {
					ch.before = paraGap
				}
			}
			chs = append(chs, ch)
		}
	}
	return chs
}

// label ends a field's label with a colon.
func label(s string) string {
	if s == "" || s[len(s)-1] == ':' {
		return s
	}
	return s + ":"
}
