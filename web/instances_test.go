package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/salkku/salkku/internal/testenv"
	"github.com/salkku/salkku/sqldb/sqldbtest"
	"github.com/salkku/salkku/web"
	"github.com/salkku/salkku/web/site"
)

// TestSessionsTwoInstances: two instances of Salkku on one PostgreSQL
// (issue 12: stateless instances behind a load balancer) share sessions:
// a browser signed in through A is signed in on B, an edit posted to B
// with the session's CSRF token is taken, and signing out on B signs it
// out on A at once.
func TestSessionsTwoInstances(t *testing.T) {
	if len(sqldbtest.Engines(t)) < 2 {
		testenv.SkipOrFail(t, "two instances need one PostgreSQL (SALKKU_TEST_POSTGRES)")
	}
	f := newAZFixture(t, "postgres")
	dbB := sqldbtest.Reopen(t, f.db)
	srvB, err := site.New(web.Config{Register: dbB, Users: dbB, DB: dbB, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	must(t, err)
	sess := f.sessions[azAdmin]
	send := func(srv http.Handler, method, path string, form url.Values) *httptest.ResponseRecorder {
		t.Helper()
		var body io.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req := httptest.NewRequest(method, path, body)
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		req.Header.Set("Accept-Language", "en")
		req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: sess.secret})
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec
	}
	for name, srv := range map[string]http.Handler{"A": f.srv, "B": srvB} {
		if rec := send(srv, http.MethodGet, "/account", nil); rec.Code != http.StatusOK {
			t.Fatalf("GET /account on %s with A's session: %d", name, rec.Code)
		}
	}
	// An edit on B with the session's token: a new portfolio under A's.
	rec := send(srvB, http.MethodPost, "/portfolios/new", url.Values{"csrf": {sess.csrf}, "organisation_id": {strconv.FormatInt(f.a.OrganisationID, 10)},
		"parent_id": {strconv.FormatInt(f.a.ID, 10)}, "name.fi": {"Toisen instanssin salkku"}, "version": {"0"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("POST /portfolios/new on B: %d\n%s", rec.Code, excerpt(rec.Body.String()))
	}
	if rec := send(f.srv, http.MethodGet, rec.Header().Get("Location"), nil); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Toisen instanssin salkku") {
		t.Errorf("A does not see what B wrote: %d", rec.Code)
	}
	if rec := send(srvB, http.MethodPost, "/logout", url.Values{"csrf": {sess.csrf}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("POST /logout on B: %d", rec.Code)
	}
	if rec := send(f.srv, http.MethodGet, "/account", nil); rec.Code == http.StatusOK {
		t.Error("signed out on B, the session still works on A")
	}
}
