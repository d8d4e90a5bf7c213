package bench

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"
)

// Machine describes where and how a run was made, for the table's header.
type Machine struct {
	Engine   string // "SQLite" or "PostgreSQL 16.4"
	Scale    string
	Projects int // in the register when the run began
	Duration time.Duration
	Date     time.Time
	Note     string // e.g. that the machine is shared
	// Compare is the scale of the results' baselines, which adds the
	// growth columns; empty for none.
	Compare string
}

// Header is the machine part of the header: CPUs, OS and architecture, Go.
func (m Machine) Header() string {
	return fmt.Sprintf("%d CPUs, %s/%s, %s", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version())
}

// Table writes the results as a markdown section: a header with the
// machine, one row per case and number of clients, the targets checked
// and the notes. A "× bare" column appears when some result has a bare
// handler.
func Table(w io.Writer, m Machine, results []Result, targets []Outcome, notes []string) error {
	bare := false
	for _, r := range results {
		bare = bare || r.Bare != nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "## %s, %s scale (%d projects), %s\n\n", m.Engine, m.Scale, m.Projects, m.Date.UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "Machine: %s. Each case ran for %s per number of clients.", m.Header(), m.Duration)
	if m.Note != "" {
		fmt.Fprintf(&b, " %s", m.Note)
	}
	b.WriteString("\n\n")
	b.WriteString("| Case | Clients | Requests | Requests/s | Queries/request | p50 | p95 | p99 | Max | Errors | Peak memory |")
	if m.Compare != "" {
		fmt.Fprintf(&b, " p50 × %s | Requests/s × %s |", m.Compare, m.Compare)
	}
	if bare {
		b.WriteString(" × bare |")
	}
	b.WriteString("\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	if m.Compare != "" {
		b.WriteString("---:|---:|")
	}
	if bare {
		b.WriteString("---:|")
	}
	b.WriteString("\n")
	for _, r := range results {
		queries := "–"
		if q, ok := r.QueriesPerRequest(); ok {
			queries = fmt.Sprintf("%.1f", q)
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %.1f | %s | %s | %s | %s | %s | %d | %s |", r.Case, r.Clients, r.Requests,
			r.PerSecond(), queries, ms(r.P50), ms(r.P95), ms(r.P99), ms(r.Max), r.Errors, mib(r.PeakMemory))
		if m.Compare != "" {
			if lat, thr, ok := r.Growth(); ok {
				fmt.Fprintf(&b, " %.2f× | %.2f× |", lat, thr)
			} else {
				b.WriteString(" – | – |")
			}
		}
		if bare {
			if x, ok := r.BareRatio(); ok {
				fmt.Fprintf(&b, " %.2f× |", x)
			} else {
				b.WriteString(" – |")
			}
		}
		b.WriteString("\n")
	}
	if len(targets) > 0 {
		b.WriteString("\nTargets:\n\n")
		for _, t := range targets {
			fmt.Fprintf(&b, "- %s: **%s**, %s\n", t.Target, t.Status, t.Measured)
		}
	}
	var errNotes []string
	for _, r := range results {
		if r.Errors > 0 {
			errNotes = append(errNotes, fmt.Sprintf("%s with %d clients: %d errors, the first: %s", r.Case, r.Clients, r.Errors, r.FirstError))
		}
	}
	if all := append(errNotes, notes...); len(all) > 0 {
		b.WriteString("\nNotes:\n\n")
		for _, n := range all {
			fmt.Fprintf(&b, "- %s\n", n)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ms formats a latency in milliseconds, with a precision that suits it.
func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v < 10:
		return fmt.Sprintf("%.2f ms", v)
	case v < 100:
		return fmt.Sprintf("%.1f ms", v)
	default:
		return fmt.Sprintf("%.0f ms", v)
	}
}

func mib(n uint64) string { return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20)) }
