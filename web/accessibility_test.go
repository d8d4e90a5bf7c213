package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/web"
)

// pageClock is a settable clock for the server's pages.
type pageClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *pageClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *pageClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// notifier remembers the feedback it is told of.
type notifier struct {
	mu  sync.Mutex
	got []*salkku.Feedback
}

func (n *notifier) FeedbackReceived(_ context.Context, f *salkku.Feedback) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.got = append(n.got, f)
	return nil
}

// feedbackApp is an app whose pages run on a clock the test moves, with a
// notifier and the whole request log kept.
type feedbackApp struct {
	*app
	clock *pageClock
	note  *notifier
	log   *syncBuffer
}

func newFeedbackApp(t *testing.T, engine string) *feedbackApp {
	t.Helper()
	f := &feedbackApp{clock: &pageClock{t: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}, note: &notifier{}, log: &syncBuffer{}}
	f.app = newAppWith(t, engine, func(c *web.Config) {
		c.Now, c.FeedbackNotifier = f.clock.Now, f.note
		c.Logger = slog.New(slog.NewTextHandler(f.log, &slog.HandlerOptions{Level: slog.LevelInfo}))
	})
	return f
}

// anonymous makes the app's client a browser that has not signed in.
func (a *app) anonymous() {
	a.hc, a.csrf = a.anonymousClient(), ""
}

// feedbackCount is how many messages are stored.
func (a *app) feedbackCount(t *testing.T) int {
	t.Helper()
	_, n, err := a.db.FindFeedback(salkku.System(context.Background()), salkku.FeedbackFilter{})
	must(t, err)
	return n
}

func TestStatementSignedOut(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		a.anonymous()
		for _, c := range []struct {
			lang, header, h1 string
			want             []string
		}{
			{"fi", "Accept-Language: fi", "Saavutettavuusseloste", []string{"täyttää osittain WCAG 2.1", "Etelä-Suomen aluehallintovirasto, Saavutettavuusvalvonta",
				"Seloste on laadittu 1.12.2026 ja päivitetty viimeksi 1.12.2026.", "axe-core", "Käyttäjien kirjoittamat sisällöt"}},
			{"sv", "Accept-Language: sv-FI,sv;q=0.9", "Tillgänglighetsutlåtande", []string{"uppfyller delvis kraven", "Regionförvaltningsverket i Södra Finland",
				"Innehåll som inte är tillgängligt"}},
			{"en", "", "Accessibility statement", []string{"partially conforms", "Regional State Administrative Agency for Southern Finland",
				"This statement was prepared on 1 Dec 2026"}},
		} {
			t.Run(c.lang, func(t *testing.T) {
				path := "/accessibility"
				if c.header == "" {
					path += "?lang=" + c.lang
				}
				p := a.get(t, path, c.header)
				wantStatus(t, p, http.StatusOK)
				if got := htmlLang(p); got != c.lang {
					t.Errorf("html lang %q, want %q", got, c.lang)
				}
				if got := oneH1(t, p); got != c.h1 {
					t.Errorf("h1 %q, want %q", got, c.h1)
				}
				wantText(t, p, c.want...)
				wantText(t, p, "https://www.saavutettavuusvaatimukset.fi", "saavutettavuus@avi.fi", "0295 016 000",
					`href="/accessibility/feedback"`)
			})
		}
		t.Run("footer", func(t *testing.T) {
			for _, path := range []string{"/login", "/accessibility/feedback"} {
				wantText(t, a.get(t, path), `<a href="/accessibility">`)
			}
			a.hc = a.newClient()
			wantText(t, a.get(t, "/"), `<a href="/accessibility">`)
		})
	})
}

// a11ySettings is the statement's part of the settings form, filled in.
func a11ySettings() url.Values {
	return url.Values{"action": {"accessibility"}, "a11y_made": {"2.3.2027"}, "a11y_reviewed": {"15.4.2027"}, "a11y_status": {"full"},
		"a11y_issues_fi": {""}, "a11y_issues_sv": {"Kartan färger har svag kontrast.\n\nOrsak: kartan kommer från en annan tjänst."}, "a11y_issues_en": {""},
		"a11y_authority_name_fi": {"Lupa- ja valvontavirasto, Saavutettavuusvalvonta"}, "a11y_authority_name_sv": {""}, "a11y_authority_name_en": {""},
		"a11y_authority_url": {"https://www.saavutettavuusvaatimukset.fi/"}, "a11y_authority_email": {"saavutettavuus@luova.fi"},
		"a11y_authority_phone": {"0295 000 000"}}
}

// a11yForm is the page's accessibility-statement form, for reading back.
func a11yForm(p *page) *page {
	q := *p
	if i := strings.Index(p.Body, `<section aria-labelledby="a11y-h">`); i >= 0 {
		q.Body = p.Body[i:]
	}
	return &q
}

func TestStatementSettings(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		t.Run("OK", func(t *testing.T) {
			p := a.get(t, "/admin/settings?lang=fi")
			wantStatus(t, p, http.StatusOK)
			// The form shows the defaults, and says that the authority changes.
			wantKept(t, a11yForm(p), url.Values{"a11y_made": {"1.12.2026"}, "a11y_authority_email": {"saavutettavuus@avi.fi"}},
				"a11y_made", "a11y_authority_email")
			wantText(t, p, "Lupa- ja valvontavirastoksi 1.1.2026")
			wantRedirect(t, a.post(t, "/admin/settings", a11ySettings()), "/admin/settings")

			anon := *a
			anon.anonymous()
			sv := anon.get(t, "/accessibility?lang=sv")
			wantText(t, sv, "uppfyller kraven på nivå A och AA", "Kartan färger har svag kontrast.", "Orsak: kartan kommer från en annan tjänst.",
				"2.3.2027", "15.4.2027", "saavutettavuus@luova.fi", "0295 000 000",
				`<p lang="fi">Lupa- ja valvontavirasto, Saavutettavuusvalvonta</p>`)
			wantNoText(t, sv, "Innehåll som användarna skriver", "Regionförvaltningsverket")
			// Finnish has no text of its own: the Swedish one, marked.
			fi := anon.get(t, "/accessibility?lang=fi")
			wantText(t, fi, `<div lang="sv"><p>Kartan färger`, "<p>Lupa- ja valvontavirasto, Saavutettavuusvalvonta</p>")
			entries, _, err := a.db.FindAudit(salkku.System(context.Background()), salkku.AuditFilter{Entity: "setting"})
			must(t, err)
			if len(entries) != 1 || !strings.Contains(entries[0].After, "saavutettavuus@luova.fi") {
				t.Errorf("audit %v, want one row of the settings", entries)
			}
		})
		t.Run("ErrInput", func(t *testing.T) {
			before, err := a.db.Settings(salkku.System(context.Background()), salkku.A11ySettingKeys()...)
			must(t, err)
			sent := with(a11ySettings(), "a11y_made", "32.13.2026", "a11y_reviewed", "1.1.2020", "a11y_status", "maybe",
				"a11y_authority_url", "ftp://saavutettavuus", "a11y_authority_email", "ei osoite", "a11y_authority_phone", "soita meille",
				"a11y_authority_name_fi", "")
			p := a.post(t, "/admin/settings?lang=fi", sent)
			wantStatus(t, p, http.StatusUnprocessableEntity)
			for field, want := range map[string]string{"a11y_made": "p.k.vvvv", "a11y_status": "", "a11y_authority_url": "https://",
				"a11y_authority_email": "", "a11y_authority_phone": "numeroita", "a11y_authority_name_fi": ""} {
				if got := fieldError(p, field); got == "" || !strings.Contains(got, want) {
					t.Errorf("field %s: error %q, want one saying %q", field, got, want)
				}
			}
			wantKept(t, a11yForm(p), sent, "a11y_made", "a11y_reviewed", "a11y_authority_url", "a11y_authority_email",
				"a11y_authority_phone", "a11y_issues_sv")
			// The review before the statement was made is refused too.
			p = a.post(t, "/admin/settings?lang=en", with(a11ySettings(), "a11y_reviewed", "1.3.2027"))
			wantStatus(t, p, http.StatusUnprocessableEntity)
			if got := fieldError(p, "a11y_reviewed"); !strings.Contains(got, "cannot be before") {
				t.Errorf("a11y_reviewed: error %q", got)
			}
			after, err := a.db.Settings(salkku.System(context.Background()), salkku.A11ySettingKeys()...)
			must(t, err)
			wantEqualMaps(t, after, before)
		})
	})
}

func wantEqualMaps(t *testing.T, got, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q unchanged", k, got[k], v)
		}
	}
}

// feedbackForm is the feedback form as the page gives it, filled in.
func (f *feedbackApp) feedbackForm(t *testing.T, lang string) url.Values {
	t.Helper()
	p := f.get(t, "/accessibility/feedback?lang="+lang)
	wantStatus(t, p, http.StatusOK)
	v := formValues(t, p)
	if v.Get("csrf") == "" || v.Get("stamp") == "" || !v.Has("website") {
		t.Fatalf("form %v lacks its token, stamp or the field to leave empty", v)
	}
	v.Set("feedback_message", "Hankesivun taulukko ei toimi ruudunlukijalla.")
	v.Set("sender_name", "Aino Aalto")
	v.Set("sender_email", "aino.aalto@example.invalid")
	v.Set("page_url", "/projects/3")
	return v
}

func TestFeedback(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFeedbackApp(t, engine)
		admin, adminCSRF := f.hc, f.csrf
		f.anonymous()
		form := f.feedbackForm(t, "fi")
		f.clock.Add(10 * time.Second)
		wantRedirect(t, f.post(t, "/accessibility/feedback", form), "/accessibility/feedback/thanks")
		wantText(t, f.get(t, "/accessibility/feedback/thanks"), "Kiitos palautteestasi")
		if n := f.feedbackCount(t); n != 1 {
			t.Fatalf("%d stored, want 1", n)
		}
		if len(f.note.got) != 1 || f.note.got[0].Message != form.Get("feedback_message") {
			t.Errorf("notifier told of %v, want the message", f.note.got)
		}

		// The admins read it.
		f.hc, f.csrf = admin, adminCSRF
		p := f.get(t, "/admin/feedback?lang=fi")
		wantStatus(t, p, http.StatusOK)
		wantText(t, p, "Hankesivun taulukko ei toimi ruudunlukijalla.", "Aino Aalto", "aino.aalto@example.invalid", "/projects/3", "Käsittelemättä")
		wantText(t, f.get(t, "/admin/users"), `href="/admin/feedback"`)
		items, _, err := f.db.FindFeedback(salkku.System(context.Background()), salkku.FeedbackFilter{})
		must(t, err)
		wantRedirect(t, f.post(t, "/admin/feedback/"+id(items[0].ID), url.Values{"handled": {"true"}, "page": {"1"}}), "/admin/feedback")
		wantText(t, f.get(t, "/admin/feedback?lang=fi"), "Käsitellyt", f.admin.Name, "Merkitse käsittelemättömäksi")
		wantStatus(t, f.post(t, "/admin/feedback/999999", url.Values{"handled": {"true"}}), http.StatusNotFound)

		// Who sent it is not in the request log.
		if log := f.log.String(); strings.Contains(log, "aino.aalto") || !strings.Contains(log, "/accessibility/feedback") {
			t.Errorf("request log holds the sender's e-mail, or no request:\n%s", log)
		}

		// Signed in, the session's token serves the form.
		p = f.get(t, "/accessibility/feedback")
		v := formValues(t, p)
		if v.Get("csrf") != f.csrf {
			t.Errorf("signed-in form's token %q, want the session's", v.Get("csrf"))
		}
	})
}

func TestFeedbackRefused(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFeedbackApp(t, engine)
		f.anonymous()
		typed := []string{"feedback_message", "sender_name", "sender_email", "page_url"}
		for _, c := range []struct {
			name, lang string
			change     func(v url.Values)
			wait       time.Duration
			status     int
			want       string
		}{
			{"honeypot", "fi", func(v url.Values) { v.Set("website", "https://spam.example") }, 5 * time.Second,
				http.StatusUnprocessableEntity, "näytti automaattiselta roskapostilta"},
			{"too fast", "sv", nil, time.Second, http.StatusUnprocessableEntity, "Formuläret skickades så snabbt"},
			{"expired", "en", nil, 25 * time.Hour, http.StatusUnprocessableEntity, "open for over a day"},
			{"forged stamp", "en", func(v url.Values) { v.Set("stamp", "1764583200.AAAA") }, 5 * time.Second,
				http.StatusUnprocessableEntity, "check value was missing or wrong"},
			{"no token", "fi", func(v url.Values) { v.Set("csrf", "x") }, 5 * time.Second, http.StatusForbidden, "Lomakkeen tarkistus epäonnistui"},
			{"bad e-mail", "fi", func(v url.Values) { v.Set("sender_email", "aino@") }, 5 * time.Second, http.StatusUnprocessableEntity, "nimi@esimerkki.fi"},
			{"too many links", "en", func(v url.Values) {
				v.Set("feedback_message", "See http://a.example http://b.example www.c.example https://d.example")
			}, 5 * time.Second, http.StatusUnprocessableEntity, "at most 3 links"},
			{"no message", "sv", func(v url.Values) { v.Set("feedback_message", "  ") }, 5 * time.Second, http.StatusUnprocessableEntity, ""},
			{"bad page", "en", func(v url.Values) { v.Set("page_url", "javascript:alert(1)") }, 5 * time.Second, http.StatusUnprocessableEntity,
				"a path that starts with /"},
		} {
			t.Run(c.name, func(t *testing.T) {
				form := f.feedbackForm(t, c.lang)
				if c.change != nil {
					c.change(form)
				}
				f.clock.Add(c.wait)
				p := f.post(t, "/accessibility/feedback?lang="+c.lang, form)
				wantStatus(t, p, c.status)
				wantText(t, p, c.want)
				wantKept(t, p, form, typed...)
				if got := formValues(t, p).Get("website"); got != "" {
					t.Errorf("the field to leave empty shows %q", got)
				}
				if n := f.feedbackCount(t); n != 0 {
					t.Fatalf("%d stored, want none", n)
				}
			})
		}
		t.Run("too fast, then waited", func(t *testing.T) {
			form := f.feedbackForm(t, "fi")
			p := f.post(t, "/accessibility/feedback", form)
			wantStatus(t, p, http.StatusUnprocessableEntity)
			f.clock.Add(5 * time.Second)
			// The form sent back keeps its moment: waiting is enough.
			wantRedirect(t, f.post(t, "/accessibility/feedback", formValues(t, p)), "/accessibility/feedback/thanks")
		})
		t.Run("rate limit", func(t *testing.T) {
			form := f.feedbackForm(t, "en")
			f.clock.Add(5 * time.Second)
			for f.feedbackCount(t) < salkku.MaxFeedbackPerAddr {
				wantRedirect(t, f.post(t, "/accessibility/feedback", form), "/accessibility/feedback/thanks")
			}
			p := f.post(t, "/accessibility/feedback?lang=en", form)
			wantStatus(t, p, http.StatusTooManyRequests)
			wantText(t, p, "Five messages have already been sent from this address")
			wantKept(t, p, form, typed...)
			if n := f.feedbackCount(t); n != salkku.MaxFeedbackPerAddr {
				t.Fatalf("%d stored, want %d", n, salkku.MaxFeedbackPerAddr)
			}
		})
	})
}

func TestFeedbackListForbidden(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		ctx := salkku.System(context.Background())
		must(t, a.db.CreateFeedback(ctx, &salkku.Feedback{Message: "Salainen palaute"}, "192.0.2.1"))
		a.admin = &salkku.User{Email: "katsoja@test.invalid", Name: "Testi Katsoja"}
		must(t, a.db.CreateUser(ctx, a.admin, ""))
		a.hc = a.newClient()
		p := a.get(t, "/admin/feedback")
		wantStatus(t, p, http.StatusForbidden)
		wantNoText(t, p, "Salainen palaute")
		wantStatus(t, a.post(t, "/admin/feedback/1", url.Values{"handled": {"true"}}), http.StatusForbidden)
		wantStatus(t, a.post(t, "/admin/settings", a11ySettings()), http.StatusForbidden)
	})
}
