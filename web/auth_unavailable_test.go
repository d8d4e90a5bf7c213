package web_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
	"github.com/salkku/salkku/sqldb/sqldbtest"
	"github.com/salkku/salkku/web"
	"github.com/salkku/salkku/web/site"
)

// downUsers is a user store whose database stops answering.
type downUsers struct{ *sqldb.DB }

var errDown = errors.New("sqldb: find session: dial tcp 127.0.0.1:5432: connect: connection refused")

func (downUsers) FindSession(context.Context, string) (*salkku.Session, *salkku.User, error) {
	return nil, nil, errDown
}

func (downUsers) AuthenticateToken(context.Context, string) (*salkku.User, error) {
	return nil, errDown
}

// TestSessionCheckUnavailable: when the session cannot be checked, pages
// and the API answer 503 and keep the session cookie: a database that does
// not answer signs no one out.
func TestSessionCheckUnavailable(t *testing.T) {
	db := sqldbtest.MustOpen(t, "sqlite")
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := site.New(web.Config{Register: db, Users: downUsers{db}, DB: db, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	for _, tc := range []struct {
		name, path, header, value string
	}{
		{"Page", "/", "Cookie", "salkku_session=abc"},
		{"APISession", "/api/v1/projects", "Cookie", "salkku_session=abc"},
		{"APIToken", "/api/v1/projects", "Authorization", "Bearer slk_abcdefgh_secret"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, ts.URL+tc.path, nil)
			req.Header.Set(tc.header, tc.value)
			res, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusServiceUnavailable {
				t.Fatalf("got %d, want 503: %s", res.StatusCode, body)
			}
			for _, c := range res.Cookies() {
				if c.Name == "salkku_session" {
					t.Errorf("the session cookie was changed: %v", c)
				}
			}
			if res.Header.Get("Retry-After") == "" {
				t.Error("no Retry-After")
			}
			if strings.HasPrefix(tc.path, "/api/") && !strings.Contains(string(body), `"code":"unavailable"`) {
				t.Errorf("got body %s, want code unavailable", body)
			}
		})
	}
}
