package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/salkku/salkku/web"
)

// printVisit is a page the print check prints: where, whose organisation
// heads it, and what else the printed page must show.
type printVisit struct {
	name, path, org string
	// link is an address out of Salkku that the page links to, which
	// paper must spell out.
	link string
	// whole are elements that must print whole (break-inside: avoid);
	// kept are content that must print, near what print leaves off.
	whole, kept []string
}

// printVisits are the pages issue 11 names: the overview, a project page,
// a report slide and the finance page (when it is in the route table),
// and a log whose decision links to its minutes.
func printVisits(t *testing.T, m *Main, d demoIDs) []printVisit {
	t.Helper()
	naantali := demoProject(t, m, "palomuuri").OrganisationName.FI
	kara := demoProject(t, m, "KaRa")
	if naantali == "" || kara.OrganisationName.FI == "" {
		t.Fatalf("the demo projects name no organisation: %q, %q", naantali, kara.OrganisationName.FI)
	}
	vs := []printVisit{
		{name: "overview", path: "/portfolios/" + d.portfolio, org: naantali, whole: []string{"table.projects tbody tr", "dl.facts > div"},
			kept: []string{"p.count", "tr.group th", "details.description p"}},
		{name: "project", path: "/projects/" + d.projectWP, org: kara.OrganisationName.FI, whole: []string{"table.wp-tree tbody tr"}},
		{name: "report", path: "/reports/" + d.report, org: kara.OrganisationName.FI, whole: []string{".slide", "dl.boxes .box"},
			kept: []string{".report-risks li a"}},
		{name: "decisions", path: "/projects/" + d.project + "/decisions", link: "https://example.invalid/poytakirja"},
	}
	for _, rt := range m.server.Handler.(*web.Server).Routes() {
		if rt.Pattern == "GET /projects/{id}/finance" {
			vs = append(vs, printVisit{name: "finance", path: "/projects/" + d.projectWP + "/finance", org: kara.OrganisationName.FI})
		}
	}
	return vs
}

// chromeTexts are texts of the page around the content, in Finnish: the
// skip link, the main menu, the language switcher, signing out, the
// overview's filter button, and edit links and buttons. On paper none
// may show.
var chromeTexts = []string{"Siirry sisältöön", "Henkilöt", "Organisaatiot", "Ylläpito", "På svenska", "English", "Kirjaudu ulos", "Suodata", "Muokkaa"}

// offPaper are the selectors of what print leaves off.
var offPaper = []string{".skip", "header.top", "nav", ".crumbs", ".foot", "form.filters", "button", ".button", ".pager"}

// checkPrint prints each page of printVisits as the browser would: under
// emulated print media the navigation, filters and buttons take no room,
// the organisation and title head the page, tables repeat their header,
// rows and boxes print whole, text is black on white and a link out
// shows its address; then Page.printToPDF makes the PDF, and its text
// (by pdftotext, where installed) has none of the navigation's words that
// the screen shows. With SALKKU_SCREENSHOTS=DIR the PDFs are saved there
// as print-NAME.pdf.
func checkPrint(t *testing.T, ctx context.Context, m *Main, d demoIDs) {
	dir := os.Getenv("SALKKU_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	for _, v := range printVisits(t, m, d) {
		t.Run(v.name, func(t *testing.T) {
			var screen string
			if err := chromedp.Run(ctx,
				emulation.SetDeviceMetricsOverride(desktopWidth, viewHeight, 1, false),
				emulation.SetEmulatedMedia().WithMedia(""),
				chromedp.Navigate(m.URL()+v.path+"?lang=fi"),
				chromedp.Evaluate(`document.body.innerText`, &screen),
			); err != nil {
				t.Fatal(err)
			}
			// The check can fail: the screen shows the menu.
			for _, s := range []string{"Henkilöt", "På svenska"} {
				if !strings.Contains(screen, s) {
					t.Fatalf("the screen does not show %q: the check would prove nothing", s)
				}
			}
			var got printState
			if err := chromedp.Run(ctx,
				emulation.SetEmulatedMedia().WithMedia("print"),
				chromedp.Evaluate(printJS(v), &got),
			); err != nil {
				t.Fatal(err)
			}
			for _, sel := range got.Shown {
				t.Errorf("on paper: %s", sel)
			}
			if v.org != "" && !strings.Contains(got.Head, v.org) {
				t.Errorf("the printed head %q does not name the organisation %q", got.Head, v.org)
			}
			if got.H1 == "" || !got.HeadShown {
				t.Errorf("the printed page has no head (%v) or no title (%q)", got.HeadShown, got.H1)
			}
			if got.Color != "rgb(0, 0, 0)" || got.Background != "rgb(255, 255, 255)" {
				t.Errorf("text %s on %s, want black on white", got.Color, got.Background)
			}
			if got.Thead != "" && got.Thead != "table-header-group" {
				t.Errorf("a table's header prints as %q, want table-header-group (repeated on each page)", got.Thead)
			}
			for _, w := range got.Split {
				t.Errorf("print: %s", w)
			}
			if v.link != "" && !strings.Contains(got.LinkAfter, v.link) {
				t.Errorf("the link out prints %q after it, want its address %s", got.LinkAfter, v.link)
			}
			if got.InternalAfter != "" && got.InternalAfter != "none" && got.InternalAfter != "normal" {
				t.Errorf("a link inside Salkku prints %q after it", got.InternalAfter)
			}

			var pdf []byte
			if err := chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) (err error) {
				pdf, _, err = page.PrintToPDF().WithPrintBackground(true).WithPreferCSSPageSize(true).
					WithGenerateTaggedPDF(true).WithGenerateDocumentOutline(true).Do(ctx)
				return err
			}), emulation.SetEmulatedMedia().WithMedia("")); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(pdf), "%PDF-") {
				t.Fatalf("printToPDF gave %d bytes that are not a PDF", len(pdf))
			}
			file := filepath.Join(dir, "print-"+v.name+".pdf")
			if err := os.WriteFile(file, pdf, 0o644); err != nil {
				t.Fatal(err)
			}
			text, ok := pdfText(t, file)
			if !ok {
				return
			}
			for _, s := range chromeTexts {
				if strings.Contains(screen, s) && strings.Contains(text, s) {
					t.Errorf("the printed PDF has %q, which the screen shows around the content", s)
				}
			}
			for _, s := range []string{v.org, firstLine(got.H1)} {
				if s != "" && !strings.Contains(strings.Join(strings.Fields(text), " "), s) {
					t.Errorf("the printed PDF lacks %q", s)
				}
			}
		})
	}
}

// printState is what printJS reads of a page under print media.
type printState struct {
	Shown         []string `json:"shown"`
	Split         []string `json:"split"`
	Head          string   `json:"head"`
	HeadShown     bool     `json:"headShown"`
	H1            string   `json:"h1"`
	Color         string   `json:"color"`
	Background    string   `json:"background"`
	Thead         string   `json:"thead"`
	LinkAfter     string   `json:"linkAfter"`
	InternalAfter string   `json:"internalAfter"`
}

func printJS(v printVisit) string {
	js := func(ss []string) string {
		q := make([]string, len(ss))
		for i, s := range ss {
			q[i] = "'" + s + "'"
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	return `(() => {
	const shown = [], split = [];
	for (const sel of ` + js(offPaper) + `)
		for (const el of document.querySelectorAll(sel))
			if (el.getClientRects().length > 0) { shown.push(sel + ' "' + el.textContent.trim().replace(/\s+/g, ' ').slice(0, 40) + '"'); break; }
	for (const sel of ` + js(v.kept) + `) {
		const el = document.querySelector(sel);
		if (!el || el.getClientRects().length === 0) split.push(sel + ' is not on paper');
	}
	for (const sel of ` + js(v.whole) + `) {
		const els = document.querySelectorAll(sel);
		if (els.length === 0) split.push(sel + ': none on the page');
		for (const el of els)
			if (getComputedStyle(el).breakInside !== 'avoid') { split.push(sel + ' may be split across pages'); break; }
	}
	const head = document.querySelector('.print-head'), body = getComputedStyle(document.body);
	const thead = document.querySelector('thead');
	const out = [...document.querySelectorAll('main a[href^="http"]')][0];
	const inside = document.querySelector('main a[href^="/"]');
	return {
		shown, split,
		head: head ? head.innerText : '',
		headShown: !!head && head.getClientRects().length > 0,
		h1: (document.querySelector('h1') || {}).innerText || '',
		color: body.color, background: body.backgroundColor,
		thead: thead ? getComputedStyle(thead).display : '',
		linkAfter: out ? getComputedStyle(out, '::after').content : '',
		internalAfter: inside ? getComputedStyle(inside, '::after').content : '',
	};
})()`
}

// pdfText is the text of a PDF by pdftotext (poppler-utils); false where
// it is not installed, so that only the computed styles are checked.
func pdfText(t *testing.T, file string) (string, bool) {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Logf("pdftotext is not installed (apt-get install poppler-utils): the PDF's text is not checked")
		return "", false
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", file, err)
	}
	return string(out), true
}

func firstLine(s string) string {
	lines := slices.DeleteFunc(strings.Split(s, "\n"), func(l string) bool { return strings.TrimSpace(l) == "" })
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(strings.Fields(lines[0]), " ")
}
