//go:build !race

// The race detector multiplies this test's time many times over for no
// race it could find: it is left out of the race step.

package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/gen"
	"github.com/salkku/salkku/importer"
)

// TestOverviewExportBoundedMemory exports the overview of one portfolio of
// 30,000 projects to XLSX through the real server (issue 11: "with
// bounded memory") and samples the process's heap while the file
// streams: it must grow by far less than the file, and the file must hold
// every project. Generating the register takes a few seconds; -short
// skips it.
func TestOverviewExportBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a register of 30 000 projects")
	}
	const projects = 30000
	m := bootMain(t, t.TempDir(), false)
	defer m.Close()
	ctx := salkku.System(context.Background())
	start := time.Now()
	ds := gen.Generate(gen.Scale{Name: "one-portfolio", Organisations: 1, Projects: projects, People: 300, Users: 5}, 7)
	if err := m.DB.LoadDataset(ctx, ds, nil); err != nil {
		t.Fatal(err)
	}
	pf := ds.Portfolios[0].ID
	ds = nil
	t.Logf("generated and loaded in %s", time.Since(start).Round(time.Millisecond))
	mustUser(t, m, "export@example.invalid")
	c := newClient(t)
	c.login(t, m.URL(), "export@example.invalid", testPassword)

	req, _ := http.NewRequest(http.MethodGet, m.URL()+"/portfolios/"+strconv.FormatInt(pf, 10)+"/export?format=xlsx", nil)
	// The heap is measured with the collector kept close behind, so that
	// what it holds is what the export keeps, not garbage not yet swept.
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	runtime.GC()
	base := heapBytes()
	start = time.Now()
	var peak uint64
	var mu sync.Mutex
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				h := heapBytes()
				mu.Lock()
				peak = max(peak, h)
				mu.Unlock()
			}
		}
	}()
	resp, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "overview.xlsx")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	size, err := io.Copy(f, resp.Body)
	resp.Body.Close()
	f.Close()
	close(done)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("export: %d, %v", resp.StatusCode, err)
	}
	mu.Lock()
	grew := int64(peak) - int64(base)
	mu.Unlock()
	t.Logf("%d projects: a file of %.1f MiB in %s; the heap grew by at most %.1f MiB while it streamed", projects, float64(size)/(1<<20),
		time.Since(start).Round(time.Millisecond), float64(grew)/(1<<20))
	// A file held whole would be the file and more: excelize's own model
	// of a sheet takes many times the file's size.
	if grew > 48<<20 {
		t.Errorf("the heap grew by %.1f MiB while exporting: the export is not streamed", float64(grew)/(1<<20))
	}
	in, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	tab, err := importer.Read("overview.xlsx", in, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != projects {
		t.Errorf("the file has %d rows under its header, want %d", len(tab.Rows), projects)
	}
}

// heapBytes is the Go heap in use, objects live and not yet swept.
func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
