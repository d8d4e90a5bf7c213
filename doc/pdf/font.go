package pdf

import (
	"fmt"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// A face is one of the embedded TrueType fonts, read once: its glyphs'
// advances and the metrics its PDF font descriptor needs, all in
// thousandths of an em (PDF's glyph space).
type face struct {
	name string // PDF BaseFont
	ttf  []byte
	sf   *sfnt.Font

	adv             []float64 // by glyph id
	ascent, descent float64   // descent is negative, as PDF wants it
	capHeight       float64
	bbox            [4]float64 // llx lly urx ury
	italic, bold    bool
	missing         uint16 // glyph id drawn for runes the font lacks ('?')

	mu       sync.Mutex
	gidCache map[rune]uint16
	sfntBuf  sfnt.Buffer

	zOnce sync.Once
	z     []byte // the font file compressed, made once
	zErr  error
}

// compressed is the font file compressed for its FontFile2 stream.
func (f *face) compressed() ([]byte, error) {
	f.zOnce.Do(func() { f.z, f.zErr = deflate(f.ttf) })
	return f.z, f.zErr
}

// The style of a stretch of text; bold italic is drawn bold.
type style int

const (
	regular style = iota
	bold
	italic
	numStyles
)

var (
	facesOnce sync.Once
	faces     [numStyles]*face
	facesErr  error
)

// loadFaces parses the Go fonts once for the process.
func loadFaces() ([numStyles]*face, error) {
	facesOnce.Do(func() {
		srcs := [numStyles]struct {
			name string
			ttf  []byte
		}{
			regular: {"GoRegular", goregular.TTF},
			bold:    {"GoBold", gobold.TTF},
			italic:  {"GoItalic", goitalic.TTF},
		}
		for s, src := range srcs {
			f, err := newFace(src.name, src.ttf)
			if err != nil {
				facesErr = fmt.Errorf("pdf: font %s: %w", src.name, err)
				return
			}
			f.bold = style(s) == bold
			f.italic = style(s) == italic
			faces[s] = f
		}
	})
	return faces, facesErr
}

func newFace(name string, ttf []byte) (*face, error) {
	sf, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, err
	}
	f := &face{name: name, ttf: ttf, sf: sf, gidCache: map[rune]uint16{}}
	var b sfnt.Buffer
	ppem := fixed.I(1000)
	n := sf.NumGlyphs()
	f.adv = make([]float64, n)
	for g := 0; g < n; g++ {
		a, err := sf.GlyphAdvance(&b, sfnt.GlyphIndex(g), ppem, font.HintingNone)
		if err != nil {
			return nil, fmt.Errorf("advance of glyph %d: %w", g, err)
		}
		f.adv[g] = float64(a) / 64
	}
	m, err := sf.Metrics(&b, ppem, font.HintingNone)
	if err != nil {
		return nil, err
	}
	f.ascent = float64(m.Ascent) / 64
	f.descent = -float64(m.Descent) / 64
	f.capHeight = float64(m.CapHeight) / 64
	bounds, err := sf.Bounds(&b, ppem, font.HintingNone)
	if err != nil {
		return nil, err
	}
	// sfnt's Y axis points down; PDF's up.
	f.bbox = [4]float64{float64(bounds.Min.X) / 64, -float64(bounds.Max.Y) / 64, float64(bounds.Max.X) / 64, -float64(bounds.Min.Y) / 64}
	if g, _ := sf.GlyphIndex(&b, '?'); g != 0 {
		f.missing = uint16(g)
	}
	return f, nil
}

// gid maps a rune to its glyph id; runes the font lacks map to 0.
func (f *face) gid(r rune) uint16 {
	f.mu.Lock()
	defer f.mu.Unlock()
	if g, ok := f.gidCache[r]; ok {
		return g
	}
	g, err := f.sf.GlyphIndex(&f.sfntBuf, r)
	if err != nil {
		g = 0
	}
	f.gidCache[r] = uint16(g)
	return uint16(g)
}

// glyph is the glyph drawn for r: its own, or '?' when the font has none.
func (f *face) glyph(r rune) uint16 {
	if g := f.gid(r); g != 0 {
		return g
	}
	return f.missing
}

// width is the advance of s set at size points, in points.
func (f *face) width(s string, size float64) float64 {
	var w float64
	for _, r := range s {
		w += f.adv[f.glyph(r)]
	}
	return w * size / 1000
}

// used records, per face, the glyphs a document draws and the text each
// stands for, for the W array and the ToUnicode CMap.
type used map[uint16]rune
