package pdf_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/salkku/salkku/doc"
	"github.com/salkku/salkku/doc/doctest"
	"github.com/salkku/salkku/doc/pdf"
	"github.com/salkku/salkku/internal/testenv"
)

// swedish is a paragraph with the letters the sample lacks.
const swedish = "Åtgärdsplan för året – “citat” • é — 1 234,50 €"

func sample() *doc.Document {
	d := doctest.Sample()
	d.Blocks = append(d.Blocks, doc.P(swedish))
	return d
}

func write(tb testing.TB, d *doc.Document) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := pdf.Write(&b, d); err != nil {
		tb.Fatalf("Write: %v", err)
	}
	if err := checkStructure(b.Bytes()); err != nil {
		tb.Fatalf("the PDF is malformed: %v", err)
	}
	return b.Bytes()
}

// writeFile writes d's PDF into a temporary directory.
func writeFile(tb testing.TB, d *doc.Document) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, write(tb, d), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

func need(tb testing.TB, tool string) {
	tb.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		testenv.SkipOrFail(tb, tool+" is not installed (poppler-utils)")
	}
}

func run(tb testing.TB, name string, args ...string) string {
	tb.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		tb.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

var (
	objRe       = regexp.MustCompile(`^(\d+) 0 obj\n`)
	startxrefRe = regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n$`)
)

// checkStructure checks what a reader relies on first: the header, the
// end, and a cross-reference table whose every offset points at its
// object.
func checkStructure(b []byte) error {
	if !bytes.HasPrefix(b, []byte("%PDF-1.")) {
		return fmt.Errorf("no %%PDF header")
	}
	m := startxrefRe.FindSubmatch(b)
	if m == nil {
		return fmt.Errorf("no startxref and %%%%EOF at the end")
	}
	xref, _ := strconv.Atoi(string(m[1]))
	if xref >= len(b) || !bytes.HasPrefix(b[xref:], []byte("xref\n0 ")) {
		return fmt.Errorf("startxref %d does not point at the xref table", xref)
	}
	rest := b[xref+len("xref\n0 "):]
	nl := bytes.IndexByte(rest, '\n')
	n, err := strconv.Atoi(string(rest[:nl]))
	if err != nil || n < 2 {
		return fmt.Errorf("bad xref size %q", rest[:nl])
	}
	rest = rest[nl+1:]
	for i := 0; i < n; i++ {
		if len(rest) < 20 {
			return fmt.Errorf("xref table ends at entry %d of %d", i, n)
		}
		e := string(rest[:20])
		rest = rest[20:]
		if i == 0 {
			if e != "0000000000 65535 f \n" {
				return fmt.Errorf("bad first xref entry %q", e)
			}
			continue
		}
		off, err := strconv.Atoi(e[:10])
		if err != nil || e[10:] != " 00000 n \n" {
			return fmt.Errorf("bad xref entry %d: %q", i, e)
		}
		om := objRe.FindSubmatch(b[off:min(off+20, len(b))])
		if om == nil || string(om[1]) != strconv.Itoa(i) {
			return fmt.Errorf("xref entry %d points at %q", i, b[off:min(off+20, len(b))])
		}
	}
	if !bytes.HasPrefix(rest, []byte("trailer\n")) {
		return fmt.Errorf("no trailer after the xref table")
	}
	return nil
}

// inOrder checks that each of want occurs in text, each after the one
// before.
func inOrder(t *testing.T, text string, want []string) {
	t.Helper()
	at := 0
	for _, w := range want {
		i := strings.Index(text[at:], w)
		if i < 0 {
			if strings.Contains(text, w) {
				t.Errorf("%q is out of order", w)
			} else {
				t.Errorf("%q is missing", w)
			}
			continue
		}
		at += i + len(w)
	}
}

func TestText(t *testing.T) {
	need(t, "pdftotext")
	d := sample()
	path := writeFile(t, d)
	text := run(t, "pdftotext", "-enc", "UTF-8", path, "-")
	// The body, after the title page and the contents, its lines joined.
	body := text[strings.Index(text, "\f")+1:]
	body = strings.Join(strings.Fields(body[strings.Index(body, "\f")+1:]), " ")
	var heads []string
	for _, h := range d.Headings(3) {
		heads = append(heads, h.FullText())
	}
	inOrder(t, body, heads)
	inOrder(t, body, []string{
		"Tällä dokumentilla", "päivittämään vähintään puolivuosittain", "• Palvelualakohtaiset kehityshankkeet",
		"Perusinfrastruktuurihankkeet", "Palomuurit ostetaan palveluina DNA Oy:ltä.", "Toimittajat: DNA Oy · Vaihe: Toteutus",
		"Osa-alue 1", "Vastuuhenkilöt:", "Kristiina Taskinen, projektipäällikkö Hanna Mara",
		"Yleistilanne suhteessa hankesuunnitelmaan", "Vihreä", "Hankekoordinaation osalta työt etenee aikataulussa",
		"Keskeiset aikaansaannokset (22.11.2021 mennessä)", "Ohjausryhmät x 5 (HELLÄ:n kanssa yhteinen)",
		"Poikkeamat, ongelmat, riskit", "Keltainen", "Liikennevalot", "Punainen: vaatii ohjausryhmän toimia",
		"Budjetti", "Toteutuma 1.8.2020 – 15.11.2021", "412 275 €", "727 324 €", "Käyttämättä",
		"Kustannukset kuukausittain", "1 866 270,00 €", "Yhteystiedot", "kristiina.taskinen@example.fi", swedish,
	})
	if !strings.Contains(text, "Sivu 1 / ") || !strings.Contains(text, "Naantalin kaupunki · Tulostettu 2.12.2026") {
		t.Error("the footer is missing")
	}
	for _, s := range []string{"ä", "ö", "å", "Å", "€", "–", "—", "“", "”", "•", "é"} {
		if !strings.Contains(text, s) {
			t.Errorf("%q does not come back from the PDF", s)
		}
	}
}

func TestInfo(t *testing.T) {
	need(t, "pdfinfo")
	for _, landscape := range []bool{false, true} {
		t.Run(fmt.Sprintf("Landscape=%v", landscape), func(t *testing.T) {
			d := sample()
			d.Landscape = landscape
			info := run(t, "pdfinfo", writeFile(t, d))
			field := func(name string) string {
				m := regexp.MustCompile(`(?m)^` + name + `:\s+(.*)$`).FindStringSubmatch(info)
				if m == nil {
					t.Fatalf("pdfinfo shows no %s:\n%s", name, info)
				}
				return m[1]
			}
			if got := field("Title"); got != d.Title {
				t.Errorf("Title: got %q, want %q", got, d.Title)
			}
			if got := field("Tagged"); got != "yes" {
				t.Errorf("Tagged: got %q, want yes", got)
			}
			if got := field("Author"); got != d.Organisation {
				t.Errorf("Author: got %q, want %q", got, d.Organisation)
			}
			if got, _ := strconv.Atoi(field("Pages")); got < 2 {
				t.Errorf("Pages: got %d, want more than one", got)
			}
			size := field("Page size")
			if want := "595.28 x 841.89 pts (A4)"; landscape {
				if !strings.HasPrefix(size, "841.89 x 595.28") {
					t.Errorf("Page size: got %q, want A4 landscape", size)
				}
			} else if size != want {
				t.Errorf("Page size: got %q, want %q", size, want)
			}
		})
	}
}

// pages is pdftotext -layout's text, page by page.
func pages(t *testing.T, path string) []string {
	t.Helper()
	ps := strings.Split(run(t, "pdftotext", "-layout", "-enc", "UTF-8", path, "-"), "\f")
	if n := len(ps); n > 0 && strings.TrimSpace(ps[n-1]) == "" {
		ps = ps[:n-1]
	}
	return ps
}

func TestTableHeaderOnEveryPage(t *testing.T) {
	need(t, "pdftotext")
	ps := pages(t, writeFile(t, sample()))
	header := regexp.MustCompile(`Kuukausi\s+Kustannuslaji\s+Toteutunut`)
	row := regexp.MustCompile(`\d+/2021\s+Henkilöstömenot\s+[\d ]+,50 €`)
	spanned := 0
	for i, p := range ps {
		rows := len(row.FindAllString(p, -1))
		if rows == 0 {
			continue
		}
		spanned++
		if got := len(header.FindAllString(p, -1)); got != 1 {
			t.Errorf("page %d has %d rows of the table and its header %d times, want once", i+1, rows, got)
		}
	}
	if spanned < 2 {
		t.Errorf("the table is on %d pages, want it to span at least 2 (the test needs it)", spanned)
	}
}

func TestBoxOnOnePage(t *testing.T) {
	need(t, "pdftotext")
	ps := pages(t, writeFile(t, sample()))
	squash := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	for _, b := range sample().Blocks {
		bs, ok := b.(doc.Boxes)
		if !ok {
			continue
		}
		for _, bx := range bs.Items {
			texts := []string{bx.Title}
			if bx.LightText != "" {
				texts = append(texts, bx.LightText)
			}
			for _, ib := range bx.Blocks {
				if l, ok := ib.(doc.List); ok {
					texts = append(texts, l.Items...)
				}
			}
			on := map[int]bool{}
			for _, s := range texts {
				// In -layout output two boxes side by side share lines, so
				// look for the text's first words.
				words := strings.Fields(s)
				probe := strings.Join(words[:min(2, len(words))], " ")
				for i, p := range ps {
					if strings.Contains(squash(p), probe) {
						on[i+1] = true
					}
				}
			}
			if len(on) != 1 {
				t.Errorf("box %q: its texts are on pages %v, want one page", bx.Title, on)
			}
		}
	}
}

// pdfString decodes a PDF text string as the writer writes them.
func pdfString(s string) string {
	if strings.HasPrefix(s, "(") {
		return strings.NewReplacer(`\(`, "(", `\)`, ")", `\\`, `\`).Replace(s[1 : len(s)-1])
	}
	b, _ := hex.DecodeString(strings.TrimPrefix(s[1:len(s)-1], "FEFF"))
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return string(utf16.Decode(u))
}

func TestOutline(t *testing.T) {
	d := sample()
	b := write(t, d)
	var want []string
	for _, h := range d.Headings(2) {
		want = append(want, h.FullText())
	}
	// Bookmarks are the objects with a /Title and a /Parent.
	var got []string
	for _, m := range regexp.MustCompile(`/Title (<FEFF[0-9A-F]*>|\((?:[^()\\]|\\.)*\)) /Parent`).FindAllSubmatch(b, -1) {
		got = append(got, pdfString(string(m[1])))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("bookmarks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, s := range []string{"/Lang (fi)", "/DisplayDocTitle true", "/PageMode /UseOutlines", "/Producer (Salkku)"} {
		if !bytes.Contains(b, []byte(s)) {
			t.Errorf("no %s in the PDF", s)
		}
	}

	// qpdf, where installed, reads the outline as a reader would.
	if _, err := exec.LookPath("qpdf"); err != nil {
		return
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, "qpdf", "--check", path)
	var js struct {
		Outlines []struct {
			Title string
			Kids  []struct{ Title string }
		}
	}
	if err := json.Unmarshal([]byte(run(t, "qpdf", "--json", "--json-key=outlines", path)), &js); err != nil {
		t.Fatal(err)
	}
	var tree []string
	for _, o := range js.Outlines {
		tree = append(tree, o.Title)
		for _, k := range o.Kids {
			tree = append(tree, "  "+k.Title)
		}
	}
	var wantTree []string
	for _, h := range d.Headings(2) {
		ind := ""
		if h.Level == 2 {
			ind = "  "
		}
		wantTree = append(wantTree, ind+h.FullText())
	}
	if strings.Join(tree, "\n") != strings.Join(wantTree, "\n") {
		t.Errorf("qpdf's outline:\n%s\nwant:\n%s", strings.Join(tree, "\n"), strings.Join(wantTree, "\n"))
	}
}

func TestStructure(t *testing.T) {
	need(t, "pdfinfo")
	d := sample()
	tree := run(t, "pdfinfo", "-struct-text", writeFile(t, d))
	// The headings, as H1–H3 elements with their text, in order.
	var got, want []string
	for _, m := range regexp.MustCompile(`(?m)^\s*(H[1-3])\b.*\n\s*"(.*)"$`).FindAllStringSubmatch(tree, -1) {
		got = append(got, m[1]+" "+m[2])
	}
	for _, h := range d.Headings(3) {
		want = append(want, fmt.Sprintf("H%d %s", h.Level, h.FullText()))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("heading elements:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, s := range []string{"Document", "TOC", "TOCI", "L ", "LI", "Table", "TH", "TD", "Figure", "Div", "P "} {
		if !strings.Contains(tree, s) {
			t.Errorf("no %s element in the structure tree", strings.TrimSpace(s))
		}
	}
	for _, s := range []string{"Naantalin kaupunki · Tulostettu", "Sivu 1 / "} {
		if strings.Contains(tree, s) {
			t.Errorf("the footer (%q) is content, want an artifact", s)
		}
	}
	var alt string
	for _, b := range d.Blocks {
		if c, ok := b.(doc.Chart); ok {
			alt = c.Alt
		}
	}
	m := regexp.MustCompile(`/S /Figure /P \d+ 0 R /Alt (<FEFF[0-9A-F]*>|\((?:[^()\\]|\\.)*\))`).FindSubmatch(write(t, d))
	if m == nil || pdfString(string(m[1])) != alt {
		t.Errorf("the chart's figure has no /Alt %q", alt)
	}
	if got := strings.Count(tree, `"Kuukausi"`); got != 1 {
		t.Errorf("the table's header is content %d times, want once (its repeats are artifacts)", got)
	}
}

// TestRender renders every page to PNG, into SALKKU_KEEP_RENDER when it
// names a directory (to look at them), else into a temporary one.
func TestRender(t *testing.T) {
	need(t, "pdftoppm")
	need(t, "pdfinfo")
	for _, landscape := range []bool{false, true} {
		d := sample()
		d.Landscape = landscape
		dir := os.Getenv("SALKKU_KEEP_RENDER")
		if dir == "" {
			dir = t.TempDir()
		}
		name := "sample"
		if landscape {
			name = "sample-landscape"
		}
		path := filepath.Join(dir, name+".pdf")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, write(t, d), 0o644); err != nil {
			t.Fatal(err)
		}
		glob := filepath.Join(dir, name+"-[0-9]*.png")
		old, _ := filepath.Glob(glob)
		for _, p := range old {
			os.Remove(p)
		}
		run(t, "pdftoppm", "-png", "-r", "60", path, filepath.Join(dir, name))
		n, _ := strconv.Atoi(regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(run(t, "pdfinfo", path))[1])
		pngs, _ := filepath.Glob(glob)
		if len(pngs) != n || n < 2 {
			t.Errorf("%s: %d pages rendered of %d", name, len(pngs), n)
		}
	}
}

// nasty are strings the writer must survive.
var nasty = []string{
	"", " ", "\n\n\n", "\x00\x01\x1f\x7f", "\xff\xfe invalid UTF-8 \xc3", "a\u0308 (decomposed ä)",
	"(unbalanced ) \\ parentheses", "%d %s %!", "🙂 emoji ✓ 中文 עברית", strings.Repeat("pitkä", 400),
	strings.Repeat("sana ", 3000), "\u202e right-to-left override", "endstream endobj %%EOF",
}

// nastyDoc puts s in every text of the sample (of its first blocks when
// short, as the fuzzer wants it: it runs the writer thousands of times).
func nastyDoc(s string, short bool) *doc.Document {
	d := doctest.Sample()
	if short {
		d.Blocks = d.Blocks[:6]
	}
	d.Title, d.Subject, d.Organisation, d.Footer, d.PageLabel = s, s, s, s, s
	d.Blocks = append(d.Blocks,
		doc.Title{Text: s, Subtitle: s, Lines: []string{s}},
		doc.Heading{Level: 1, Text: s}, doc.Heading{Level: 7, Number: s, Text: s},
		doc.Paragraph{Runs: []doc.Run{{Text: s, Bold: true}, {Text: s, Italic: true}}},
		doc.List{Items: []string{s, s}},
		doc.Table{Caption: s, Columns: []doc.Column{{Title: s}, {Title: s, Numeric: true}}, Rows: []doc.Row{{Cells: []string{s, s, s}}, {Cells: nil, Bold: true}}},
		doc.Table{Rows: []doc.Row{{Cells: []string{s}}}},
		doc.Fields{Items: []doc.Field{{Label: s, Value: s}}},
		doc.Boxes{Columns: 2, Items: []doc.Box{{Title: s, Light: s, LightText: s, Blocks: []doc.Block{doc.P(s), doc.Box{Title: s}}}, {Title: s}, {}}},
		doc.Legend{Title: s, Items: []doc.LegendItem{{Light: s, Text: s}, {Light: "red", Text: s}}},
		doc.Chart{Title: s, Categories: []string{s, s}, Series: []doc.Series{{Name: s, Values: []int64{-5, 1 << 62}, Labels: []string{s}}, {Name: s, Values: []int64{1}, Pattern: "hatch"}}},
		doc.Chart{},
		doc.Contents{Title: s},
	)
	return d
}

func TestNastyText(t *testing.T) {
	need(t, "pdftotext")
	for i, s := range nasty {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			path := writeFile(t, nastyDoc(s, false))
			text := run(t, "pdftotext", "-enc", "UTF-8", path, "-")
			if !strings.Contains(text, "Osa-alue 1") {
				t.Error("the sample's text is lost")
			}
		})
	}
}

func TestEmptyDocument(t *testing.T) {
	if b := write(t, &doc.Document{}); !bytes.Contains(b, []byte("/Count 1")) {
		t.Error("an empty document should still have one page")
	}
}

func FuzzWrite(f *testing.F) {
	for _, s := range nasty {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 2000 {
			s = s[:2000]
		}
		write(t, nastyDoc(s, true))
	})
}
