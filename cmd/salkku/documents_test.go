package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/internal/testenv"
)

// TestDocuments makes the demo's documents as a board gets them (issue
// 11's "done when"): the Naantali action plan and the KaRa pack for
// 22.11.2021, as PDF and DOCX, in Finnish and Swedish, and reads their
// text back (pdftotext; the DOCX's own XML) to find the seed's chapters,
// projects, boxes and budget figures in order. With SALKKU_KEEP_RENDER=DIR
// the files and their pages as PNG (pdftoppm; the DOCX through
// LibreOffice where installed) are kept there to be looked at.
func TestDocuments(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		testenv.SkipOrFail(t, "pdftotext is not installed (apt-get install poppler-utils); skipping the documents' text checks")
	}
	m := bootMain(t, t.TempDir(), true)
	defer m.Close()
	mustUser(t, m, "docs@example.invalid")
	c := newClient(t)
	c.login(t, m.URL(), "docs@example.invalid", testPassword)
	ctx := salkku.System(context.Background())
	keep := os.Getenv("SALKKU_KEEP_RENDER")

	fetch := func(t *testing.T, path, name string) ([]byte, http.Header) {
		t.Helper()
		code, h, body := c.do(t, http.MethodGet, m.URL()+path, nil, "")
		if code != http.StatusOK {
			t.Fatalf("GET %s: %d\n%.400s", path, code, body)
		}
		if keep != "" {
			os.MkdirAll(keep, 0o755)
			os.WriteFile(filepath.Join(keep, name), []byte(body), 0o644)
			renderPages(t, filepath.Join(keep, name))
		}
		return []byte(body), h
	}
	text := func(t *testing.T, b []byte, format string) string {
		t.Helper()
		if format == "docx" {
			return squeeze(docxText(t, b))
		}
		return squeeze(pdfBytesText(t, b))
	}

	// The plan: chapters 2–7 in the seed's order, each project numbered
	// and dated under its chapter, then the follow-up as chapter 8.
	p21 := demoProject(t, m, "palomuuri")
	pf := strconv.FormatInt(p21.PortfolioID, 10)
	cats, err := m.DB.FindCategories(ctx, p21.PortfolioID)
	if err != nil || len(cats) != 6 {
		t.Fatalf("categories: %d, %v", len(cats), err)
	}
	projects, _, err := m.DB.FindProjects(ctx, salkku.ProjectFilter{PortfolioID: &p21.PortfolioID, Page: salkku.Page{Limit: salkku.MaxPageSize}})
	if err != nil || len(projects) < 39 {
		t.Fatalf("projects: %d, %v", len(projects), err)
	}
	var want []string
	for _, cat := range cats {
		want = append(want, strconv.Itoa(cat.Chapter)+". "+cat.Name.FI)
		for _, p := range projects {
			if p.CategoryID != nil && *p.CategoryID == cat.ID {
				h := p.Code + " " + p.Name.FI
				if s := p.Schedule.Format("jatkuva"); s != "" {
					h += " (" + s + ")"
				}
				want = append(want, h)
			}
		}
	}
	want = append(want, "8. Toimenpidesuunnitelman toimeenpano ja seuranta", "Toimenpidesuunnitelman toteutumisesta raportoidaan säännöllisesti IT-ohjausryhmälle")
	if want[0] != "2. Perusinfrastruktuurihankkeet" || !slices.Contains(want, "2.1 Palomuuripalvelun jatkaminen tai kilpailutus (10/2017 – 4/2018)") ||
		!slices.Contains(want, "7.8 Perusopetuksen tablettilaitteet (jatkuva)") || !slices.Contains(want, "4.3 KaPa – Kansallinen Palveluarkkitehtuuri (– 12/2018)") {
		t.Fatalf("the demo's plan is not seed 000's: %q", want)
	}
	for _, format := range []string{"pdf", "docx"} {
		t.Run("plan-"+format, func(t *testing.T) {
			b, h := fetch(t, "/portfolios/"+pf+"/action-plan/file?format="+format, "plan."+format)
			if format == "pdf" {
				checkPDFEngine(t, h)
			}
			got := text(t, b, format)
			// The body, past the contents, has every heading in order.
			body := got[strings.Index(got, "1. Toimenpidesuunnitelman sisällöstä Tällä dokumentilla")+1:]
			inOrder(t, body, want)
			inOrder(t, body, []string{"2.1 Palomuuripalvelun", "Palomuurit ostetaan palveluina DNA Oy:ltä.", "Toimittajat: DNA Oy", "2.2 Konesalipalveluiden"})
			if !strings.Contains(got, "Naantalin kaupunki") {
				t.Error("the plan does not name the organisation")
			}
		})
	}
	t.Run("plan-sv", func(t *testing.T) {
		b, _ := fetch(t, "/portfolios/"+pf+"/action-plan/file?format=docx&language=sv", "plan-sv.docx")
		inOrder(t, text(t, b, "docx"), []string{"Innehåll", "1. Om åtgärdsplanens innehåll", "2. Perusinfrastruktuurihankkeet", "Leverantörer: DNA Oy", "8. Genomförande och uppföljning av åtgärdsplanen"})
		b, _ = fetch(t, "/portfolios/"+pf+"/action-plan/file?format=pdf&language=sv", "plan-sv.pdf")
		got := text(t, b, "pdf")
		inOrder(t, got, []string{"Åtgärdsplan", "Innehåll", "1. Om åtgärdsplanens innehåll"})
		if !strings.Contains(got, "Sida 2 / ") {
			t.Error("the pages are not numbered in Swedish")
		}
	})

	// The pack: each work package's page with its four boxes in the
	// seed's words, then the budget with seed 002's figures.
	kara := demoProject(t, m, "KaRa")
	pw := "/projects/" + strconv.FormatInt(kara.ID, 10)
	packWant := []string{
		"OA1 Vapaaehtoinen alueellinen valmistelu ja hankekoordinaatio", "Kristiina Taskinen, projektipäällikkö",
		"Yleistilanne suhteessa hankesuunnitelmaan", "Hankekoordinaation osalta työt etenee aikataulussa ja suunnitellusti",
		"Keskeiset aikaansaannokset (22.11.2021 mennessä)", "Ohjausryhmät x 5 (HELLÄ:n kanssa yhteinen)",
		"Vielä tehtävänä", "Ohjausryhmä vielä 14.1.2022",
		"Poikkeamat, ongelmat, riskit", "Korona",
		"Järjestämistehtävän selkiyttäminen ja järjestäjän tietotarpeet", "Työpakettiin ei saatu rekrytoitua suunnittelijaa",
		"Viestintäloki", "KaRa-hankkeen käynnistyminen",
		"Toteutuma 1.8.2020 – 15.11.2021",
	}
	figures := []string{"480 157 €", "210 257 €", "3 748 €", "19 385 €", "7 290 €", "720 836 €", "509 883 €", "413 183 €", "5 242 €", "15 995 €", "56 210 €", "1 000 514 €"}
	for _, format := range []string{"pdf", "docx"} {
		t.Run("pack-"+format, func(t *testing.T) {
			b, h := fetch(t, pw+"/pack/file?format="+format+"&date=2021-11-22", "pack."+format)
			if format == "pdf" {
				checkPDFEngine(t, h)
			}
			got := text(t, b, format)
			if format == "docx" {
				inOrder(t, got, append(packWant, "Lisätietoja", "kristiina.taskinen@kainuu.fi"))
			} else {
				// Side by side, two boxes' lines interleave in a PDF's
				// text: each must be there, the pages in order.
				for _, w := range packWant {
					if !strings.Contains(got, squeeze(w)) {
						t.Errorf("%q is missing", w)
					}
				}
				inOrder(t, got, []string{"OA1 Vapaaehtoinen", "Järjestämistehtävän selkiyttäminen", "Viestintäloki", "Toteutuma 1.8.2020 – 15.11.2021", "Lisätietoja"})
			}
			budget := got[strings.LastIndex(got, "Toteutuma 1.8.2020 – 15.11.2021"):]
			if format == "pdf" {
				budget = got[strings.Index(got, "Kainuun rakenneuudistus vv.2020-2021 -alueellisen valmistelun tukena Toteutuma"):]
			}
			for _, f := range figures {
				if !strings.Contains(budget, f) {
					t.Errorf("the budget page lacks %q", f)
				}
			}
		})
	}
	t.Run("pack-sv", func(t *testing.T) {
		b, _ := fetch(t, pw+"/pack/file?format=pdf&date=2021-11-22&language=sv", "pack-sv.pdf")
		inOrder(t, text(t, b, "pdf"), []string{"Lägesrapport 22.11.2021", "Innehåll", "Ansvarspersoner", "Kommunikationslogg", "Utfall", "Oanvänt", "Kontaktuppgifter"})
	})
	t.Run("portfolio-pack", func(t *testing.T) {
		kp := "/portfolios/" + strconv.FormatInt(kara.PortfolioID, 10)
		b, _ := fetch(t, kp+"/pack/file?format=pdf&date=22.11.2021", "portfolio-pack.pdf")
		got := text(t, b, "pdf")
		inOrder(t, got, []string{"Sote-uudistuksen kehittämishankkeet Kainuussa", "Tilanne yhdellä silmäyksellä", "Raportointijakso",
			"OA1 Vapaaehtoinen alueellinen valmistelu ja hankekoordinaatio", "Hankekoordinaation osalta työt etenee aikataulussa ja suunnitellusti"})
		b, _ = fetch(t, kp+"/pack/file?format=docx&date=2021-11-22&language=en", "portfolio-pack-en.docx")
		inOrder(t, text(t, b, "docx"), []string{"Status at a glance", "Overall status against the project plan"})
	})
	t.Run("bad", func(t *testing.T) {
		for path, want := range map[string]string{
			pw + "/pack/file?format=pdf&date=2021-11-23":          "Tälle päivälle ei ole lähetettyjä tilanneraportteja",
			pw + "/pack/file?format=odt&date=2021-11-22":          "Valitse muoto: PDF, Word (DOCX) tai HTML.",
			"/portfolios/" + pf + "/action-plan/file?format=xls":  "Valitse muoto",
			"/portfolios/" + pf + "/action-plan/file?language=de": "Valitse kieli",
			"/portfolios/999999/action-plan/file?format=pdf":      "",
		} {
			code, body := c.get(t, m.URL()+path)
			switch {
			case want == "" && code != http.StatusNotFound:
				t.Errorf("GET %s: %d, want 404", path, code)
			case want != "" && (code != http.StatusBadRequest || !strings.Contains(body, want)):
				t.Errorf("GET %s: %d, want 400 saying %q\n%.300s", path, code, want, body)
			}
		}
		code, body := c.get(t, m.URL()+pw+"/pack?date=2021-11-23")
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Tälle päivälle ei ole lähetettyjä tilanneraportteja") {
			t.Errorf("the pack page with a date without reports: %d", code)
		}
	})
}

// checkPDFEngine checks that the server says which engine made the PDF,
// and that it is Chromium where one is installed.
func checkPDFEngine(t *testing.T, h http.Header) {
	t.Helper()
	engine := h.Get("X-Salkku-PDF-Engine")
	if engine != "chromium" && engine != "go" {
		t.Errorf("X-Salkku-PDF-Engine %q", engine)
	}
	if os.Getenv("SALKKU_CHROMIUM") != "" && engine != "chromium" {
		t.Errorf("Chromium is installed, yet the PDF came from %q", engine)
	}
}

// inOrder fails unless each of want is in got, each after the one before.
func inOrder(t *testing.T, got string, want []string) {
	t.Helper()
	at := 0
	for _, w := range want {
		i := strings.Index(got[at:], squeeze(w))
		if i < 0 {
			if strings.Contains(got, squeeze(w)) {
				t.Errorf("%q is out of order", w)
			} else {
				t.Errorf("%q is missing", w)
			}
			continue
		}
		at += i + len(squeeze(w))
	}
}

var spaces = regexp.MustCompile(`[\s\x{00a0}\x{202f}]+`)

// squeeze writes every run of white space, no-break ones included, as one
// space, so that a line break in a PDF does not hide a heading.
func squeeze(s string) string { return strings.TrimSpace(spaces.ReplaceAllString(s, " ")) }

// pdfBytesText is the text of a PDF, by pdftotext.
func pdfBytesText(t *testing.T, b []byte) string {
	t.Helper()
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// docxText is the text of a DOCX's body, a paragraph to a line, read from
// its WordprocessingML the way a reader does: w:t runs, w:br and w:tab.
func docxText(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a DOCX: %v", err)
	}
	f, err := zr.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := xml.NewDecoder(f)
	var out strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("document.xml: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			switch x.Name.Local {
			case "t":
				inText = true
			case "br", "tab":
				out.WriteString(" ")
			}
		case xml.EndElement:
			switch x.Name.Local {
			case "t":
				inText = false
			case "p":
				out.WriteString("\n")
			}
		case xml.CharData:
			if inText {
				out.Write(x)
			}
		}
	}
	return out.String()
}

// renderPages draws a kept document's pages as PNG beside it: a PDF by
// pdftoppm, a DOCX through LibreOffice to PDF first, where installed.
func renderPages(t *testing.T, path string) {
	t.Helper()
	dir, name := filepath.Dir(path), filepath.Base(path)
	pdf := path
	if strings.HasSuffix(name, ".docx") {
		soffice, err := exec.LookPath("soffice")
		if err != nil {
			return
		}
		out := filepath.Join(dir, "lo")
		cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(t.TempDir(), "lo-profile"), "--headless", "--convert-to", "pdf", "--outdir", out, path)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Logf("LibreOffice: %v\n%s", err, b)
			return
		}
		pdf = filepath.Join(out, strings.TrimSuffix(name, ".docx")+".pdf")
	}
	if b, err := exec.Command("pdftoppm", "-png", "-r", "50", pdf, filepath.Join(dir, strings.ReplaceAll(name, ".", "-"))).CombinedOutput(); err != nil {
		t.Logf("pdftoppm: %v\n%s", err, b)
	}
}
