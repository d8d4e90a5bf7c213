package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

// demoCommand loads the demo into a fresh data folder and runs salkku's
// commands, answering what they print.
func demoCommand(t *testing.T) (string, func(args ...string) (string, error)) {
	t.Helper()
	dir := t.TempDir()
	cmd := func(args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := run(context.Background(), args, strings.NewReader(""), &out, &errOut)
		return out.String() + errOut.String(), err
	}
	if out, err := cmd("demo", "load", "--data", dir); err != nil {
		t.Fatalf("demo load: %v\n%s", err, out)
	}
	return dir, cmd
}

// TestImportActualsCommand imports a Finnish Excel CSV (semicolons,
// decimal commas, Windows-1252) into the demo's KaRa: a dry run changes
// nothing, the import applies every row, the same file again changes
// nothing, and a file with one bad row is refused naming it.
func TestImportActualsCommand(t *testing.T) {
	dir, cmd := demoCommand(t)
	// "Henkilöstömenot" and "Päivämäärä" in Windows-1252: ö is 0xF6, ä 0xE4.
	csv := "Projekti;P\xe4iv\xe4m\xe4\xe4r\xe4;Kustannuslaji;Summa;Selite;Tosite\r\n" +
		"KaRa;11/2021;Henkil\xf6st\xf6menot;1\xa0234,50;Palkat;T-1\r\n" +
		"KaRa;12/2021;Palvelujen ostot;-20,00;Hyvitys;T-2\r\n"
	good := filepath.Join(dir, "toteumat.csv")
	if err := os.WriteFile(good, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := cmd("import", "actuals", "--data", dir, "--organisation", "Kainuun sote", "--dry-run", good)
	if err != nil || !strings.Contains(out, "2 new") || !strings.Contains(out, "nothing was changed") {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	out, err = cmd("import", "actuals", "--data", dir, "--organisation", "Kainuun sote", good)
	if err != nil || !strings.Contains(out, "2 new, 0 changed, 0 unchanged") || !strings.Contains(out, "1\u00a0214,50\u00a0€") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	out, err = cmd("import", "actuals", "--data", dir, "--organisation", "Kainuun sote", good)
	if err != nil || !strings.Contains(out, "0 new, 0 changed, 2 unchanged") {
		t.Fatalf("re-import: %v\n%s", err, out)
	}
	bad := filepath.Join(dir, "virhe.csv")
	if err := os.WriteFile(bad, []byte(csv+"KaRa;1/2022;Vuokrat;1.234,50;;T-3\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err = cmd("import", "actuals", "--data", dir, "--organisation", "Kainuun sote", bad)
	if err == nil || !strings.Contains(out, "rivi 4, Summa:") || !strings.Contains(out, "rivi 4, P\u00e4iv\u00e4m\u00e4\u00e4r\u00e4:") {
		t.Fatalf("bad file: %v\n%s", err, out)
	}
	if !strings.Contains(err.Error(), "nothing was imported") {
		t.Fatalf("bad file: %v", err)
	}
}

// TestImportProjectsCommand imports a project list into the demo's
// Naantali action plan: a dry run changes nothing, the import adds a
// project and updates one, the same file again changes nothing, and a
// file with a bad row is refused naming it.
func TestImportProjectsCommand(t *testing.T) {
	ctx := context.Background()
	dir, cmd := demoCommand(t)
	m := NewMain()
	m.Config.DataDir = dir
	db, err := m.openDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sys := salkku.System(ctx)
	found, _, err := db.FindProjects(sys, salkku.ProjectFilter{Query: "palomuuri"})
	if err != nil || len(found) == 0 {
		t.Fatalf("the demo's palomuuri: %v", err)
	}
	p := found[0]
	db.Close()
	pf := strconv.FormatInt(p.PortfolioID, 10)
	list := "Tunnus;Hanke;Aikataulu;Toimittajat\r\n" +
		p.Code + ";" + p.Name.FI + ";" + p.Schedule.Format("jatkuva") + ";Tieto Oyj, CGI\r\n" +
		"9.1;Tietoturvan kehittäminen;5/2017–;\r\n"
	good := filepath.Join(dir, "hankkeet.csv")
	if err := os.WriteFile(good, []byte(list), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := cmd("import", "projects", "--data", dir, "--portfolio", pf, "--dry-run", good)
	if err != nil || !strings.Contains(out, "1 new, 1 changed") || !strings.Contains(out, "nothing was changed") {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	out, err = cmd("import", "projects", "--data", dir, "--portfolio", pf, "--map", "name=Hanke", good)
	if err != nil || !strings.Contains(out, "2 rows: 1 new, 1 changed, 0 unchanged") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	out, err = cmd("import", "projects", "--data", dir, "--portfolio", pf, good)
	if err != nil || !strings.Contains(out, "0 new, 0 changed, 2 unchanged") {
		t.Fatalf("re-import: %v\n%s", err, out)
	}
	bad := filepath.Join(dir, "virhe.csv")
	if err := os.WriteFile(bad, []byte(list+"9.2;Uusi;4/2018 – 1/2018;\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err = cmd("import", "projects", "--data", dir, "--portfolio", pf, bad)
	if err == nil || !strings.Contains(out, "rivi 4, Aikataulu:") || !strings.Contains(err.Error(), "nothing was imported") {
		t.Fatalf("bad file: %v\n%s", err, out)
	}
	out, err = cmd("import", "projects", "--data", dir, good)
	if err == nil || !strings.Contains(err.Error(), "--portfolio") {
		t.Fatalf("no portfolio: %v\n%s", err, out)
	}
}
