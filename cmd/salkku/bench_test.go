package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/salkku/salkku/gen"
	"github.com/salkku/salkku/internal/bench"
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
	args := []string{"bench", "--scale", "tiny", "--clients", "1", "--duration", "150ms", "--creates", "20", "--big-portfolio", "300", "--compare", "tiny", "--out", out}
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
	for _, want := range []string{"SQLite", "tiny scale", "CPUs", runtime.GOOS + "/" + runtime.GOARCH, runtime.Version(), "Not yet measured", "| p50 × tiny | Requests/s × tiny | × bare |", "× tiny: the p50 latency", "× bare, ratio (a):", "Not yet measured: ratio (a) for the gates, phases",
		"- Limit (a): every page and API read with a bare handler at least 50 % of that handler's requests/s: **", "\nTargets:\n\n- The 50-project API list", "**not checked**, no read case ran with 8 or 32 clients"} {
		if !strings.Contains(table, want) {
			t.Errorf("the table's header or notes lack %q:\n%s", want, table)
		}
	}
	rows := map[string][]string{}
	for _, line := range strings.Split(table, "\n") {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if strings.HasPrefix(line, "| ") && len(cells) == 14 {
			rows[cells[0]] = cells
		}
	}
	cases := []string{benchOverview, benchOverviewCat, benchOverviewSearch, benchOverviewDeep, benchProjectPage, benchGatesPage, benchPhasesPage, benchStatusPage, benchReportsPage,
		benchHomePage, benchAPIMe, benchAPIGet, benchAPIPut, benchAPIList, benchAPIRollup, benchAPICreate + " (20, total",
		benchAPIMe + bareSuffix, benchAPIGet + bareSuffix, benchAPIList + bareSuffix, benchAPIRollup + bareSuffix,
		"API import 300 projects into a new portfolio", benchAPIBigCreate + "300 (20, total", benchImportPreview, benchImportApply}
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
		// The cases with bare handlers ran against them; nothing else did.
		hasBare := slices.Contains(benchBareCases, c)
		if got := row[13]; hasBare != strings.HasSuffix(got, "×") || !hasBare && got != "–" {
			t.Errorf("%s: × bare is %q", c, got)
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

// TestBenchGoals checks issue 12's targets against fabricated results:
// each case changes a run that meets every target on SQLite at national
// scale, and says what each target should then be.
func TestBenchGoals(t *testing.T) {
	const (
		met, missed, unchecked = bench.Met, bench.Missed, bench.NotChecked
		ms                     = time.Millisecond
	)
	allMet := []bench.Status{met, met, met, met, met, met, met, met}
	with := func(i int, s bench.Status, more ...any) []bench.Status {
		out := slices.Clone(allMet)
		out[i] = s
		for j := 0; j+1 < len(more); j += 2 {
			out[more[j].(int)] = more[j+1].(bench.Status)
		}
		return out
	}
	const list, get, creates, big, tail, memory, growth, limit = 0, 1, 2, 3, 4, 5, 6, 7
	base := func() []bench.Result {
		rs := []bench.Result{
			{Case: benchAPIList, Clients: 8, Requests: 3100, Elapsed: time.Second, P50: 2 * ms, P99: 15 * ms,
				Baseline: &bench.Result{Requests: 3300, Elapsed: time.Second, P50: 1500 * time.Microsecond},
				Bare:     &bench.Result{Requests: 5000, Elapsed: time.Second}},
			{Case: benchAPIList, Clients: 1, Requests: 500, Elapsed: time.Second, P50: 2 * ms, P99: 3 * ms,
				Baseline: &bench.Result{Requests: 600, Elapsed: time.Second, P50: 1600 * time.Microsecond},
				Bare:     &bench.Result{Requests: 600, Elapsed: time.Second}},
			{Case: benchAPIGet, Clients: 8, Requests: 6100, Elapsed: time.Second, P50: 1 * ms, P99: 4 * ms,
				// Not a paged view: its growth does not count.
				Baseline: &bench.Result{Requests: 9000, Elapsed: time.Second, P50: 400 * time.Microsecond}},
			{Case: benchOverviewDeep, Clients: 32, Requests: 900, Elapsed: time.Second, P50: 10 * ms, P99: 49 * ms,
				Baseline: &bench.Result{Requests: 1000, Elapsed: time.Second, P50: 7 * ms}},
			// A write, and a read with one client: their tails do not count.
			{Case: benchAPIPut, Clients: 32, Requests: 900, Elapsed: time.Second, P50: 1 * ms, P99: 300 * ms},
			{Case: benchProjectPage, Clients: 1, Requests: 900, Elapsed: time.Second, P50: 1 * ms, P99: 80 * ms},
			{Case: benchAPICreate + " (1000, total 1.9s)", Clients: 1, Requests: 1000, Elapsed: 1900 * ms},
			{Case: benchAPIBigCreate + "15,000 (1000, total 1.95s)", Clients: 1, Requests: 1000, Elapsed: 1950 * ms},
		}
		for i := range rs {
			rs[i].PeakMemory = 280e6
		}
		return rs
	}
	find := func(rs []bench.Result, name string, n int) *bench.Result {
		r := findResult(rs, name, n)
		if r == nil {
			t.Fatalf("no %s with %d clients", name, n)
		}
		return r
	}
	for _, tc := range []struct {
		name          string
		engine, scale string
		change        func(rs []bench.Result) []bench.Result
		want          []bench.Status
		measured      string // a part of some target's measured value
	}{
		{name: "AllMet", want: allMet, measured: "3100 requests/s"},
		{name: "ListTooSlow", change: func(rs []bench.Result) []bench.Result {
			find(rs, benchAPIList, 8).Requests = 2999
			return rs
		}, want: with(list, missed), measured: "2999 requests/s"},
		{name: "ListFailing", change: func(rs []bench.Result) []bench.Result {
			find(rs, benchAPIList, 8).Errors = 1
			return rs
		}, want: with(list, missed, limit, missed), measured: "1 of 3100 failed"},
		{name: "ListNotRunWith8", change: func(rs []bench.Result) []bench.Result {
			return slices.DeleteFunc(rs, func(r bench.Result) bool { return r.Case == benchAPIList && r.Clients == 8 })
		}, want: with(list, unchecked)},
		{name: "ListAtCityScale", scale: "city", want: allMet, measured: "the target is for national scale; this run is city"},
		{name: "PostgreSQL", engine: "PostgreSQL", change: func(rs []bench.Result) []bench.Result {
			find(rs, benchAPIList, 8).Requests = 1600
			find(rs, benchAPIList, 8).Bare.Requests = 2000
			rs[6].Elapsed, rs[7].Elapsed = 3900*ms, 3500*ms
			return rs
		}, want: with(get, unchecked), measured: "a target on SQLite only"},
		{name: "PostgreSQLListTooSlow", engine: "PostgreSQL", change: func(rs []bench.Result) []bench.Result {
			find(rs, benchAPIList, 8).Requests = 1400
			find(rs, benchAPIList, 8).Bare.Requests = 2000
			return rs
		}, want: with(list, missed, get, unchecked)},
		{name: "GetTooSlow", change: func(rs []bench.Result) []bench.Result {
			find(rs, benchAPIGet, 8).Requests = 5900
			return rs
		}, want: with(get, missed)},
		{name: "CreatesTooSlow", change: func(rs []bench.Result) []bench.Result {
			rs[6].Elapsed = 2100 * ms
			return rs
		}, want: with(creates, missed), measured: "2.10 s"},
		{name: "CreatesFailing", change: func(rs []bench.Result) []bench.Result {
			rs[6].Errors = 3
			return rs
		}, want: with(creates, missed), measured: "but 3 failed"},
		{name: "FewerCreatesAtTheirPace", change: func(rs []bench.Result) []bench.Result {
			rs[6].Requests, rs[6].Elapsed = 20, 50*ms
			return rs
		}, want: with(creates, missed), measured: "2.50 s for 1,000 at the pace of 20"},
		{name: "BigPortfolioTooSlow", change: func(rs []bench.Result) []bench.Result {
			rs[7].Elapsed = 2 * time.Second
			return rs
		}, want: with(big, missed)},
		{name: "BigPortfolioNotRun", change: func(rs []bench.Result) []bench.Result {
			return rs[:7]
		}, want: with(big, unchecked)},
		{name: "TailOver10TimesP50", change: func(rs []bench.Result) []bench.Result {
			find(rs, benchAPIGet, 8).P99 = 11 * ms
			return rs
		}, want: with(tail, missed), measured: "1 of 3 rows over"},
		{name: "TailAt50ms", change: func(rs []bench.Result) []bench.Result {
			find(rs, benchOverviewDeep, 32).P99 = 50 * ms
			return rs
		}, want: with(tail, missed), measured: "Overview page, last page with 32 clients, 50.0 ms (5.0× its p50)"},
		{name: "NoTailsWithOneClientOnly", change: func(rs []bench.Result) []bench.Result {
			return slices.DeleteFunc(rs, func(r bench.Result) bool { return r.Clients > 1 })
		}, want: with(list, unchecked, get, unchecked, tail, unchecked)},
		{name: "MemoryAt300MB", change: func(rs []bench.Result) []bench.Result {
			rs[3].PeakMemory = 300e6
			return rs
		}, want: with(memory, missed), measured: "300 MB"},
		{name: "PagedViewGrows", change: func(rs []bench.Result) []bench.Result {
			find(rs, benchOverviewDeep, 32).Baseline.P50 = 6 * ms
			return rs
		}, want: with(growth, missed), measured: "Overview page, last page with 32 clients, 1.67×"},
		{name: "BareUnder50Percent", change: func(rs []bench.Result) []bench.Result {
			find(rs, benchAPIList, 8).Bare.Requests = 6201
			return rs
		}, want: with(limit, missed), measured: "1 of 2 rows under; the lowest: API list, 50 projects with 8 clients, 3100 against 6201 requests/s (50 %)"},
		{name: "BareAt50Percent", change: func(rs []bench.Result) []bench.Result {
			find(rs, benchAPIList, 8).Bare.Requests = 6200
			return rs
		}, want: allMet, measured: "0 of 2 rows under"},
		{name: "BareFailing", change: func(rs []bench.Result) []bench.Result {
			find(rs, benchAPIList, 1).Bare.Errors = 1
			return rs
		}, want: with(limit, missed), measured: "1 of 2 rows under"},
		{name: "NoBareRun", change: func(rs []bench.Result) []bench.Result {
			for i := range rs {
				rs[i].Bare = nil
			}
			return rs
		}, want: with(limit, unchecked), measured: "no case ran beside its bare handler"},
		{name: "NoCompareRun", change: func(rs []bench.Result) []bench.Result {
			for i := range rs {
				rs[i].Baseline = nil
			}
			return rs
		}, want: with(growth, unchecked), measured: "--compare"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			engine, scale := tc.engine, tc.scale
			if engine == "" {
				engine = "SQLite"
			}
			if scale == "" {
				scale = "national"
			}
			rs := base()
			if tc.change != nil {
				rs = tc.change(rs)
			}
			got := bench.Evaluate(benchGoals(engine, scale), rs)
			if len(got) != len(tc.want) {
				t.Fatalf("%d targets, want %d", len(got), len(tc.want))
			}
			all := ""
			for i, o := range got {
				all += fmt.Sprintf("%s: %s, %s\n", o.Target, o.Status, o.Measured)
				if o.Status != tc.want[i] {
					t.Errorf("%s: %s (%s), want %s", o.Target, o.Status, o.Measured, tc.want[i])
				}
			}
			if !strings.Contains(all, tc.measured) {
				t.Errorf("no target says %q:\n%s", tc.measured, all)
			}
		})
	}
}
