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

	"github.com/salkku/salkku/gen"
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
	args := []string{"bench", "--scale", "tiny", "--clients", "1", "--duration", "150ms", "--creates", "20", "--compare", "tiny", "--out", out}
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
	for _, want := range []string{"SQLite", "tiny scale", "CPUs", runtime.GOOS + "/" + runtime.GOARCH, runtime.Version(), "Not yet measured", "| p50 × tiny | Requests/s × tiny |", "× tiny: the p50 latency"} {
		if !strings.Contains(table, want) {
			t.Errorf("the table's header or notes lack %q:\n%s", want, table)
		}
	}
	rows := map[string][]string{}
	for _, line := range strings.Split(table, "\n") {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if strings.HasPrefix(line, "| ") && len(cells) == 13 {
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
		// The read cases ran on the compare register too; the writes did
		// not.
		if growth := row[11]; isReadCase(c) != strings.HasSuffix(growth, "×") {
			t.Errorf("%s: p50 × tiny is %q", c, growth)
		}
		if row[9] != "0" {
			t.Errorf("%s: %s errors, want none:\n%s", c, row[9], table)
		}
	}
	if t.Failed() {
		t.Logf("stderr:\n%s", stderr.String())
	}
}

// TestCompareScale: the compare scale defaults to city under a larger
// scale only, "none" turns it off, and on PostgreSQL it needs a second
// database.
func TestCompareScale(t *testing.T) {
	const pg, pg2 = "postgres://a/one", "postgres://a/two"
	for _, tc := range []struct {
		flag, scale, db, compareDB string
		want, note                 string // want "" for no compare run; note a part of the note
		err                        bool
	}{
		{scale: "national", want: "city"},
		{scale: "region", want: "city"},
		{scale: "city"},
		{scale: "tiny"},
		{flag: "none", scale: "national"},
		{flag: "tiny", scale: "city", want: "tiny"},
		{flag: "huge", scale: "city", err: true},
		{scale: "national", db: pg, note: "--compare-db"},
		{scale: "national", db: pg, compareDB: pg2, want: "city"},
		{scale: "national", db: pg, compareDB: pg, err: true},
		{scale: "national", compareDB: pg2, err: true},
		{flag: "none", scale: "national", db: pg, compareDB: pg2, err: true},
	} {
		t.Run(tc.scale+"/"+tc.flag+"/"+tc.db+"/"+tc.compareDB, func(t *testing.T) {
			s, _ := gen.ScaleByName(tc.scale)
			cs, note, err := compareScale(tc.flag, s, tc.db, tc.compareDB)
			if (err != nil) != tc.err {
				t.Fatalf("err %v, want error %v", err, tc.err)
			}
			got := ""
			if cs != nil {
				got = cs.Name
			}
			if got != tc.want || !strings.Contains(note, tc.note) || tc.note == "" && note != "" {
				t.Errorf("got %q, note %q; want %q, a note with %q", got, note, tc.want, tc.note)
			}
		})
	}
}
