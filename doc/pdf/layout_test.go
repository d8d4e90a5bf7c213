package pdf

import (
	"fmt"
	"strings"
	"testing"

	"github.com/salkku/salkku/doc"
)

func mustFaces(tb testing.TB) [numStyles]*face {
	tb.Helper()
	fs, err := loadFaces()
	if err != nil {
		tb.Fatal(err)
	}
	return fs
}

// laidOut lays d out and lists, page by page, what each chunk is.
func laidOut(tb testing.TB, d *doc.Document) [][]*chunk {
	tb.Helper()
	l := newLayouter(mustFaces(tb), d)
	var out [][]*chunk
	for _, p := range l.layout() {
		var chs []*chunk
		for _, it := range p.items {
			if it.y+it.c.h > l.g.bottom+0.01 && len(p.items) > 1 {
				tb.Errorf("page %d: %s at %.1f+%.1f runs past the bottom %.1f", len(out)+1, it.c.what, it.y, it.c.h, l.g.bottom)
			}
			chs = append(chs, it.c)
		}
		out = append(out, chs)
	}
	return out
}

func TestWrap(t *testing.T) {
	fs := mustFaces(t)
	w := func(s string) float64 { return fs[regular].width(s, 10) }
	for _, tt := range []struct {
		name  string
		text  string
		width float64
		want  []string
	}{
		{"Fits", "aaa bbb", w("aaa bbb"), []string{"aaa bbb"}},
		{"BreaksAtSpace", "aaa bbb ccc", w("aaa bbb"), []string{"aaa bbb", "ccc"}},
		{"JustUnder", "aaa bbb", w("aaa bbb") - 0.1, []string{"aaa", "bbb"}},
		{"SpacesCollapse", "  aaa    bbb  ", w("aaa bbb"), []string{"aaa bbb"}},
		{"LineBreak", "aaa\nbbb", 1000, []string{"aaa", "bbb"}},
		{"BlankLine", "aaa\n\nbbb", 1000, []string{"aaa", "", "bbb"}},
		{"LongWord", "abcdefgh", w("abcd") + 0.1, []string{"abcd", "efgh"}},
		{"LongWordAfterWord", "ab abcdefgh", w("abcd") + 0.1, []string{"ab", "abcd", "efgh"}},
		{"Finnish", "Hankekoordinaation osalta työt etenee", w("Hankekoordinaation osalta"), []string{"Hankekoordinaation osalta", "työt etenee"}},
		{"TabsAndControls", "a\tb\rc\x00d", 1000, []string{"a bcd"}},
		{"Empty", "", 100, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, ln := range wrap(fs, plain(tt.text, regular), 10, tt.width) {
				got = append(got, ln.String())
				if ln.w > tt.width+0.02 && len([]rune(ln.String())) > 1 {
					t.Errorf("line %q is %.2f wide, more than %.2f", ln.String(), ln.w, tt.width)
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestWrapStyles(t *testing.T) {
	fs := mustFaces(t)
	// A word that changes style within it stays one word; each piece
	// keeps its face.
	lines := wrap(fs, []span{{"Toimittajat: ", bold}, {"DNA Oy", regular}, {" HELLÄ", bold}, {":n", regular}}, 10, 1000)
	if len(lines) != 1 {
		t.Fatalf("got %d lines, want 1", len(lines))
	}
	var got []string
	for _, p := range lines[0].pieces {
		got = append(got, fmt.Sprintf("%s=%q", p.f.name, p.text))
	}
	want := `GoBold="Toimittajat: " GoRegular="DNA Oy" GoBold=" HELLÄ" GoRegular=":n"`
	if strings.Join(got, " ") != want {
		t.Errorf("got %s, want %s", strings.Join(got, " "), want)
	}
	narrow := wrap(fs, []span{{"aaa HELLÄ", bold}, {":n", regular}}, 10, fs[bold].width("aaa HELL", 10))
	if len(narrow) != 2 || narrow[1].String() != "HELLÄ:n" {
		t.Errorf("got %v, want the word HELLÄ:n kept whole on line 2", narrow)
	}
}

func TestColWidths(t *testing.T) {
	for _, tt := range []struct {
		name   string
		widths []int
		want   []float64
	}{
		{"Shares", []int{2, 4, 2}, []float64{100, 200, 100}},
		{"AllZero", []int{0, 0, 0, 0}, []float64{100, 100, 100, 100}},
		{"ZeroTakesMean", []int{1, 3, 0}, []float64{100, 300, 200}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cols := make([]doc.Column, len(tt.widths))
			for i, w := range tt.widths {
				cols[i].Width = w
			}
			var total float64
			for _, w := range tt.want {
				total += w
			}
			got := colWidths(cols, total)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// filler is n one-line paragraphs.
func filler(n int) []doc.Block {
	var bs []doc.Block
	for i := 0; i < n; i++ {
		bs = append(bs, doc.P(fmt.Sprintf("Rivi %d", i+1)))
	}
	return bs
}

func pageOf(pages [][]*chunk, c *chunk) int {
	for i, p := range pages {
		for _, x := range p {
			if x == c {
				return i
			}
		}
	}
	return -1
}

func TestKeepWithNext(t *testing.T) {
	para := doc.P(strings.Repeat("Palomuurit ostetaan palveluina DNA Oy:ltä. ", 12))
	moved := 0
	for n := 30; n <= 45; n++ {
		d := &doc.Document{Blocks: append(filler(n), doc.Heading{Level: 2, Number: "2.1", Text: "Palomuuripalvelu"}, para)}
		pages := laidOut(t, d)
		for i, p := range pages {
			last := p[len(p)-1]
			if strings.HasPrefix(last.what, "h") {
				t.Errorf("n=%d: heading alone at the foot of page %d", n, i+1)
			}
			if len(p) > 1 && p[len(p)-1].what == "p" && p[len(p)-2].what == "h2" {
				t.Errorf("n=%d: heading with one line at the foot of page %d", n, i+1)
			}
			if i > 0 && p[0].what == "h2" {
				moved++
			}
		}
	}
	if moved == 0 {
		t.Error("the heading never started a page: the test does not reach the page's foot")
	}
}

func TestBoxMovesWhole(t *testing.T) {
	box := doc.Box{Title: "Poikkeamat, ongelmat, riskit", Light: "yellow", LightText: "Keltainen", Blocks: []doc.Block{
		doc.List{Items: []string{"Korona", "Etätyö", "Lopputyöt 1/2022 (kustannukset Kristiina 20% ja Hanna 100%)", "Neljäs", "Viides"}},
	}}
	moved := 0
	for n := 25; n <= 50; n++ {
		for _, b := range []doc.Block{box, doc.Boxes{Columns: 2, Items: []doc.Box{box, box}}} {
			d := &doc.Document{Blocks: append(filler(n), b)}
			pages := laidOut(t, d)
			seen := map[int]bool{}
			for i, p := range pages {
				for _, c := range p {
					if c.what == "boxtitle" || c.what == "li" || c.what == "boxend" || c.what == "boxrow" {
						seen[i] = true
					}
				}
			}
			if len(seen) != 1 {
				t.Errorf("n=%d %T: the box is on pages %v, want one", n, b, seen)
			}
			if seen[1] {
				moved++
			}
		}
	}
	if moved == 0 {
		t.Error("the box never moved to the next page: the test does not reach the page's foot")
	}
}

func TestTallBoxSplits(t *testing.T) {
	var items []string
	for i := 0; i < 120; i++ {
		items = append(items, fmt.Sprintf("Kohta %d", i+1))
	}
	box := doc.Box{Title: "Pitkä", Blocks: []doc.Block{doc.List{Items: items}}}
	for _, b := range []doc.Block{box, doc.Boxes{Columns: 2, Items: []doc.Box{box, {Title: "Lyhyt"}}}} {
		pages := laidOut(t, &doc.Document{Blocks: []doc.Block{b}})
		if len(pages) < 2 {
			t.Fatalf("%T: got %d pages, want the box split over several", b, len(pages))
		}
		for i, p := range pages {
			for _, c := range p {
				if c.what == "li" && len(c.frames) == 0 {
					t.Errorf("%T: page %d: a line of the box outside its frame", b, i+1)
				}
			}
		}
	}
}

func TestTableHeaderRepeats(t *testing.T) {
	tb := doc.Table{Caption: "Kustannukset", Columns: []doc.Column{{Title: "Kuukausi"}, {Title: "Summa", Numeric: true}}}
	for i := 0; i < 150; i++ {
		tb.Rows = append(tb.Rows, doc.Row{Cells: []string{fmt.Sprintf("%d/2021", i%12+1), "1 234,50 €"}})
	}
	for n := 0; n < 60; n += 7 {
		pages := laidOut(t, &doc.Document{Blocks: append(filler(n), tb)})
		rowPages := 0
		for i, p := range pages {
			first := -1
			for k, c := range p {
				if c.what == "row" && first < 0 {
					first = k
				}
			}
			if first < 0 {
				continue
			}
			rowPages++
			if first == 0 || p[first-1].what != "header" {
				t.Errorf("n=%d: page %d: rows without the header above them", n, i+1)
			}
			if p[len(p)-1].what == "header" || p[len(p)-1].what == "caption" {
				t.Errorf("n=%d: page %d ends with the table's %s", n, i+1, p[len(p)-1].what)
			}
		}
		if rowPages < 3 {
			t.Errorf("n=%d: rows on %d pages, want at least 3", n, rowPages)
		}
	}
}

func TestPageBreaks(t *testing.T) {
	d := &doc.Document{Blocks: []doc.Block{
		doc.PageBreak{}, // on an empty page: nothing
		doc.P("yksi"),
		doc.Heading{Level: 1, Text: "Kaksi", PageBreak: true},
		doc.P("kaksi"),
		doc.PageBreak{},
		doc.PageBreak{}, // twice: still one page
		doc.P("kolme"),
	}}
	if got := len(laidOut(t, d)); got != 3 {
		t.Errorf("got %d pages, want 3", got)
	}
}

func TestBuildOutline(t *testing.T) {
	hs := []doc.Heading{
		{Level: 2, Text: "Before any chapter"},
		{Level: 1, Number: "1.", Text: "Yksi"},
		{Level: 2, Number: "1.1", Text: "Yksi yksi"},
		{Level: 3, Number: "1.1.1", Text: "Not in the outline"},
		{Level: 2, Number: "1.2", Text: "Yksi kaksi"},
		{Level: 1, Number: "2.", Text: "Kaksi"},
	}
	var heads []head
	for i, h := range hs {
		heads = append(heads, head{h: h, page: i})
	}
	var b strings.Builder
	var dump func(items []*outlineItem, depth int)
	dump = func(items []*outlineItem, depth int) {
		for _, it := range items {
			fmt.Fprintf(&b, "%s%s@%d\n", strings.Repeat("  ", depth), it.title, it.page)
			dump(it.kids, depth+1)
		}
	}
	dump(buildOutline(heads), 0)
	want := "Before any chapter@0\n1. Yksi@1\n  1.1 Yksi yksi@2\n  1.2 Yksi kaksi@4\n2. Kaksi@5\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestBarWidths(t *testing.T) {
	ch := doc.Chart{Categories: []string{"a", "b", "c"}, Series: []doc.Series{
		{Values: []int64{30, 10, -5}},
		{Values: []int64{10, 10}, Pattern: "hatch"},
	}}
	for _, tt := range []struct {
		name string
		full bool
		want string
	}{
		{"OneScale", false, "[[75 25] [25 25] [0 0]]"},
		{"Full", true, "[[75 25] [50 50] [0 0]]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ch.Full = tt.full
			if got := fmt.Sprint(barWidths(ch, 100)); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}
