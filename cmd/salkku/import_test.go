package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportActualsCommand imports a Finnish Excel CSV (semicolons,
// decimal commas, Windows-1252) into the demo's KaRa: a dry run changes
// nothing, the import applies every row, the same file again changes
// nothing, and a file with one bad row is refused naming it.
func TestImportActualsCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cmd := func(args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := run(ctx, args, strings.NewReader(""), &out, &errOut)
		return out.String() + errOut.String(), err
	}
	if out, err := cmd("demo", "load", "--data", dir); err != nil {
		t.Fatalf("demo load: %v\n%s", err, out)
	}
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
