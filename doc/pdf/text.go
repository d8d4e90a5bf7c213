package pdf

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// A span is a stretch of text in one style, before wrapping.
type span struct {
	text string
	st   style
}

// A piece is text in one face on a line; pieces follow each other.
type piece struct {
	f    *face
	text string
	w    float64
}

// A line is one wrapped line of text; w is its width in points.
type line struct {
	pieces []piece
	w      float64
}

func (l *line) add(p piece) {
	if n := len(l.pieces); n > 0 && l.pieces[n-1].f == p.f {
		l.pieces[n-1].text += p.text
		l.pieces[n-1].w += p.w
	} else {
		l.pieces = append(l.pieces, p)
	}
	l.w += p.w
}

// String is the line's text (for tests).
func (l line) String() string {
	var b strings.Builder
	for _, p := range l.pieces {
		b.WriteString(p.text)
	}
	return b.String()
}

// clean makes text printable: composed (NFC), tabs as spaces, carriage
// returns and other control characters dropped, "\n" kept.
func clean(s string) string {
	s = norm.NFC.String(strings.ToValidUTF8(s, "\uFFFD"))
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t' || r == '\u00A0' || r == '\u2028' || r == '\u2029':
			return ' '
		case r < 0x20 || (r >= 0x7F && r < 0xA0) || r == '\u00AD' || r == '\uFEFF' || r == '\u200B':
			return -1
		}
		return r
	}, s)
}

type tokKind int

const (
	tokWord tokKind = iota
	tokSpace
	tokBreak
)

type token struct {
	kind   tokKind
	pieces []piece // a word may change style within it ("HELLÄ:n")
	w      float64
}

// tokenize splits spans into words, spaces and line breaks; a word runs
// on across spans until a space.
func tokenize(fs [numStyles]*face, spans []span, size float64) []token {
	var toks []token
	for _, sp := range spans {
		f := fs[sp.st]
		for _, r := range clean(sp.text) {
			switch r {
			case '\n':
				toks = append(toks, token{kind: tokBreak})
			case ' ':
				if n := len(toks); n > 0 && toks[n-1].kind == tokSpace {
					continue
				}
				w := f.width(" ", size)
				toks = append(toks, token{kind: tokSpace, pieces: []piece{{f, " ", w}}, w: w})
			default:
				w := f.width(string(r), size)
				n := len(toks)
				if n == 0 || toks[n-1].kind != tokWord {
					toks = append(toks, token{kind: tokWord})
					n++
				}
				t := &toks[n-1]
				if m := len(t.pieces); m > 0 && t.pieces[m-1].f == f {
					t.pieces[m-1].text += string(r)
					t.pieces[m-1].w += w
				} else {
					t.pieces = append(t.pieces, piece{f, string(r), w})
				}
				t.w += w
			}
		}
	}
	return toks
}

// wrap breaks spans into lines no wider than width at size points:
// greedily at spaces, at "\n", and within a word only when the word alone
// is wider than the line.
func wrap(fs [numStyles]*face, spans []span, size, width float64) []line {
	width += 0.01 // what was measured to fit fits, rounding aside
	var lines []line
	var cur line
	var space *piece
	flush := func() {
		lines = append(lines, cur)
		cur, space = line{}, nil
	}
	for _, t := range tokenize(fs, spans, size) {
		switch t.kind {
		case tokBreak:
			flush()
		case tokSpace:
			if len(cur.pieces) > 0 {
				p := t.pieces[0]
				space = &p
			}
		case tokWord:
			sw := 0.0
			if space != nil {
				sw = space.w
			}
			if len(cur.pieces) > 0 && cur.w+sw+t.w > width {
				flush()
				sw = 0
			}
			if len(cur.pieces) == 0 && t.w > width {
				// A word wider than the line: break it between letters.
				for _, p := range t.pieces {
					for _, r := range p.text {
						rw := p.f.width(string(r), size)
						if len(cur.pieces) > 0 && cur.w+rw > width {
							flush()
						}
						cur.add(piece{p.f, string(r), rw})
					}
				}
				continue
			}
			if space != nil && len(cur.pieces) > 0 {
				cur.add(*space)
			}
			space = nil
			for _, p := range t.pieces {
				cur.add(p)
			}
		}
	}
	if len(cur.pieces) > 0 {
		flush()
	}
	return lines
}
