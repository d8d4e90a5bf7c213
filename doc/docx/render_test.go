package docx_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/salkku/salkku/doc"
	"github.com/salkku/salkku/doc/doctest"
	"github.com/salkku/salkku/internal/testenv"
)

// TestLibreOffice has a real reader open the document: LibreOffice
// converts it to PDF, whose text must hold the headings and the seed's
// texts in order over several pages, the table's header on each of its
// pages and the footer's page numbers filled in. The pages are drawn as
// PNGs, kept in $SALKKU_KEEP_RENDER when it names a directory.
func TestLibreOffice(t *testing.T) {
	soffice := os.Getenv("SALKKU_SOFFICE")
	if soffice == "" {
		soffice, _ = exec.LookPath("soffice")
	}
	if soffice == "" {
		testenv.SkipOrFail(t, "LibreOffice is not installed (apt-get install libreoffice-writer-nogui, or set SALKKU_SOFFICE); skipping the .docx render")
	}
	for _, tool := range []string{"pdftotext", "pdftoppm"} {
		if _, err := exec.LookPath(tool); err != nil {
			testenv.SkipOrFail(t, tool+" is not installed (apt-get install poppler-utils); skipping the .docx render")
		}
	}
	for _, c := range []struct {
		name string
		doc  func() *doc.Document
	}{
		{"portrait", doctest.Sample},
		{"landscape", func() *doc.Document { d := doctest.Sample(); d.Landscape = true; return d }},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := c.doc()
			dir := t.TempDir()
			b, _ := write(t, d)
			file := filepath.Join(dir, c.name+".docx")
			if err := os.WriteFile(file, b, 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			profile := "file://" + filepath.Join(dir, "profile")
			cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation="+profile, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir, file)
			cmd.Env = append(os.Environ(), "HOME="+dir)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("soffice: %v\n%s", err, out)
			}
			pdf := strings.TrimSuffix(file, ".docx") + ".pdf"
			out, err := exec.CommandContext(ctx, "pdftotext", "-enc", "UTF-8", pdf, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			pages := strings.Split(strings.TrimSuffix(string(out), "\f"), "\f")
			n := len(pages)
			if n < 2 {
				t.Fatalf("pages: %d, want more than 1", n)
			}
			text := strings.Join(strings.Fields(string(out)), " ")

			// The title, the contents, then the body in order.
			want := []string{d.Title, "Sisällys"}
			for _, h := range d.Headings(2) {
				want = append(want, h.FullText())
			}
			want = append(want,
				"1. Toimenpidesuunnitelman sisällöstä", "Tällä dokumentilla on tarkoitus", "Perusinfrastruktuurihankkeet", "Palvelualakohtaiset kehityshankkeet",
				"2. Perusinfrastruktuurihankkeet", "2.1 Palomuuripalvelun", "Palomuurit ostetaan palveluina", "Toimittajat:", "2.12 Palomuuripalvelun",
				"Osa-alue 1", "Vastuuhenkilöt", "Hanna Mara", "Liikennevalot", "Punainen: vaatii ohjausryhmän toimia",
				"Budjetti", "Toteutuma 1.8.2020 – 15.11.2021", "412 275 €", "Kustannukset kuukausittain", "Kuukausi", "1 234,50 €", "60 234,50 €", "1 866 270,00 €",
				"Yhteystiedot", "kristiina.taskinen@example.fi",
			)
			rest := text
			for _, s := range want {
				i := strings.Index(rest, s)
				if i < 0 {
					t.Fatalf("%q not found (in order) in the PDF's text; after the previous: %.300q", s, rest)
				}
				rest = rest[i+len(s):]
			}
			// Every page's footer, with its page number.
			for i, p := range pages {
				label := "Sivu " + strconv.Itoa(i+1) + " / " + strconv.Itoa(n)
				if !strings.Contains(p, label) || !strings.Contains(p, d.Organisation) {
					t.Errorf("page %d: no footer %q", i+1, label)
				}
			}
			// The table's header repeats on each page it runs over.
			var first, last int
			for i, p := range pages {
				if strings.Contains(p, "1/2021") && first == 0 {
					first = i + 1
				}
				if strings.Contains(p, "1 866 270,00 €") {
					last = i + 1
				}
			}
			if first == 0 || last <= first {
				t.Errorf("table on pages %d–%d, want it over more than one", first, last)
			}
			for i := first; i <= last && first > 0; i++ {
				if !strings.Contains(pages[i-1], "Kustannuslaji") {
					t.Errorf("page %d: the table's header does not repeat", i)
				}
			}
			// The boxes, side by side, are read in no one order, but they
			// stay whole on the page of their heading, lights in words.
			for _, p := range pages {
				if !strings.Contains(p, "Vastuuhenkilöt") {
					continue
				}
				p = strings.Join(strings.Fields(p), " ")
				for _, s := range []string{"Yleistilanne suhteessa hankesuunnitelmaan", "Vihreä", "Hankekoordinaation osalta",
					"Keskeiset aikaansaannokset", "Maksatushakemus x 2", "Vielä tehtävänä", "Ohjausryhmä vielä 14.1.2022",
					"Poikkeamat, ongelmat, riskit", "Keltainen", "Lopputyöt 1/2022"} {
					if !strings.Contains(p, s) {
						t.Errorf("%q not on the page of the boxes", s)
					}
				}
			}

			png := dir
			if keep := os.Getenv("SALKKU_KEEP_RENDER"); keep != "" {
				png = filepath.Join(keep, "docx-"+c.name)
				if err := os.MkdirAll(png, 0o755); err != nil {
					t.Fatal(err)
				}
				old, _ := filepath.Glob(filepath.Join(png, "page*.png"))
				for _, p := range old {
					os.Remove(p)
				}
				os.WriteFile(filepath.Join(png, c.name+".docx"), b, 0o644)
			}
			if out, err := exec.CommandContext(ctx, "pdftoppm", "-png", "-r", "60", pdf, filepath.Join(png, "page")).CombinedOutput(); err != nil {
				t.Fatalf("pdftoppm: %v\n%s", err, out)
			}
			pngs, _ := filepath.Glob(filepath.Join(png, "page*.png"))
			if len(pngs) < n {
				t.Errorf("pdftoppm drew %d pages of %d", len(pngs), n)
			}
			for _, p := range pngs {
				if b, err := os.ReadFile(p); err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
					t.Errorf("%s: not a PNG", p)
				}
			}
			t.Logf("%d pages; pictures in %s", n, png)
		})
	}
}
