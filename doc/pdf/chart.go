package pdf

import "github.com/salkku/salkku/doc"

// seriesColors are the series' colours in order: a solid series is
// filled with its colour, a hatched one ruled with it on a pale ground.
var seriesColors = []color{hex("2B5C8A"), hex("6B7886"), hex("C77C02"), hex("6A4C93"), hex("2E7D32")}

func seriesColor(i int) color { return seriesColors[i%len(seriesColors)] }

// pale mixes c with white.
func pale(c color) color {
	return color{0.8 + 0.2*c[0], 0.8 + 0.2*c[1], 0.8 + 0.2*c[2]}
}

// drawSwatch draws a series' part of a bar: solid or hatched.
func drawSwatch(c *canvas, s doc.Series, i int, x, y, w, h float64) {
	col := seriesColor(i)
	if s.Pattern == "hatch" {
		c.hatch(x, y, w, h, pale(col), col)
	} else {
		c.fillRect(x, y, w, h, col)
	}
}

// barWidths is how wide each series' part of each category's bar is
// (by category, then series) when the longest bar, or with Full every
// bar, is w wide. Negative values count as zero.
func barWidths(ch doc.Chart, w float64) [][]float64 {
	value := func(s doc.Series, k int) float64 {
		if k < len(s.Values) && s.Values[k] > 0 {
			return float64(s.Values[k])
		}
		return 0
	}
	totals := make([]float64, len(ch.Categories))
	var maxTotal float64
	for k := range ch.Categories {
		for _, s := range ch.Series {
			totals[k] += value(s, k)
		}
		maxTotal = max(maxTotal, totals[k])
	}
	out := make([][]float64, len(ch.Categories))
	for k := range ch.Categories {
		total := maxTotal
		if ch.Full {
			total = totals[k]
		}
		out[k] = make([]float64, len(ch.Series))
		for i, s := range ch.Series {
			if total > 0 {
				out[k][i] = value(s, k) / total * w
			}
		}
	}
	return out
}

// chart draws horizontal stacked bars to one scale (or each the whole
// width, when Full), a bar per category,
// each part's printed value under it, then a legend of the series.
func (l *layouter) chart(ch doc.Chart, w, dx float64) []*chunk {
	const (
		size, lead = 9, 12
		barH       = 16
		valSize    = 8
	)
	var chs []*chunk
	fig := l.child("Figure")
	fig.alt = ch.Alt
	if fig.alt == "" {
		fig.alt = ch.Title
	}
	if ch.Title != "" {
		tl := wrap(l.fs, plain(ch.Title, bold), 10.5, w)
		chs = append(chs, &chunk{h: float64(len(tl))*15 + 4, before: 12, dx: dx, keep: true, what: "charttitle",
			draw: func(c *canvas, x, y float64) {
				for _, ln := range tl {
					c.line(x, baseline(y, 10.5, 15), 10.5, colText, ln)
					y += 15
				}
			}})
	}
	lw := 0.0
	for _, cat := range ch.Categories {
		lw = max(lw, l.fs[regular].width(clean(cat), size))
	}
	lw = min(lw+10, w*0.3)
	bars := barWidths(ch, w-lw-8)
	for k, cat := range ch.Categories {
		cl := wrap(l.fs, plain(cat, regular), size, lw-10)
		h := max(float64(len(cl))*lead, barH+3+11) + 6
		chs = append(chs, &chunk{h: h, dx: dx, keep: true, what: "bar", draw: func(c *canvas, x, y float64) {
			for i, ln := range cl {
				c.line(x, baseline(y+2+float64(i)*lead, size, lead), size, colText, ln)
			}
			bx, by := x+lw, y+2
			prevEnd := -1e9
			for i, s := range ch.Series {
				sw := bars[k][i]
				if sw > 0 {
					drawSwatch(c, s, i, bx, by, sw, barH)
				}
				if k < len(s.Labels) && s.Labels[k] != "" {
					txt := clean(s.Labels[k])
					tw := l.fs[regular].width(txt, valSize)
					tx := max(bx, prevEnd+8)
					tx = min(tx, x+w-tw)
					c.str(tx, by+barH+10, valSize, colText, regular, txt)
					prevEnd = tx + tw
				}
				bx += sw
			}
		}})
	}
	// The legend: a swatch and the name of each series.
	var rows [][]float64 // x of each series' swatch, by row
	var rowOf []int
	x := 0.0
	for _, s := range ch.Series {
		iw := 12 + 5 + l.fs[regular].width(clean(s.Name), size)
		if len(rows) == 0 || (x > 0 && x+iw > w) {
			rows = append(rows, nil)
			x = 0
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], x)
		rowOf = append(rowOf, len(rows)-1)
		x += iw + 18
	}
	if len(rows) > 0 {
		chs = append(chs, &chunk{h: float64(len(rows))*lead + 4, before: 2, dx: dx, what: "chartlegend", draw: func(c *canvas, x, y float64) {
			seen := make([]int, len(rows))
			for i, s := range ch.Series {
				r := rowOf[i]
				sx := x + rows[r][seen[r]]
				seen[r]++
				ry := y + float64(r)*lead
				drawSwatch(c, s, i, sx, ry+1.5, 12, 9)
				c.str(sx+17, baseline(ry, size, lead), size, colText, regular, s.Name)
			}
		}})
	} else if n := len(chs); n > 0 {
		chs[n-1].keep = false
	}
	return tag(chs, fig)
}
