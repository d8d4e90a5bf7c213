package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// TestBench runs "salkku bench" on the tiny register with one client for
// a moment, and checks that the table has every case, each with requests
// and without errors, on stdout and in --out.
func TestBench(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server and loads it")
	}
	out := filepath.Join(t.TempDir(), "docs", "bench.md")
	var stdout, stderr bytes.Buffer
	args := []string{"bench", "--scale", "tiny", "--clients", "1", "--duration", "150ms", "--creates", "20", "--out", out}
	if err := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); err != nil {
		t.Fatalf("bench: %v\n%s", err, stderr.String())
	}
	file, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(file, stdout.Bytes()) || !bytes.HasPrefix(file, []byte("# Salkku benchmarks")) {
		t.Errorf("--out does not hold the printed table under the title:\n%s", file)
	}
	table := stdout.String()
	for _, want := range []string{"SQLite", "tiny scale", "CPUs", runtime.GOOS + "/" + runtime.GOARCH, runtime.Version(), "Not yet measured"} {
		if !strings.Contains(table, want) {
			t.Errorf("the table's header or notes lack %q:\n%s", want, table)
		}
	}
	rows := map[string][]string{}
	for _, line := range strings.Split(table, "\n") {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if strings.HasPrefix(line, "| ") && len(cells) == 11 {
			rows[cells[0]] = cells
		}
	}
	cases := []string{benchOverview, benchOverviewCat, benchOverviewSearch, benchOverviewDeep, benchProjectPage, benchGatesPage, benchPhasesPage, benchStatusPage, benchReportsPage,
		benchHomePage, benchAPIMe, benchAPIGet, benchAPIPut, benchAPIList, benchAPICreate + " (20, total"}
	for _, c := range cases {
		var row []string
		for name, cells := range rows {
			if name == c || strings.HasPrefix(name, c) && strings.HasPrefix(c, benchAPICreate) {
				row = cells
			}
		}
		if row == nil {
			t.Errorf("no row for %q in:\n%s", c, table)
			continue
		}
		if n, err := strconv.Atoi(row[2]); err != nil || n == 0 {
			t.Errorf("%s: %s requests, want some", c, row[2])
		}
		// Every case's requests run statements: a dash or 0.0 would mean
		// the server's handler is not wrapped.
		if q, err := strconv.ParseFloat(row[4], 64); err != nil || q < 1 {
			t.Errorf("%s: %s queries/request, want a mean of at least 1", c, row[4])
		}
		if row[9] != "0" {
			t.Errorf("%s: %s errors, want none:\n%s", c, row[9], table)
		}
	}
	if t.Failed() {
		t.Logf("stderr:\n%s", stderr.String())
	}
}
