package pdf

import (
	"bytes"
	"fmt"
	"math"
	"strconv"

	"github.com/salkku/salkku/doc"
)

// color is an RGB colour, each part 0–1.
type color [3]float64

// hex reads "RRGGBB"; anything else is black.
func hex(s string) color {
	if len(s) != 6 {
		return color{}
	}
	v, err := strconv.ParseUint(s, 16, 32)
	if err != nil {
		return color{}
	}
	return color{float64(v>>16&0xFF) / 255, float64(v>>8&0xFF) / 255, float64(v&0xFF) / 255}
}

var (
	colText    = hex("1A1A1A")
	colHeading = hex("12355B")
	colMuted   = hex("5B6573")
	colRule    = hex("C5CCD6")
	colShade   = hex("E4EAF1")
	colBand    = hex("EEF2F6")
	colBorder  = hex("8593A6")
	colTotal   = hex("F3F5F8")
	colAccent  = hex("2B5C8A")
	colLight   = hex("DCE6F0")
	colNoLight = hex("9E9E9E")
	white      = color{1, 1, 1}
)

// lightColors is a traffic light's fill and border; an unknown light is
// grey.
func lightColors(light string) (fill, border color) {
	if l, ok := doc.Lights[light]; ok {
		return hex(l.Fill), hex(l.Border)
	}
	return colNoLight, hex("616161")
}

// num writes a number for a content stream: at most two decimals.
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "0"
	}
	s := strconv.FormatFloat(v, 'f', 2, 64)
	for s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	if s == "-0" {
		return "0"
	}
	return s
}

// A link is a rectangle on a page that goes to a heading.
type link struct {
	x, y, w, h float64 // top-down, as the layout measures
	heading    int
}

// canvas is one page's content stream. Its coordinates run from the
// page's top left corner down, as the layout measures; it turns them to
// PDF's bottom-up ones as it writes.
type canvas struct {
	b     bytes.Buffer
	ph    float64
	faces [numStyles]*face
	used  *[numStyles]used
	links []link
	page  int     // 0-based
	marks []*elem // by MCID
}

func (c *canvas) f(format string, args ...any) { fmt.Fprintf(&c.b, format, args...) }

func (c *canvas) fill(col color) { c.f("%s %s %s rg\n", num(col[0]), num(col[1]), num(col[2])) }

func (c *canvas) stroke(col color) { c.f("%s %s %s RG\n", num(col[0]), num(col[1]), num(col[2])) }

// text sets pieces from x on the baseline y.
func (c *canvas) text(x, y, size float64, col color, pieces []piece) {
	if len(pieces) == 0 {
		return
	}
	c.f("BT\n")
	c.fill(col)
	c.f("%s %s Td\n", num(x), num(c.ph-y))
	for _, p := range pieces {
		st := c.styleOf(p.f)
		c.f("/F%d %s Tf <", st, num(size))
		u := c.used[st]
		for _, r := range p.text {
			g := p.f.gid(r)
			if g == 0 {
				g = p.f.missing
				if _, ok := u[g]; !ok {
					u[g] = '?'
				}
			} else if _, ok := u[g]; !ok {
				u[g] = r
			}
			const digits = "0123456789ABCDEF"
			c.b.Write([]byte{digits[g>>12], digits[g>>8&15], digits[g>>4&15], digits[g&15]})
		}
		c.f("> Tj\n")
	}
	c.f("ET\n")
}

// line sets a wrapped line from x on the baseline y.
func (c *canvas) line(x, y, size float64, col color, l line) { c.text(x, y, size, col, l.pieces) }

// str sets s in one style.
func (c *canvas) str(x, y, size float64, col color, st style, s string) {
	f := c.faces[st]
	s = clean(s)
	c.text(x, y, size, col, []piece{{f, s, f.width(s, size)}})
}

func (c *canvas) styleOf(f *face) style {
	for s, g := range c.faces {
		if g == f {
			return style(s)
		}
	}
	return regular
}

func (c *canvas) rect(x, y, w, h float64) {
	c.f("%s %s %s %s re\n", num(x), num(c.ph-y-h), num(w), num(h))
}

func (c *canvas) fillRect(x, y, w, h float64, col color) {
	c.fill(col)
	c.rect(x, y, w, h)
	c.f("f\n")
}

func (c *canvas) strokeRect(x, y, w, h, lw float64, col color) {
	c.stroke(col)
	c.f("%s w\n", num(lw))
	c.rect(x, y, w, h)
	c.f("S\n")
}

// hline rules a horizontal line from x1 to x2 at y.
func (c *canvas) hline(x1, x2, y, lw float64, col color) {
	c.stroke(col)
	c.f("%s w %s %s m %s %s l S\n", num(lw), num(x1), num(c.ph-y), num(x2), num(c.ph-y))
}

// circle draws a filled circle with a border, centred on (cx, cy).
func (c *canvas) circle(cx, cy, r float64, fill, border color) {
	const k = 0.5523
	y := c.ph - cy
	c.fill(fill)
	c.stroke(border)
	c.f("0.8 w\n%s %s m\n", num(cx+r), num(y))
	c.f("%s %s %s %s %s %s c\n", num(cx+r), num(y+k*r), num(cx+k*r), num(y+r), num(cx), num(y+r))
	c.f("%s %s %s %s %s %s c\n", num(cx-k*r), num(y+r), num(cx-r), num(y+k*r), num(cx-r), num(y))
	c.f("%s %s %s %s %s %s c\n", num(cx-r), num(y-k*r), num(cx-k*r), num(y-r), num(cx), num(y-r))
	c.f("%s %s %s %s %s %s c\n", num(cx+k*r), num(y-r), num(cx+r), num(y-k*r), num(cx+r), num(y))
	c.f("b\n")
}

// hatch fills a rectangle with bg and rules diagonal lines in fg across
// it, clipped to the rectangle, so that the pattern and not only the
// colour tells it apart.
func (c *canvas) hatch(x, y, w, h float64, bg, fg color) {
	if w <= 0 || h <= 0 {
		return
	}
	c.fillRect(x, y, w, h, bg)
	c.f("q\n")
	c.rect(x, y, w, h)
	c.f("W n\n")
	c.stroke(fg)
	c.f("1 w\n")
	const step = 4.5
	bottom := c.ph - y - h
	for d := -h; d < w; d += step {
		c.f("%s %s m %s %s l\n", num(x+d), num(bottom), num(x+d+h), num(bottom+h))
	}
	c.f("S\nQ\n")
	c.strokeRect(x, y, w, h, 0.6, fg)
}
