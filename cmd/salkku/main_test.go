package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
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
	if err := m.Run(context.Background()); err != nil {
		t.Fatalf("run: %v", err)
	}
	return m
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestEndToEnd boots Salkku with the demo, reads the Naantali portfolio over
// HTTP, changes a project through the API, restarts the program on the same
// data folder and finds everything kept.
func TestEndToEnd(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	m := bootMain(t, dir, true)

	if code, body := get(t, m.URL()+"/healthz"); code != 200 || !strings.Contains(body, "ok") {
		t.Fatalf("healthz: %d %q", code, body)
	}
	code, body := get(t, m.URL()+"/")
	if code != 200 || !strings.Contains(body, "Naantalin kaupunki") || !strings.Contains(body, "Kainuun sote") {
		t.Fatalf("home: %d, want both demo organisations", code)
	}
	code, body = get(t, m.URL()+"/api/v1/projects?q=palomuuri")
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
	req, _ := http.NewRequest(http.MethodPut, m.URL()+"/api/v1/projects/"+jsonID(p), bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("api put: %d", resp.StatusCode)
	}
	if err := m.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}

	// Restart on the same folder: the demo is not loaded twice and the
	// edit is still there.
	m = bootMain(t, dir, true)
	defer m.Close()
	code, body = get(t, m.URL()+"/api/v1/projects?q=palomuuri")
	if code != 200 || !strings.Contains(body, "(päivitetty)") || !strings.Contains(body, `"total":1`) {
		t.Fatalf("after restart: %d %s", code, body)
	}
	code, body = get(t, m.URL()+"/api/v1/organisations")
	if code != 200 || !strings.Contains(body, `"total":2`) {
		t.Fatalf("organisations after restart: %d %s", code, body)
	}
}

func jsonID(p map[string]any) string {
	b, _ := json.Marshal(p["id"])
	return string(b)
}

func TestCommands(t *testing.T) {
	ctx := context.Background()
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
			err := run(ctx, tc.args, &out, &errOut)
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
