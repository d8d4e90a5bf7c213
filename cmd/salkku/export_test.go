package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportCommand writes the demo portfolio's overview as the download
// gives it, with a progress bar; as a user without a role on it the page's
// refusal is the answer, and an unknown format is refused before anything.
func TestExportCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cmd := func(args ...string) (string, string, error) {
		var out, errOut bytes.Buffer
		err := run(ctx, args, strings.NewReader(""), &out, &errOut)
		return out.String(), errOut.String(), err
	}
	if _, e, err := cmd("demo", "load", "--data", dir); err != nil {
		t.Fatalf("demo load: %v\n%s", err, e)
	}
	file := filepath.Join(dir, "yleiskuva.csv")
	_, e, err := cmd("export", "--data", dir, "--format", "csv", "--out", file, "/portfolios/1")
	if err != nil {
		t.Fatalf("export: %v\n%s", err, e)
	}
	if !strings.Contains(e, "rows  [##############################] 39 / 39") || !strings.Contains(e, "wrote "+file) {
		t.Errorf("no progress bar:\n%s", e)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 40 || !strings.HasPrefix(lines[0], "Tunnus,Nimi,") || !strings.HasPrefix(lines[1], "2.1,Palomuuripalvelun") {
		t.Errorf("the file has %d lines:\n%s", len(lines), b)
	}
	out, e, err := cmd("export", "--data", dir, "--format", "csv", "--out", "-", "--lang", "en", "/portfolios/1/export?sort=code")
	if err != nil || !strings.HasPrefix(out, "Code,Name,") {
		t.Errorf("to stdout: %v %q\n%s", err, out[:min(len(out), 80)], e)
	}

	if _, e, err := cmd("user", "create", "--data", dir, "--email", "ulkopuolinen@test.invalid", "--no-password"); err != nil {
		t.Fatalf("user create: %v\n%s", err, e)
	}
	_, _, err = cmd("export", "--data", dir, "--as", "ulkopuolinen@test.invalid", "--out", filepath.Join(dir, "x.xlsx"), "/portfolios/1")
	if err == nil || !strings.Contains(err.Error(), "ei löytynyt") && !strings.Contains(err.Error(), "oikeutta") {
		t.Errorf("as a user without access: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.xlsx")); !os.IsNotExist(err) {
		t.Errorf("a refused export left a file: %v", err)
	}
	if _, _, err = cmd("export", "--data", dir, "--format", "pdf", "/portfolios/1"); err == nil || !strings.Contains(err.Error(), "Tuntematon tiedostomuoto") {
		t.Errorf("an unknown format: %v", err)
	}
}
