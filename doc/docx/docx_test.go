package docx_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/salkku/salkku/doc"
	"github.com/salkku/salkku/doc/doctest"
	"github.com/salkku/salkku/doc/docx"
)

// write writes d and reads back every part of the package.
func write(tb testing.TB, d *doc.Document) ([]byte, map[string][]byte) {
	tb.Helper()
	var buf bytes.Buffer
	if err := docx.Write(&buf, d); err != nil {
		tb.Fatalf("Write: %v", err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		tb.Fatalf("zip: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			tb.Fatalf("%s: %v", f.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			tb.Fatalf("%s: %v", f.Name, err)
		}
		if _, dup := out[f.Name]; dup {
			tb.Fatalf("part %s twice", f.Name)
		}
		out[f.Name] = b
	}
	return buf.Bytes(), out
}

// wellFormed parses b to its end.
func wellFormed(b []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// node is an element of a part, parsed generically.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []*node    `xml:",any"`
	Text    string     `xml:",chardata"`
}

func parse(tb testing.TB, b []byte) *node {
	tb.Helper()
	var n node
	if err := xml.Unmarshal(b, &n); err != nil {
		tb.Fatalf("parse: %v", err)
	}
	return &n
}

// attr is the value of the attribute of local name name.
func (n *node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// all is every element of local name name under n, in document order.
func (n *node) all(name string) []*node {
	var out []*node
	var walk func(*node)
	walk = func(m *node) {
		for _, c := range m.Nodes {
			if c.XMLName.Local == name {
				out = append(out, c)
			}
			walk(c)
		}
	}
	walk(n)
	return out
}

func (n *node) first(name string) *node {
	if all := n.all(name); len(all) > 0 {
		return all[0]
	}
	return nil
}

// text is the text of the w:t elements under n.
func (n *node) text() string {
	var b strings.Builder
	for _, t := range n.all("t") {
		b.WriteString(t.Text)
	}
	return b.String()
}

func TestWrite(t *testing.T) {
	d := doctest.Sample()
	_, ps := write(t, d)

	t.Run("WellFormed", func(t *testing.T) {
		for name, b := range ps {
			if err := wellFormed(b); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	})

	t.Run("ContentTypes", func(t *testing.T) {
		ct := parse(t, ps["[Content_Types].xml"])
		defaults, overrides := map[string]bool{}, map[string]bool{}
		for _, n := range ct.all("Default") {
			defaults[n.attr("Extension")] = true
		}
		for _, n := range ct.all("Override") {
			name := strings.TrimPrefix(n.attr("PartName"), "/")
			if _, ok := ps[name]; !ok {
				t.Errorf("content type for %s, which is not in the package", name)
			}
			overrides[name] = true
		}
		for name := range ps {
			if name == "[Content_Types].xml" {
				continue
			}
			if !overrides[name] && !defaults[strings.TrimPrefix(path.Ext(name), ".")] {
				t.Errorf("part %s has no content type", name)
			}
			if !strings.HasSuffix(name, ".rels") && !overrides[name] {
				t.Errorf("part %s has only the default application/xml", name)
			}
		}
	})

	t.Run("Relationships", func(t *testing.T) {
		for name, b := range ps {
			if !strings.HasSuffix(name, ".rels") {
				continue
			}
			base := path.Dir(path.Dir(name)) // word/_rels/x.rels → word
			for _, r := range parse(t, b).all("Relationship") {
				target := path.Join(base, r.attr("Target"))
				if _, ok := ps[target]; !ok {
					t.Errorf("%s: %s points at %s, not in the package", name, r.attr("Id"), target)
				}
			}
		}
	})

	body := parse(t, ps["word/document.xml"])
	paras := body.all("p")
	style := func(p *node) string {
		if s := p.first("pStyle"); s != nil {
			return s.attr("val")
		}
		return ""
	}

	t.Run("Headings", func(t *testing.T) {
		var got []string
		for _, p := range paras {
			if s := style(p); strings.HasPrefix(s, "Heading") {
				got = append(got, s+" "+p.text())
			}
		}
		var want []string
		for _, h := range d.Headings(3) {
			want = append(want, "Heading"+strconv.Itoa(h.Level)+" "+h.FullText())
		}
		if !slices.Equal(got, want) {
			t.Errorf("headings:\n got %q\nwant %q", got, want)
		}
		styles := parse(t, ps["word/styles.xml"])
		for i, id := range []string{"Heading1", "Heading2", "Heading3"} {
			var st *node
			for _, n := range styles.all("style") {
				if n.attr("styleId") == id {
					st = n
				}
			}
			if st == nil {
				t.Errorf("styles.xml: no %s", id)
				continue
			}
			if o := st.first("outlineLvl"); o == nil || o.attr("val") != strconv.Itoa(i) {
				t.Errorf("%s: outline level not %d", id, i)
			}
			if st.first("keepNext") == nil {
				t.Errorf("%s: no keepNext", id)
			}
		}
	})

	t.Run("PageBreakBefore", func(t *testing.T) {
		for _, p := range paras {
			if p.text() == "Osa-alue 1" && style(p) == "Heading1" && p.first("pageBreakBefore") == nil {
				t.Error("heading Osa-alue 1 (PageBreak) has no pageBreakBefore")
			}
		}
	})

	t.Run("Contents", func(t *testing.T) {
		instr := ""
		for _, n := range body.all("instrText") {
			instr += n.Text
		}
		if !strings.Contains(instr, `TOC \o "1-2" \h \z \u`) {
			t.Errorf("no TOC field, instructions %q", instr)
		}
		var entries []string
		for _, p := range paras {
			if s := style(p); s == "TOC1" || s == "TOC2" {
				entries = append(entries, p.text())
			}
		}
		var want []string
		for _, h := range d.Headings(2) {
			want = append(want, h.FullText())
		}
		if !slices.Equal(entries, want) {
			t.Errorf("contents:\n got %q\nwant %q", entries, want)
		}
		var kinds []string
		for _, f := range body.all("fldChar") {
			kinds = append(kinds, f.attr("fldCharType"))
		}
		if !slices.Equal(kinds, []string{"begin", "separate", "end"}) {
			t.Errorf("field characters %q", kinds)
		}
		settings := parse(t, ps["word/settings.xml"])
		if u := settings.first("updateFields"); u == nil || u.attr("val") != "true" {
			t.Error("settings: no updateFields")
		}
	})

	t.Run("Table", func(t *testing.T) {
		var tbl *node
		for _, n := range body.all("tbl") {
			if c := n.first("tblCaption"); c != nil && c.attr("val") == "Kustannukset kuukausittain" {
				tbl = n
			}
		}
		if tbl == nil {
			t.Fatal("no table captioned Kustannukset kuukausittain")
		}
		rows := tbl.all("tr")
		if got, want := len(rows), 1+61; got != want {
			t.Fatalf("rows: got %d, want %d", got, want)
		}
		if rows[0].first("tblHeader") == nil {
			t.Error("first row has no tblHeader")
		}
		for i, r := range rows {
			if r.first("cantSplit") == nil {
				t.Errorf("row %d has no cantSplit", i)
			}
			if i > 0 && r.first("tblHeader") != nil {
				t.Errorf("row %d repeats as a header", i)
			}
		}
		var grid []string
		for _, g := range tbl.all("gridCol") {
			grid = append(grid, g.attr("w"))
		}
		if !slices.Equal(grid, []string{"2409", "4819", "2410"}) {
			t.Errorf("column widths %q, want shares 2:4:2 of 9638", grid)
		}
		for _, r := range rows {
			cells := r.all("tc")
			if jc := cells[2].first("jc"); jc == nil || jc.attr("val") != "right" {
				t.Errorf("numeric cell %q not right-aligned", cells[2].text())
			}
			if jc := cells[0].first("jc"); jc != nil {
				t.Errorf("text cell %q aligned %s", cells[0].text(), jc.attr("val"))
			}
		}
		if total := rows[len(rows)-1]; total.first("b") == nil {
			t.Error("total row not bold")
		}
		for _, p := range paras {
			if p.text() == "Kustannukset kuukausittain" && (style(p) != "Caption" || p.first("keepNext") == nil) {
				t.Errorf("caption: style %q, not kept with the table", style(p))
			}
		}
	})

	t.Run("Boxes", func(t *testing.T) {
		var box *node
		for _, n := range body.all("tbl") {
			if strings.Contains(n.text(), "Vielä tehtävänä") {
				box = n
			}
		}
		if box == nil {
			t.Fatal("no table of boxes")
		}
		for _, r := range box.all("tr") {
			if r.first("cantSplit") == nil {
				t.Error("a row of boxes without cantSplit")
			}
		}
		for _, s := range []string{"Vihreä", "Keltainen"} {
			if !strings.Contains(box.text(), s) {
				t.Errorf("light %s not in words", s)
			}
		}
		fills := map[string]bool{}
		for _, s := range box.all("shd") {
			fills[s.attr("fill")] = true
		}
		if !fills[doc.Lights["green"].Fill] || !fills[doc.Lights["yellow"].Fill] {
			t.Errorf("lights not coloured: fills %v", fills)
		}
		for _, p := range box.all("p") {
			if p.text() != "" && p.first("keepNext") == nil {
				t.Errorf("paragraph %q of a box not kept with the next", p.text())
			}
		}
		if box.first("tblHeader") != nil {
			t.Error("a row of boxes repeats as a header")
		}
	})

	t.Run("List", func(t *testing.T) {
		n := 0
		for _, p := range paras {
			if p.first("numPr") != nil && p.text() == "Perusinfrastruktuurihankkeet" {
				n++
			}
		}
		if n != 1 {
			t.Errorf("bulleted items Perusinfrastruktuurihankkeet: %d", n)
		}
		if !bytes.Contains(ps["word/numbering.xml"], []byte(`w:numFmt w:val="bullet"`)) {
			t.Error("numbering.xml: no bullets")
		}
	})

	t.Run("LineBreak", func(t *testing.T) {
		for _, p := range paras {
			if strings.HasPrefix(p.text(), "Kristiina Taskinen, projektipäällikkö") && strings.Contains(p.text(), "example.fi") {
				if p.first("br") == nil {
					t.Error(`"\n" not a line break`)
				}
				return
			}
		}
		t.Error("no contact paragraph")
	})

	t.Run("Footer", func(t *testing.T) {
		f := parse(t, ps["word/footer1.xml"])
		var instr []string
		for _, n := range f.all("instrText") {
			instr = append(instr, strings.TrimSpace(n.Text))
		}
		if !slices.Equal(instr, []string{"PAGE", "NUMPAGES"}) {
			t.Errorf("footer fields %q", instr)
		}
		txt := f.text()
		for _, s := range []string{"Naantalin kaupunki", "Tulostettu 2.12.2026", "Sivu ", " / "} {
			if !strings.Contains(txt, s) {
				t.Errorf("footer %q lacks %q", txt, s)
			}
		}
		if strings.Contains(txt, "%d") {
			t.Errorf("footer %q keeps a %%d", txt)
		}
		if body.first("footerReference") == nil {
			t.Error("section has no footer")
		}
	})

	t.Run("Core", func(t *testing.T) {
		c := parse(t, ps["docProps/core.xml"])
		for name, want := range map[string]string{"title": d.Title, "subject": d.Subject, "creator": d.Organisation, "language": "fi"} {
			if n := c.first(name); n == nil || n.Text != want {
				t.Errorf("core %s: got %v, want %q", name, n, want)
			}
		}
		s := parse(t, ps["word/styles.xml"])
		if l := s.first("rPrDefault").first("lang"); l == nil || l.attr("val") != "fi-FI" {
			t.Error("styles: default language not fi-FI")
		}
	})

	t.Run("Chart", func(t *testing.T) {
		var c *doc.Chart
		for _, b := range d.Blocks {
			if ch, ok := b.(doc.Chart); ok {
				c = &ch
			}
		}
		part, ok := ps["word/charts/chart1.xml"]
		if !ok {
			t.Fatal("no chart part")
		}
		ch := parse(t, part)
		bar := ch.first("barChart")
		if bar == nil || bar.first("barDir").attr("val") != "bar" || bar.first("grouping").attr("val") != "stacked" || bar.first("overlap").attr("val") != "100" {
			t.Fatal("not a stacked horizontal bar chart")
		}
		sers := bar.all("ser")
		if len(sers) != len(c.Series) {
			t.Fatalf("series: got %d, want %d", len(sers), len(c.Series))
		}
		for i, s := range sers {
			var vals, cats, labels []string
			for _, v := range s.first("val").all("v") {
				vals = append(vals, v.Text)
			}
			for _, v := range s.first("cat").all("v") {
				cats = append(cats, v.Text)
			}
			for _, l := range s.all("dLbl") {
				labels = append(labels, l.text())
			}
			var want []string
			for _, v := range c.Series[i].Values {
				want = append(want, strconv.FormatInt(v, 10))
			}
			if !slices.Equal(vals, want) {
				t.Errorf("series %d values %q, want %q", i, vals, want)
			}
			if !slices.Equal(cats, c.Categories) {
				t.Errorf("series %d categories %q", i, cats)
			}
			if !slices.Equal(labels, c.Series[i].Labels) {
				t.Errorf("series %d labels %q, want %q", i, labels, c.Series[i].Labels)
			}
			if got := s.first("tx").first("v").Text; got != c.Series[i].Name {
				t.Errorf("series %d name %q", i, got)
			}
			hatched := s.first("spPr").first("pattFill") != nil
			if hatched != (c.Series[i].Pattern == "hatch") {
				t.Errorf("series %d: pattern fill %v, pattern %q", i, hatched, c.Series[i].Pattern)
			}
		}
		pr := body.first("docPr")
		if pr == nil || pr.attr("descr") != c.Alt || pr.attr("title") != c.Title {
			t.Errorf("drawing's description %v", pr)
		}
	})
}

func TestWriteLandscape(t *testing.T) {
	d := doctest.Sample()
	d.Landscape = true
	_, ps := write(t, d)
	sz := parse(t, ps["word/document.xml"]).first("pgSz")
	if sz.attr("orient") != "landscape" || sz.attr("w") != "16838" || sz.attr("h") != "11906" {
		t.Errorf("page %v", sz.Attrs)
	}
}
