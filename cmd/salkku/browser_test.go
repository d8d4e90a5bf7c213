package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/salkku/salkku"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/salkku/salkku/internal/browser"
)

// TestBrowserPages opens the main pages of the demo in a real Chromium and
// checks each against axe-core's WCAG 2.1 A/AA rules. With
// SALKKU_SCREENSHOTS=DIR it also saves a PNG of each page there.
func TestBrowserPages(t *testing.T) {
	ctx := browser.New(t)
	m := bootMain(t, t.TempDir(), true)
	defer m.Close()
	// The login page itself is checked before signing in.
	if err := chromedp.Run(ctx, chromedp.Navigate(m.URL()+"/login")); err != nil {
		t.Fatal(err)
	}
	for _, v := range browser.Axe(t, ctx) {
		t.Errorf("/login: %s", v)
	}
	screenshot(t, ctx, "login")
	browserLogin(t, ctx, m)

	// The ids of a few demo projects, through the API.
	p21 := demoProjectID(t, m, "palomuuri")
	kara := demoProjectID(t, m, "KaRa")
	pages := []struct{ name, path string }{
		{"home", "/"},
		{"overview", "/portfolios/1"},
		{"overview-filtered", "/portfolios/1?q=p%C3%A4iv%C3%A4kot&sort=start&desc=1"},
		{"project", "/projects/" + p21},
		{"project-kara", "/projects/" + kara},
		{"project-new", "/portfolios/1/projects/new"},
		{"project-edit", "/projects/" + p21 + "/edit"},
		{"project-delete", "/projects/" + p21 + "/delete"},
		{"categories", "/portfolios/1/categories"},
		{"people", "/people"},
		{"organisations", "/organisations"},
		{"portfolio-edit", "/portfolios/1/edit"},
		{"workpackage-new", "/projects/" + kara + "/workpackages/new"},
		{"overview-sv", "/portfolios/1?lang=sv"},
		{"overview-fi", "/portfolios/1?lang=fi"},
		{"overview-en", "/portfolios/1?lang=en"},
		{"not-found", "/projects/999999"},
		{"account", "/account"},
		{"admin-users", "/admin/users"},
		{"admin-user", "/admin/users/1"},
		{"admin-settings", "/admin/settings"},
		{"audit", "/admin/audit"},
		{"project-history", "/projects/" + p21 + "/history"},
	}
	for _, pg := range pages {
		t.Run(pg.name, func(t *testing.T) {
			var h1 string
			if err := chromedp.Run(ctx, chromedp.Navigate(m.URL()+pg.path), chromedp.Text("h1", &h1, chromedp.ByQuery)); err != nil {
				t.Fatal(err)
			}
			if strings.TrimSpace(h1) == "" {
				t.Fatal("the page has no h1 text")
			}
			for _, v := range browser.Axe(t, ctx) {
				t.Errorf("%s: %s", pg.path, v)
			}
			screenshot(t, ctx, pg.name)
		})
	}
}

// TestBrowserKeyboard uses the overview and the project form with the
// keyboard only: the skip link, the search box, and a form whose error
// summary takes the focus and keeps what was typed.
func TestBrowserKeyboard(t *testing.T) {
	ctx := browser.New(t)
	m := bootMain(t, t.TempDir(), true)
	defer m.Close()
	browserLogin(t, ctx, m)

	var active string
	err := chromedp.Run(ctx,
		chromedp.Navigate(m.URL()+"/portfolios/1"),
		chromedp.KeyEvent(kb.Tab),
		chromedp.Evaluate(`document.activeElement.className`, &active),
	)
	if err != nil {
		t.Fatal(err)
	}
	if active != "skip" {
		t.Fatalf("first Tab focuses %q, want the skip link", active)
	}
	var rows int
	err = chromedp.Run(ctx,
		chromedp.KeyEvent(kb.Enter),
		chromedp.Focus("#q", chromedp.ByQuery),
		chromedp.SendKeys("#q", "päiväkot"+kb.Enter, chromedp.ByQuery),
		chromedp.WaitVisible("p.count", chromedp.ByQuery),
		chromedp.Sleep(200*time.Millisecond),
		chromedp.Evaluate(`document.querySelectorAll('table.projects tbody tr:not(.group)').length`, &rows),
	)
	if err != nil {
		t.Fatal(err)
	}
	if rows != 4 {
		t.Fatalf("search 'päiväkot' shows %d rows, want 4 (7.1–7.4)", rows)
	}

	// A project form with a bad month: the error summary appears and the
	// typed values stay.
	var code, start, summary string
	err = chromedp.Run(ctx,
		chromedp.Navigate(m.URL()+"/portfolios/1/projects/new?lang=fi"),
		chromedp.SendKeys("#f-code", "9.1", chromedp.ByQuery),
		chromedp.SendKeys("#f-name-fi", "Uusi hanke", chromedp.ByQuery),
		chromedp.SendKeys("#f-start", "13/2017", chromedp.ByQuery),
		chromedp.Submit("#f-name-fi", chromedp.ByQuery),
		chromedp.WaitVisible(".error-summary", chromedp.ByQuery),
		chromedp.Value("#f-code", &code, chromedp.ByQuery),
		chromedp.Value("#f-start", &start, chromedp.ByQuery),
		chromedp.Text(".error-summary", &summary, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if code != "9.1" || start != "13/2017" {
		t.Fatalf("typed values lost: code %q start %q", code, start)
	}
	if !strings.Contains(summary, "Kuukauden on oltava 1–12") {
		t.Fatalf("error summary %q does not say what is wrong", summary)
	}
	screenshot(t, ctx, "project-form-error")
}

// browserLogin signs in through the login form with the keyboard, as an
// admin made for the test, and checks that the front page follows.
func browserLogin(t *testing.T, ctx context.Context, m *Main) {
	t.Helper()
	mustUser(t, m, "browser@test.invalid")
	var h1 string
	err := chromedp.Run(ctx,
		chromedp.Navigate(m.URL()+"/portfolios/1"),
		chromedp.WaitVisible("#f-email", chromedp.ByQuery),
		chromedp.SendKeys("#f-email", "browser@test.invalid", chromedp.ByQuery),
		chromedp.SendKeys("#f-password", testPassword+kb.Enter, chromedp.ByQuery),
		chromedp.WaitVisible("table.projects", chromedp.ByQuery),
		chromedp.Text("h1", &h1, chromedp.ByQuery),
	)
	if err != nil {
		var loc string
		chromedp.Run(ctx, chromedp.Location(&loc))
		t.Fatalf("sign in: %v (at %s)", err, loc)
	}
	if !strings.Contains(h1, "Tietohallinnon toimenpidesuunnitelma") {
		t.Fatalf("after signing in the browser shows %q, want the portfolio it asked for", h1)
	}
}

func demoProjectID(t *testing.T, m *Main, q string) string {
	t.Helper()
	ps, n, err := m.DB.FindProjects(salkku.System(context.Background()), projectQuery(q))
	if err != nil || n == 0 {
		t.Fatalf("demo project %q: %d found, %v", q, n, err)
	}
	return jsonID(map[string]any{"id": ps[0].ID})
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("SALKKU_SCREENSHOTS")
	if dir == "" {
		return
	}
	var png []byte
	shot := chromedp.FullScreenshot(&png, 100)
	if name == "overview-fi" {
		// The README's picture: what the first screen shows.
		shot = chromedp.CaptureScreenshot(&png)
	}
	if err := chromedp.Run(ctx, shot); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
