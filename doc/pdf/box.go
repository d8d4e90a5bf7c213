package pdf

import "github.com/salkku/salkku/doc"

const (
	boxPad    = 7
	boxGap    = 10 // between boxes side by side
	boxBefore = 10
	lightR    = 5
)

// boxChunks lays a box out w wide: a title band with the light and its
// name, the box's blocks, all kept together (so the box moves to the
// next page whole when it does not fit) and framed.
func (l *layouter) boxChunks(b doc.Box, w, dx float64) []*chunk {
	fr := &frame{dx: dx, w: w}
	const size, lead = 10.5, 14
	lightText := clean(b.LightText)
	ltw := l.fs[regular].width(lightText, 9)
	lightW := 0.0
	if b.Light != "" || lightText != "" {
		lightW = 2*lightR + 5 + ltw + 4
	}
	lightW = min(lightW, w/2)
	tl := wrap(l.fs, plain(b.Title, bold), size, w-2*boxPad-lightW)
	hh := float64(max(len(tl), 1))*lead + 10
	div := l.child("Div")
	var title *elem
	l.within(div, func() { title = l.child("P") })
	head := &chunk{h: hh, dx: dx, what: "boxtitle", elem: title, draw: func(c *canvas, x, y float64) {
		c.fillRect(x, y, w, hh, colBand)
		c.hline(x, x+w, y+hh, 0.5, colRule)
		// The band is drawn as the title's background: marked content
		// may not nest in an artifact, and the title is content.
		ty := y + 5
		for _, ln := range tl {
			c.line(x+boxPad, baseline(ty, size, lead), size, colHeading, ln)
			ty += lead
		}
		if lightW > 0 {
			cy := y + 5 + lead/2
			lx := x + w - boxPad - lightW + 4
			if b.Light != "" {
				fill, border := lightColors(b.Light)
				c.circle(lx+lightR, cy, lightR, fill, border)
			}
			c.str(lx+2*lightR+5, baseline(y+5, 9, lead), 9, colText, regular, lightText)
		}
	}}
	chs := []*chunk{head}
	var inner []*chunk
	l.within(div, func() { inner = l.blocks(b.Blocks, w-2*boxPad, dx+boxPad, false) })
	if len(inner) > 0 {
		inner[0].before = 5
	}
	chs = append(chs, inner...)
	chs = append(chs, &chunk{h: boxPad, dx: dx, what: "boxend", draw: func(*canvas, float64, float64) {}})
	for i, c := range chs {
		c.keep = i < len(chs)-1
		c.frames = append(c.frames, fr)
	}
	return chs
}

// boxes lays out boxes one or two to a row; a row of two is one chunk,
// its boxes as tall as each other, unless it is taller than a page, when
// its boxes go one below the other and split where they must.
func (l *layouter) boxes(bs doc.Boxes, w, dx float64) []*chunk {
	var chs []*chunk
	alone := func(items []doc.Box) {
		for _, it := range items {
			bc := l.boxChunks(it, w, dx)
			bc[0].before = boxBefore
			chs = append(chs, bc...)
		}
	}
	if bs.Columns != 2 {
		alone(bs.Items)
		return chs
	}
	cw := (w - boxGap) / 2
	for i := 0; i < len(bs.Items); i += 2 {
		a := l.boxChunks(bs.Items[i], cw, 0)
		var b []*chunk
		if i+1 < len(bs.Items) {
			b = l.boxChunks(bs.Items[i+1], cw, 0)
		}
		ha, hb := stackHeight(a), stackHeight(b)
		rh := max(ha, hb)
		if rh > l.g.height() {
			alone(bs.Items[i:min(i+2, len(bs.Items))])
			continue
		}
		a[len(a)-1].h += rh - ha
		if b != nil {
			b[len(b)-1].h += rh - hb
		}
		chs = append(chs, &chunk{h: rh, before: boxBefore, dx: dx, what: "boxrow", draw: func(c *canvas, x, y float64) {
			stack(c, a, x, y)
			if b != nil {
				stack(c, b, x+cw+boxGap, y)
			}
		}})
	}
	return chs
}

// legend sets the lights and their meanings in a row, wrapping.
func (l *layouter) legend(lg doc.Legend, w, dx float64) []*chunk {
	const size, lead, r = 9, 13, 4.5
	var chs []*chunk
	if lg.Title != "" {
		tl := wrap(l.fs, plain(lg.Title, bold), size, w)
		chs = append(chs, &chunk{h: float64(len(tl))*lead + 1, before: 10, dx: dx, keep: true, what: "legendtitle",
			elem: l.child("P"), draw: func(c *canvas, x, y float64) {
				for _, ln := range tl {
					c.line(x, baseline(y, size, lead), size, colMuted, ln)
					y += lead
				}
			}})
	}
	type item struct {
		x     float64
		light string
		lines []line
	}
	var rows [][]item
	x := 0.0
	const sw, gap = 2*r + 5, 18
	for _, it := range lg.Items {
		lines := wrap(l.fs, plain(it.Text, regular), size, w-sw)
		if len(lines) == 0 {
			lines = []line{{}}
		}
		iw := sw + lines[0].w
		if len(rows) == 0 || len(lines) > 1 || x+iw > w {
			rows = append(rows, nil)
			x = 0
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], item{x, it.Light, lines})
		x += iw + gap
		if len(lines) > 1 {
			x = w // alone on its row
		}
	}
	for k, row := range rows {
		n := 1
		for _, it := range row {
			n = max(n, len(it.lines))
		}
		chs = append(chs, &chunk{h: float64(n)*lead + 2, dx: dx, keep: k < len(rows)-1, what: "legend",
			elem: l.child("P"), draw: func(c *canvas, x, y float64) {
				for _, it := range row {
					fill, border := lightColors(it.light)
					c.circle(x+it.x+r, y+lead/2, r, fill, border)
					for i, ln := range it.lines {
						c.line(x+it.x+sw, baseline(y+float64(i)*lead, size, lead), size, colText, ln)
					}
				}
			}})
	}
	if len(chs) > 0 && lg.Title == "" {
		chs[0].before = 10
	}
	return chs
}
