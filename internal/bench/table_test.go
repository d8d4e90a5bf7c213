package bench_test

import (
	"strings"
	"testing"
	"time"

	"github.com/salkku/salkku/internal/bench"
)

// TestTable: the queries, growth and targets appear in the markdown, and
// a case without a count or a baseline shows a dash.
func TestTable(t *testing.T) {
	base := &bench.Result{Requests: 200, Elapsed: time.Second, P50: 5 * time.Millisecond}
	results := []bench.Result{
		{Case: "List", Clients: 8, Requests: 100, Elapsed: time.Second, P50: 10 * time.Millisecond, Statements: 1250, Served: 100, Baseline: base},
		{Case: "Create", Clients: 1, Requests: 10, Elapsed: time.Second, P50: time.Millisecond},
	}
	targets := bench.Evaluate([]bench.Target{
		{Name: "List fast", Check: func(rs []bench.Result) bench.Verdict {
			return bench.Verdict{Status: bench.Missed, Measured: rs[0].Case}
		}},
		{Name: "Memory", Check: func([]bench.Result) bench.Verdict { return bench.Verdict{Status: bench.Met, Measured: "10 MB"} }},
		{Name: "Growth", Check: func([]bench.Result) bench.Verdict {
			return bench.Verdict{Status: bench.NotChecked, Measured: "no compare"}
		}},
	}, results)
	var b strings.Builder
	m := bench.Machine{Engine: "SQLite", Scale: "national", Projects: 30000, Duration: time.Second, Compare: "city"}
	if err := bench.Table(&b, m, results, targets, []string{"A note."}); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{
		"| Queries/request | p50 |", "| p50 × city | Requests/s × city |\n|---|",
		"| List | 8 | 100 | 100.0 | 12.5 | 10.0 ms |", "| 2.00× | 0.50× |\n",
		"| Create | 1 | 10 | 10.0 | – | 1.00 ms |", "| – | – |\n",
		"\nTargets:\n\n- List fast: **missed**, List\n- Memory: **met**, 10 MB\n- Growth: **not checked**, no compare\n\nNotes:\n\n- A note.\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the table lacks %q:\n%s", want, got)
		}
	}
	m.Compare = ""
	b.Reset()
	if err := bench.Table(&b, m, results, nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); strings.Contains(got, "×") || strings.Contains(got, "Targets") {
		t.Errorf("without a compare scale or targets, the table has their columns or list:\n%s", got)
	}

	// With a bare handler's result, the × bare column: the ratio on the
	// row that has one, a dash on the others.
	results[0].Bare = &bench.Result{Requests: 400, Elapsed: time.Second}
	b.Reset()
	if err := bench.Table(&b, m, results, nil, nil); err != nil {
		t.Fatal(err)
	}
	got = b.String()
	for _, want := range []string{"| Peak memory | × bare |\n|---|", "---:|---:|\n", "| List | 8 | 100 | 100.0 | 12.5 | 10.0 ms |", " | 0.25× |\n", "| Create | 1 | 10 | 10.0 | – | 1.00 ms |", " MiB | – |\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("the table lacks %q:\n%s", want, got)
		}
	}
}

func TestBareRatio(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    bench.Result
		want float64
		ok   bool
	}{
		{name: "None", r: bench.Result{Requests: 1, Elapsed: time.Second}},
		{name: "EmptyBare", r: bench.Result{Requests: 1, Elapsed: time.Second, Bare: &bench.Result{}}},
		{name: "Half", r: bench.Result{Requests: 100, Elapsed: time.Second, Bare: &bench.Result{Requests: 400, Elapsed: 2 * time.Second}}, want: 0.5, ok: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := tc.r.BareRatio()
			if got != tc.want || ok != tc.ok {
				t.Errorf("got %v, %v; want %v, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestGrowth(t *testing.T) {
	for _, tc := range []struct {
		name      string
		r         bench.Result
		lat, thru float64
		ok        bool
	}{
		{name: "None", r: bench.Result{P50: time.Millisecond, Requests: 1, Elapsed: time.Second}},
		{name: "EmptyBaseline", r: bench.Result{P50: time.Millisecond, Requests: 1, Elapsed: time.Second, Baseline: &bench.Result{}}},
		{name: "Slower", r: bench.Result{P50: 3 * time.Millisecond, Requests: 100, Elapsed: time.Second,
			Baseline: &bench.Result{P50: 2 * time.Millisecond, Requests: 400, Elapsed: 2 * time.Second}}, lat: 1.5, thru: 0.5, ok: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lat, thru, ok := tc.r.Growth()
			if lat != tc.lat || thru != tc.thru || ok != tc.ok {
				t.Errorf("got %v, %v, %v; want %v, %v, %v", lat, thru, ok, tc.lat, tc.thru, tc.ok)
			}
		})
	}
}
