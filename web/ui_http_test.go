package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

// TestNotFound answers a missing or malformed id, and an unknown path,
// with a 404 page in the user's language.
func TestNotFound(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		paths := []string{"/projects/999999", "/projects/abc", "/projects/-1", "/projects/1.5", "/no/such/page",
			"/portfolios/999999", "/portfolios/999999/categories", "/categories/999999/edit", "/workpackages/abc/delete",
			"/projects/999999/workpackages/new", "/people/999999/edit", "/organisations/0/edit"}
		for _, tc := range []struct {
			lang, header, h1, msg string
		}{
			{"fi", "", "Sivua ei löytynyt", "Hakemaasi sivua tai tietoa ei löytynyt."},
			{"sv", "Accept-Language: sv-FI,sv;q=0.9", "Sidan hittades inte", "Sidan eller uppgiften du söker hittades inte."},
			{"en", "Accept-Language: en-GB", "Page not found", ""},
		} {
			t.Run(tc.lang, func(t *testing.T) {
				for _, path := range paths {
					p := a.get(t, path, tc.header)
					wantStatus(t, p, http.StatusNotFound)
					if got := oneH1(t, p); got != tc.h1 {
						t.Errorf("%s: h1 %q, want %q", path, got, tc.h1)
					}
					if got := htmlLang(p); got != tc.lang {
						t.Errorf("%s: html lang %q, want %q", path, got, tc.lang)
					}
					wantText(t, p, tc.msg)
				}
			})
		}
		t.Run("a post to a missing record", func(t *testing.T) {
			wantStatus(t, a.post(t, "/projects/999999/edit", url.Values{"name": {"x"}}), http.StatusNotFound)
			wantStatus(t, a.post(t, "/people/999999/delete", nil), http.StatusNotFound)
		})
	})
}

// TestLanguage switches the language with ?lang=, which a cookie then
// remembers, and follows Accept-Language when neither says otherwise.
func TestLanguage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		pf := a.portfolio(t, naantaliName)

		p := a.get(t, "/?lang=sv")
		wantStatus(t, p, http.StatusOK)
		c := p.Header.Get("Set-Cookie")
		if !strings.HasPrefix(c, "salkku_lang=sv;") || !strings.Contains(c, "Path=/") || !strings.Contains(c, "HttpOnly") {
			t.Errorf("Set-Cookie %q", c)
		}
		if htmlLang(p) != "sv" || oneH1(t, p) != "Projektportföljer" {
			t.Errorf("the switched page is not Swedish: lang %q", htmlLang(p))
		}
		// The next pages, without ?lang=, stay Swedish even when the
		// browser prefers English.
		for _, path := range []string{"/", "/people", "/portfolios/" + id(pf.ID), "/portfolios/" + id(pf.ID) + "/categories"} {
			p := a.get(t, path, "Accept-Language: en")
			if htmlLang(p) != "sv" {
				t.Errorf("%s: html lang %q, want sv", path, htmlLang(p))
			}
		}
		wantText(t, a.get(t, "/people"), "Personer", "Ny person", "Sök på namn, e-post eller befattning")
		wantText(t, a.get(t, "/portfolios/"+id(pf.ID)+"/categories"), "Kategorier – ", "Ny kategori")
		// Swedish form errors.
		p = a.post(t, "/organisations/new", url.Values{"name": {""}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		if got := fieldError(p, "name"); got != "Denna uppgift är obligatorisk." {
			t.Errorf("Swedish field error %q", got)
		}

		// The language links keep the rest of the query.
		p = a.get(t, "/portfolios/"+id(pf.ID)+"?q=palo&sort=name")
		if !strings.Contains(p.Body, `href="/portfolios/`+id(pf.ID)+`?lang=en&amp;q=palo&amp;sort=name"`) {
			t.Errorf("no English link keeping the query")
		}

		// A new browser that prefers English gets English; an unknown
		// language changes nothing.
		a.hc = a.newClient()
		p = a.get(t, "/", "Accept-Language: en-US,en;q=0.9,fi;q=0.5")
		if htmlLang(p) != "en" || oneH1(t, p) != "Portfolios" {
			t.Errorf("Accept-Language en: lang %q", htmlLang(p))
		}
		wantText(t, a.get(t, "/organisations", "Accept-Language: en"), "Organisations", "New organisation")
		p = a.get(t, "/?lang=de", "Accept-Language: de")
		if htmlLang(p) != "fi" || p.Header.Get("Set-Cookie") != "" {
			t.Errorf("?lang=de: lang %q, Set-Cookie %q", htmlLang(p), p.Header.Get("Set-Cookie"))
		}
	})
}

// TestSecurityHeaders checks the headers on pages, errors, redirects and
// assets.
func TestSecurityHeaders(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		for _, tc := range []struct {
			name string
			p    *page
		}{
			{"page", a.get(t, "/")},
			{"not found", a.get(t, "/projects/abc")},
			{"invalid form", a.post(t, "/organisations/new", url.Values{})},
			{"redirect", a.post(t, "/organisations/new", url.Values{"name": {"Raision kaupunki"}})},
			{"asset", a.get(t, "/assets/salkku.css")},
		} {
			t.Run(tc.name, func(t *testing.T) {
				for h, want := range map[string]string{
					"X-Content-Type-Options": "nosniff",
					"X-Frame-Options":        "DENY",
					"Referrer-Policy":        "same-origin",
				} {
					if got := tc.p.Header.Get(h); got != want {
						t.Errorf("%s: %q, want %q", h, got, want)
					}
				}
				csp := tc.p.Header.Get("Content-Security-Policy")
				for _, d := range []string{"default-src 'self'", "script-src 'self'", "form-action 'self'", "frame-ancestors 'none'"} {
					if !strings.Contains(csp, d) {
						t.Errorf("Content-Security-Policy %q lacks %q", csp, d)
					}
				}
			})
		}
	})
}

// TestBodyTooLarge posts a form of over 1 MiB to every form: each answers
// 413 and stores nothing.
func TestBodyTooLarge(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		ctx := salkku.System(context.Background())
		pf := a.portfolio(t, naantaliName)
		p21 := a.project(t, pf.ID, "2.1")
		infra := a.category(t, pf.ID, "Perusinfrastruktuurihankkeet")
		kp := a.project(t, a.portfolio(t, karaName).ID, "KaRa")
		oa1 := a.workPackage(t, kp.ID, "OA1")
		hanna := a.person(t, "Hanna Mara")
		org := a.organisation(t, "Naantalin kaupunki")
		big := url.Values{"name": {strings.Repeat("x", 1<<20)}, "code": {"9.9"}}

		for _, path := range []string{
			"/portfolios/new", "/portfolios/" + id(pf.ID) + "/edit",
			"/portfolios/" + id(pf.ID) + "/categories/new", "/categories/" + id(infra.ID) + "/edit",
			"/portfolios/" + id(pf.ID) + "/projects/new", "/projects/" + id(p21.ID) + "/edit",
			"/projects/" + id(kp.ID) + "/workpackages/new", "/workpackages/" + id(oa1.ID) + "/edit",
			"/people/new", "/people/" + id(hanna.ID) + "/edit",
			"/organisations/new", "/organisations/" + id(org.ID) + "/edit",
		} {
			t.Run(path, func(t *testing.T) {
				p := a.post(t, path, big)
				wantStatus(t, p, http.StatusRequestEntityTooLarge)
				if got := oneH1(t, p); got != "Pyyntö on liian suuri" {
					t.Errorf("h1 %q", got)
				}
			})
		}
		if _, n, _ := a.db.FindProjects(ctx, salkku.ProjectFilter{Query: "9.9"}); n != 0 {
			t.Errorf("%d projects stored from oversized forms", n)
		}
		if got := a.project(t, pf.ID, "2.1"); got.Version != p21.Version {
			t.Errorf("2.1 changed by an oversized form")
		}
	})
}
