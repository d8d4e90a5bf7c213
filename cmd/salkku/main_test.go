package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

// bootMain starts the real program on a free port over the data folder.
func bootMain(t *testing.T, dataDir string, demo bool) *Main {
	t.Helper()
	m := NewMain()
	m.Config.Addr = "127.0.0.1:0"
	m.Config.DataDir = dataDir
	m.Config.Demo = demo
	m.Stdout = io.Discard
	m.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := m.Run(salkku.System(context.Background())); err != nil {
		t.Fatalf("run: %v", err)
	}
	return m
}

// client is a browser-like HTTP client: cookies kept, redirects not
// followed; token, when set, is sent as a Bearer token.
type client struct {
	hc    *http.Client
	token string
}

func newClient(t *testing.T) *client {
	jar, _ := cookiejar.New(nil)
	return &client{hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (c *client) do(t *testing.T, method, url string, body io.Reader, contentType string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func (c *client) get(t *testing.T, url string) (int, string) {
	t.Helper()
	code, _, body := c.do(t, http.MethodGet, url, nil, "")
	return code, body
}

var loginTokenRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// login signs in through the login form, as a person would.
func (c *client) login(t *testing.T, base, email, password string) {
	t.Helper()
	code, body := c.get(t, base+"/login")
	m := loginTokenRE.FindStringSubmatch(body)
	if code != 200 || m == nil {
		t.Fatalf("login page: %d", code)
	}
	form := url.Values{"email": {email}, "password": {password}, "csrf": {m[1]}, "next": {"/"}}
	code, h, _ := c.do(t, http.MethodPost, base+"/login", strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
	if code != http.StatusSeeOther || h.Get("Location") != "/" {
		t.Fatalf("login: %d to %q, want 303 to /", code, h.Get("Location"))
	}
}

const testPassword = "pitkä testisalasana"

// mustUser makes an admin with a password and an API token.
func mustUser(t *testing.T, m *Main, email string) (token string) {
	t.Helper()
	ctx := salkku.System(context.Background())
	u := &salkku.User{Email: email, Name: "Testi Pääkäyttäjä", Admin: true}
	if err := m.DB.CreateUser(ctx, u, testPassword); err != nil {
		t.Fatal(err)
	}
	token, err := m.DB.CreateToken(ctx, &salkku.APIToken{UserID: u.ID, Name: "e2e"})
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// TestEndToEnd boots Salkku with the demo, signs in through the login form,
// reads the Naantali portfolio over HTTP, changes a project through the API
// with a token, restarts the program on the same data folder and finds
// everything kept.
func TestEndToEnd(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	m := bootMain(t, dir, true)
	anon := newClient(t)
	if code, body := anon.get(t, m.URL()+"/healthz"); code != 200 || !strings.Contains(body, "ok") {
		t.Fatalf("healthz: %d %q", code, body)
	}
	if code, h, _ := anon.do(t, http.MethodGet, m.URL()+"/portfolios/1", nil, ""); code != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/login?next=") {
		t.Fatalf("anonymous page: %d to %q, want 303 to the login page", code, h.Get("Location"))
	}
	if code, _ := anon.get(t, m.URL()+"/api/v1/projects"); code != http.StatusUnauthorized {
		t.Fatalf("anonymous API: %d, want 401", code)
	}

	token := mustUser(t, m, "e2e@test.invalid")
	browser := newClient(t)
	browser.login(t, m.URL(), "e2e@test.invalid", testPassword)
	code, body := browser.get(t, m.URL()+"/")
	if code != 200 || !strings.Contains(body, "Naantalin kaupunki") || !strings.Contains(body, "Kainuun sote") {
		t.Fatalf("home: %d, want both demo organisations", code)
	}
	api := newClient(t)
	api.token = token
	code, body = api.get(t, m.URL()+"/api/v1/projects?q=palomuuri")
	if code != 200 {
		t.Fatalf("api list: %d %s", code, body)
	}
	var list struct {
		Items []map[string]any `json:"items"`
		Total int              `json:"total"`
	}
	if err := json.Unmarshal([]byte(body), &list); err != nil || list.Total != 1 {
		t.Fatalf("api list: total %d, err %v: %s", list.Total, err, body)
	}
	p := list.Items[0]
	if p["code"] != "2.1" || p["start"] != "2017-10" || p["end"] != "2018-04" {
		t.Fatalf("project 2.1 from the API: %v", p)
	}
	p["name"] = "Palomuuripalvelun jatkaminen (päivitetty)"
	b, _ := json.Marshal(p)
	if code, _, body := api.do(t, http.MethodPut, m.URL()+"/api/v1/projects/"+jsonID(p), bytes.NewReader(b), "application/json"); code != 200 {
		t.Fatalf("api put: %d %s", code, body)
	}
	if err := m.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}

	// Restart on the same folder: the demo is not loaded twice, the edit
	// is still there, and so are the token and the browser's session.
	m = bootMain(t, dir, true)
	defer m.Close()
	code, body = api.get(t, m.URL()+"/api/v1/projects?q=palomuuri")
	if code != 200 || !strings.Contains(body, "(päivitetty)") || !strings.Contains(body, `"total":1`) {
		t.Fatalf("after restart: %d %s", code, body)
	}
	code, body = api.get(t, m.URL()+"/api/v1/organisations")
	if code != 200 || !strings.Contains(body, `"total":2`) {
		t.Fatalf("organisations after restart: %d %s", code, body)
	}
	if code, body := browser.get(t, m.URL()+"/portfolios/1"); code != 200 || !strings.Contains(body, "(päivitetty)") {
		t.Fatalf("session after restart: %d", code)
	}
}

func jsonID(p map[string]any) string {
	b, _ := json.Marshal(p["id"])
	return string(b)
}

func TestCommands(t *testing.T) {
	ctx := salkku.System(context.Background())
	dir := t.TempDir()
	for _, tc := range []struct {
		name     string
		args     []string
		wantErr  bool
		wantOut  string
		wantHelp string
	}{
		{name: "version", args: []string{"version"}, wantOut: "salkku "},
		{name: "no command", args: nil, wantErr: true, wantHelp: "Usage:"},
		{name: "unknown", args: []string{"frobnicate"}, wantErr: true, wantHelp: "unknown command"},
		{name: "serve help", args: []string{"serve", "-h"}, wantErr: true, wantHelp: "-addr"},
		{name: "migrate", args: []string{"migrate", "--data", dir}, wantOut: "up to date"},
		{name: "demo load", args: []string{"demo", "load", "--data", dir}, wantOut: "demo data loaded"},
		{name: "demo load twice", args: []string{"demo", "load", "--data", dir}, wantErr: true},
		{name: "demo without load", args: []string{"demo"}, wantErr: true, wantHelp: "demo load"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(ctx, tc.args, strings.NewReader(""), &out, &errOut)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if !strings.Contains(out.String(), tc.wantOut) {
				t.Errorf("stdout %q, want %q", out.String(), tc.wantOut)
			}
			if !strings.Contains(errOut.String(), tc.wantHelp) {
				t.Errorf("stderr %q, want %q", errOut.String(), tc.wantHelp)
			}
		})
	}
}

func TestRedactURL(t *testing.T) {
	got := redactURL("postgres://salkku:secret@db.example:5432/salkku?sslmode=require")
	if strings.Contains(got, "secret") || !strings.Contains(got, "db.example") {
		t.Fatalf("redactURL = %q", got)
	}
}

func projectQuery(q string) salkku.ProjectFilter { return salkku.ProjectFilter{Query: q} }
