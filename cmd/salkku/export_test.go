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

// TestDocCommand writes the demo's action plan and KaRa pack from the
// command line as the pages make them: the plan in Swedish as DOCX, the
// pack as PDF saying which engine made it; a date with no reports and a
// missing date are refused and write nothing.
func TestDocCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cmd := func(args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := run(ctx, args, strings.NewReader(""), &out, &errOut)
		return errOut.String(), err
	}
	if e, err := cmd("demo", "load", "--data", dir); err != nil {
		t.Fatalf("demo load: %v\n%s", err, e)
	}
	plan := filepath.Join(dir, "plan.docx")
	e, err := cmd("doc", "action-plan", "--data", dir, "--portfolio", "1", "--format", "docx", "--language", "sv", "--out", plan)
	if err != nil || !strings.Contains(e, "rows  [##############################] 39 / 39") {
		t.Fatalf("doc action-plan: %v\n%s", err, e)
	}
	b, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	inOrder(t, squeeze(docxText(t, b)), []string{"Innehåll", "1. Om åtgärdsplanens innehåll", "2. Perusinfrastruktuurihankkeet", "2.1 Palomuuripalvelun"})

	pack := filepath.Join(dir, "pack.pdf")
	e, err = cmd("doc", "pack", "--data", dir, "--project=40", "--date", "22.11.2021", "--out", pack)
	if err != nil || !strings.Contains(e, "the PDF is") {
		t.Fatalf("doc pack: %v\n%s", err, e)
	}
	if b, err = os.ReadFile(pack); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("the pack is no PDF: %v", err)
	}
	ppack := filepath.Join(dir, "portfolio-pack.docx")
	if e, err = cmd("doc", "pack", "--data", dir, "--portfolio", "2", "--date", "22.11.2021", "--format", "docx", "--out", ppack); err != nil {
		t.Fatalf("doc pack --portfolio: %v\n%s", err, e)
	}
	if b, err = os.ReadFile(ppack); err != nil || !strings.Contains(docxText(t, b), "Tilanne yhdellä silmäyksellä") {
		t.Errorf("the portfolio's pack: %v", err)
	}
	bad := filepath.Join(dir, "bad.pdf")
	if _, err = cmd("doc", "pack", "--data", dir, "--project", "40", "--date", "23.11.2021", "--out", bad); err == nil || !strings.Contains(err.Error(), "Tälle päivälle ei ole lähetettyjä tilanneraportteja") {
		t.Errorf("a date with no reports: %v", err)
	}
	if _, err = cmd("doc", "pack", "--data", dir, "--project", "40", "--out", bad); err == nil || !strings.Contains(err.Error(), "--date is required") {
		t.Errorf("no date: %v", err)
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Errorf("a refused document left a file: %v", err)
	}
}
