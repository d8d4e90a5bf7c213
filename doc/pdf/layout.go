package pdf

import "github.com/salkku/salkku/doc"

// mm is a millimetre in points.
const mm = 72 / 25.4

// geom is a page's size and the frame the body is set in, in points
// from the top left corner.
type geom struct {
	pw, ph      float64 // page
	left, width float64 // body
	top, bottom float64
}

func geometry(landscape bool) geom {
	w, h := 210*mm, 297*mm
	if landscape {
		w, h = h, w
	}
	m := 20 * mm
	return geom{pw: w, ph: h, left: m, width: w - 2*m, top: m, bottom: h - m}
}

// height is the body's height.
func (g geom) height() float64 { return g.bottom - g.top }

// A chunk is the unit the layout puts on pages: a piece of a block that
// is never split (a line of a paragraph, a table row, a box that fits),
// with its height and how to draw it.
type chunk struct {
	h      float64 // height
	before float64 // space above it, dropped at the top of a page
	dx     float64 // indent from the body's left edge
	// keep keeps it on the page of the next chunk: a heading with what
	// follows, a box's parts together. A run of kept chunks taller than
	// a page is let break.
	keep bool
	// pageBreak starts a new page (unless the page is still empty).
	pageBreak bool
	// repeat is placed first when the chunk starts a page: a table's
	// header row above its rows.
	repeat *chunk
	// frames are the boxes it lies in: each is drawn around its chunks'
	// extent on every page.
	frames []*frame
	// heading is 1 + the index of the document's heading it sets.
	heading int
	// elem is the structure element its content belongs to; artifact
	// marks it as no content (a repeated table header).
	elem     *elem
	artifact bool
	// what says what it is, for the tests.
	what string
	draw func(c *canvas, x, y float64)
}

// frame is a box's border, dx from the left edge, w wide.
type frame struct {
	dx, w float64
}

type placement struct {
	c *chunk
	y float64
}

type page struct {
	items []placement
}

// head is one of the document's headings and where it landed.
type head struct {
	h    doc.Heading
	page int // 0-based
	y    float64
}

// chainHeight is what chunk i needs on its page: itself and the chunks
// kept with it, or only itself when they would not fit on any page.
func chainHeight(chs []*chunk, i int, atTop bool, max float64) float64 {
	c := chs[i]
	h := c.h
	if !atTop {
		h += c.before
	}
	if c.repeat != nil && atTop {
		h += c.repeat.h
	}
	own := h
	for k := i; chs[k].keep && k+1 < len(chs) && !chs[k+1].pageBreak; k++ {
		h += chs[k+1].before + chs[k+1].h
		if h > max {
			return own
		}
	}
	return h
}

// paginate puts chunks on pages: a chunk (with those kept with it) that
// does not fit below what the page holds starts a new page.
func paginate(g geom, chs []*chunk, heads []head) []*page {
	pages := []*page{{}}
	y, atTop := g.top, true
	place := func(c *chunk) {
		p := len(pages) - 1
		pages[p].items = append(pages[p].items, placement{c, y})
		if c.heading > 0 && c.heading <= len(heads) {
			heads[c.heading-1].page, heads[c.heading-1].y = p, y
		}
		y += c.h
		atTop = false
	}
	newPage := func() {
		pages = append(pages, &page{})
		y, atTop = g.top, true
	}
	for i, c := range chs {
		if c.pageBreak {
			if !atTop {
				newPage()
			}
			continue
		}
		if !atTop && y+chainHeight(chs, i, false, g.height()) > g.bottom {
			newPage()
		}
		if atTop && c.repeat != nil {
			place(c.repeat)
		}
		if !atTop {
			y += c.before
		}
		place(c)
	}
	return pages
}

// drawFrames draws each frame around its chunks' extent among pl.
func drawFrames(c *canvas, pl []placement, x float64) {
	type extent struct{ y0, y1 float64 }
	var order []*frame
	ext := map[*frame]*extent{}
	for _, p := range pl {
		for _, f := range p.c.frames {
			e := ext[f]
			if e == nil {
				e = &extent{p.y, p.y + p.c.h}
				ext[f] = e
				order = append(order, f)
			}
			e.y0 = min(e.y0, p.y)
			e.y1 = max(e.y1, p.y+p.c.h)
		}
	}
	if len(order) == 0 {
		return
	}
	c.artifact(func() {
		for _, f := range order {
			e := ext[f]
			c.strokeRect(x+f.dx, e.y0, f.w, e.y1-e.y0, 0.9, colBorder)
		}
	})
}

// stackHeight is the height of chunks set one below the other.
func stackHeight(chs []*chunk) float64 {
	var h float64
	for i, c := range chs {
		if i > 0 {
			h += c.before
		}
		h += c.h
	}
	return h
}

// stack draws chunks one below the other from (x, y), as one unit.
func stack(c *canvas, chs []*chunk, x, y float64) {
	var pl []placement
	for i, ch := range chs {
		if i > 0 {
			y += ch.before
		}
		pl = append(pl, placement{ch, y})
		drawChunk(c, ch, x+ch.dx, y)
		y += ch.h
	}
	drawFrames(c, pl, x)
}
