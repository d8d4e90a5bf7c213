package pdf

import "github.com/salkku/salkku/doc"

// shortTable is the most rows a table has that is kept on one page.
const shortTable = 15

// colWidths shares w among the columns by their Width; a column of
// width zero gets the mean of the others' (all zero: equal shares).
func colWidths(cols []doc.Column, w float64) []float64 {
	var sum, n float64
	for _, c := range cols {
		if c.Width > 0 {
			sum += float64(c.Width)
			n++
		}
	}
	mean := 1.0
	if n > 0 {
		mean = sum / n
	}
	shares := make([]float64, len(cols))
	var total float64
	for i, c := range cols {
		shares[i] = mean
		if c.Width > 0 {
			shares[i] = float64(c.Width)
		}
		total += shares[i]
	}
	for i := range shares {
		shares[i] = shares[i] / total * w
	}
	return shares
}

const cellPadX, cellPadY = 4, 3

// table lays out a caption, a header row that keeps with the first row
// and repeats at the top of each page the table runs onto, and rows
// that are never split (unless one alone is taller than a page).
func (l *layouter) table(t doc.Table, w, dx float64) []*chunk {
	cols := t.Columns
	if len(cols) == 0 {
		n := 0
		for _, r := range t.Rows {
			n = max(n, len(r.Cells))
		}
		cols = make([]doc.Column, n)
	}
	var chs []*chunk
	te := l.child("Table")
	sub := func(parent *elem, tag string) *elem {
		e := &elem{tag: tag, parent: parent}
		parent.kids = append(parent.kids, e)
		return e
	}
	if t.Caption != "" {
		cl := wrap(l.fs, plain(t.Caption, bold), 9.5, w)
		chs = append(chs, &chunk{h: float64(len(cl))*13 + 3, before: 10, dx: dx, keep: true, what: "caption",
			elem: sub(te, "Caption"), draw: func(c *canvas, x, y float64) {
				for _, ln := range cl {
					c.line(x, baseline(y, 9.5, 13), 9.5, colText, ln)
					y += 13
				}
			}})
	}
	if len(cols) == 0 {
		return chs
	}
	ws := colWidths(cols, w)
	cells := func(texts []string, st style) [][]line {
		out := make([][]line, len(cols))
		for j := range cols {
			if j < len(texts) {
				out[j] = wrap(l.fs, plain(texts[j], st), cellSize, ws[j]-2*cellPadX)
			}
		}
		return out
	}
	// row makes the chunks of a row: one, or slices of its lines when it
	// alone is taller than a page.
	type kind int
	const (
		header kind = iota
		body
		total
	)
	maxLines := max(int((l.g.height()*0.8-2*cellPadY)/cellLead), 1)
	// The row's cells are marked as its cells' elements (none for a
	// repeated header), its shading and rules as artifacts.
	row := func(cl [][]line, k kind, tr *elem) []*chunk {
		var cellElems []*elem
		if tr != nil {
			tag := "TD"
			if k == header {
				tag = "TH"
			}
			for range cl {
				cellElems = append(cellElems, sub(tr, tag))
			}
		}
		n := 1
		for _, c := range cl {
			n = max(n, len(c))
		}
		var out []*chunk
		for from := 0; from < n; from += maxLines {
			from, to := from, min(from+maxLines, n)
			h := float64(to-from)*cellLead + 2*cellPadY
			out = append(out, &chunk{h: h, dx: dx, keep: to < n, what: "row", draw: func(c *canvas, x, y float64) {
				c.artifact(func() {
					switch k {
					case header:
						c.fillRect(x, y, w, h, colShade)
						c.hline(x, x+w, y+h, 0.9, colHeading)
					case total:
						c.fillRect(x, y, w, h, colTotal)
						c.hline(x, x+w, y, 0.9, colMuted)
						c.hline(x, x+w, y+h, 0.4, colRule)
					default:
						c.hline(x, x+w, y+h, 0.4, colRule)
					}
				})
				cx := x
				for j, lines := range cl {
					var e *elem
					if cellElems != nil {
						e = cellElems[j]
					}
					c.mark(e, func() {
						for i := from; i < to && i < len(lines); i++ {
							ln := lines[i]
							lx := cx + cellPadX
							if cols[j].Numeric {
								lx = cx + ws[j] - cellPadX - ln.w
							}
							c.line(lx, baseline(y+cellPadY+float64(i-from)*cellLead, cellSize, cellLead), cellSize, colText, ln)
						}
					})
					cx += ws[j]
				}
			}})
		}
		return out
	}
	titles := make([]string, len(cols))
	for j, c := range cols {
		titles[j] = c.Title
	}
	hcells := cells(titles, bold)
	hdr := row(hcells, header, sub(te, "TR"))
	for _, h := range hdr {
		h.keep = true
		h.what = "header"
	}
	if t.Caption == "" {
		hdr[0].before = 10
	}
	chs = append(chs, hdr...)
	// The header repeats when it is one chunk (a header taller than a
	// page does not).
	var rep *chunk
	if len(hdr) == 1 {
		rep = row(hcells, header, nil)[0]
		rep.artifact, rep.what = true, "header"
	}
	// A short table is kept on one page where it fits, as doc/html and
	// doc/docx keep it: each row keeps with the next.
	short := len(t.Rows) <= shortTable
	for i, r := range t.Rows {
		k, st := body, regular
		if r.Bold {
			k, st = total, bold
		}
		for _, c := range row(cells(r.Cells, st), k, sub(te, "TR")) {
			c.repeat = rep
			c.keep = c.keep || (short && i < len(t.Rows)-1)
			chs = append(chs, c)
		}
	}
	return chs
}
