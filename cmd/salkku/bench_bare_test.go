package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/gen"
	"github.com/salkku/salkku/internal/bench"
	"github.com/salkku/salkku/sqldb/sqldbtest"
	"github.com/salkku/salkku/web"
)

// TestBareBodies: each bare handler answers what the real API does for
// the same register, on SQLite and on PostgreSQL: the list's items (ids,
// codes, names) and the whole body of each, so that ratio (a) compares
// the same work.
func TestBareBodies(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server")
	}
	for _, engine := range sqldbtest.Engines(t) {
		t.Run(engine, func(t *testing.T) { testBareBodies(t, emptyDatabase(t, engine)) })
	}
}

// emptyDatabase is "" for a temporary SQLite file, or the URL of a fresh
// PostgreSQL schema dropped when the test ends.
func emptyDatabase(t *testing.T, engine string) string {
	t.Helper()
	base := os.Getenv("SALKKU_TEST_POSTGRES")
	if engine != "postgres" || base == "" {
		return ""
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if a, err := sql.Open("pgx", base); err == nil {
			a.Exec("DROP SCHEMA " + schema + " CASCADE")
			a.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// startTinyBench starts the bench's server, with its bare handlers, on a
// tiny register in dbURL (see emptyDatabase).
func startTinyBench(t *testing.T, dbURL string) (*benchServer, *http.Client) {
	t.Helper()
	s, _ := gen.ScaleByName("tiny")
	hc := bench.NewClient(1, 30*time.Second)
	var log bytes.Buffer
	srv, err := startBench(context.Background(), s, 1, dbURL, &log, hc, 1, true)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	t.Cleanup(func() { srv.close() })
	return srv, hc
}

func testBareBodies(t *testing.T, dbURL string) {
	ctx := context.Background()
	srv, hc := startTinyBench(t, dbURL)
	get := func(base, path string, auth bool) []byte {
		t.Helper()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if auth {
			req.Header.Set("Authorization", "Bearer "+srv.client.token)
		}
		body, err := bench.Send(hc, req)
		if err != nil {
			t.Fatalf("%s %s: %v", base, path, err)
		}
		return body
	}
	tg := srv.target

	t.Run("List", func(t *testing.T) {
		// A page shorter than the register, so that next and total count.
		const path = "/api/v1/projects?limit=7"
		type item struct {
			ID   int64             `json:"id"`
			Code string            `json:"code"`
			Name map[string]string `json:"name"`
		}
		type list struct {
			Items []item `json:"items"`
			Total int    `json:"total"`
			Next  string `json:"next"`
		}
		var real, bare list
		realBody, bareBody := get(srv.client.base, path, true), get(srv.bare.base, path, false)
		if err := json.Unmarshal(realBody, &real); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(bareBody, &bare); err != nil {
			t.Fatal(err)
		}
		if len(real.Items) != 7 || real.Total != srv.projects || real.Next == "" {
			t.Fatalf("the API's list: %d items of %d, next %q; want 7 of %d and a next page", len(real.Items), real.Total, real.Next, srv.projects)
		}
		if len(bare.Items) != len(real.Items) || bare.Total != real.Total || bare.Next != real.Next {
			t.Errorf("bare: %d items of %d, next %q; want %d of %d, next %q", len(bare.Items), bare.Total, bare.Next, len(real.Items), real.Total, real.Next)
		}
		for i := range min(len(bare.Items), len(real.Items)) {
			if g, w := bare.Items[i], real.Items[i]; g.ID != w.ID || g.Code != w.Code || len(w.Name) == 0 || !mapsEqual(g.Name, w.Name) {
				t.Errorf("item %d: got %+v, want %+v", i, g, w)
			}
		}
		if !bytes.Equal(bareBody, realBody) {
			t.Errorf("the bodies differ:\nbare %s\nreal %s", bareBody, realBody)
		}
	})
	for _, tc := range []struct{ name, path string }{
		{"Project", "/api/v1/projects/" + strconv.FormatInt(tg.projects[0], 10)},
		{"Me", "/api/v1/me"},
		{"Rollup", "/api/v1/portfolios/" + strconv.FormatInt(tg.root, 10) + "/finance"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			realBody, bareBody := get(srv.client.base, tc.path, true), get(srv.bare.base, tc.path, false)
			if !bytes.Equal(bareBody, realBody) {
				t.Errorf("the bodies differ:\nbare %s\nreal %s", bareBody, realBody)
			}
		})
	}
}

// TestBarePages: each page's bare handler writes the real page for the
// same register, on SQLite and on PostgreSQL, but for the session's CSRF
// token, which the bare handlers do not have.
func TestBarePages(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server")
	}
	for _, engine := range sqldbtest.Engines(t) {
		t.Run(engine, func(t *testing.T) { testBarePages(t, emptyDatabase(t, engine)) })
	}
}

func testBarePages(t *testing.T, dbURL string) {
	ctx := context.Background()
	srv, hc := startTinyBench(t, dbURL)
	csrf := regexp.MustCompile(`name="csrf" value="[^"]*"`)
	get := func(base, path string, session bool) string {
		t.Helper()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if session {
			req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: srv.client.session})
		}
		body, err := bench.Send(hc, req)
		if err != nil {
			t.Fatalf("%s %s: %v", base, path, err)
		}
		return csrf.ReplaceAllString(string(body), `name="csrf" value=""`)
	}
	tg := srv.target
	pf := "/portfolios/" + strconv.FormatInt(tg.portfolio, 10)
	// A gate request open, which the generated register has none of.
	if err := srv.main.DB.RequestGate(salkku.System(ctx), &salkku.GateRequest{ProjectID: tg.projects[1], PlannedFor: "2027-01-15"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, path, want string }{
		{"Overview", pf, "<tbody>"},
		{"OverviewCategory", pf + "?category=" + strconv.FormatInt(tg.category, 10), "<tbody>"},
		{"OverviewSearch", pf + "?q=" + url.QueryEscape(tg.word), "<tbody>"},
		{"OverviewPage", pf + "?page=" + strconv.Itoa(tg.lastPage), "<tbody>"},
		{"OverviewPastEnd", pf + "?page=99", "<tbody>"},
		{"OverviewNone", pf + "?q=no-such-project-anywhere", `class="count"`},
		{"Home", "/", `class="my-reports"`},
		{"Project", "/projects/" + strconv.FormatInt(tg.projects[0], 10), `class="wp-tree"`},
		{"ProjectRequest", "/projects/" + strconv.FormatInt(tg.projects[1], 10), "käsittely 15.1.2027"},
		{"HomePastEnd", "/?page=99", `class="tree"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			real, bare := get(srv.client.base, tc.path, true), get(srv.bare.base, tc.path, false)
			if !strings.Contains(real, tc.want) {
				t.Fatalf("the real page has no %q:\n%s", tc.want, real)
			}
			if bare != real {
				t.Errorf("the pages differ:\n%s", lineDiff(bare, real))
			}
		})
	}
}

// lineDiff shows the first lines where got and want differ.
func lineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\nbare %s\nreal %s", i+1, a, b)
		}
	}
	return ""
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestRebind: PostgreSQL's placeholders are numbered in order.
func TestRebind(t *testing.T) {
	for _, tc := range []struct {
		postgres bool
		in, want string
	}{
		{false, "a = ? AND b IN (?, ?)", "a = ? AND b IN (?, ?)"},
		{true, "a = ? AND b IN (?, ?)", "a = $1 AND b IN ($2, $3)"},
		{true, "SELECT 1", "SELECT 1"},
	} {
		if got := rebind(tc.postgres, tc.in); got != tc.want {
			t.Errorf("rebind(%v, %q) = %q, want %q", tc.postgres, tc.in, got, tc.want)
		}
	}
}

// TestBareCursor: the cursor is the API's, so that the bare list's next
// page is the real one's.
func TestBareCursor(t *testing.T) {
	if got, want := bareCursor(3, "a 1", 42), "eyJyIjozLCJjIjoiYSAxIiwiaSI6NDJ9"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
