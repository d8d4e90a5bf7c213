package sqldb_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/gen"
	"github.com/salkku/salkku/sqldb/sqldbtest"
)

// BenchmarkFindProjects times the project list on a generated register
// (city scale, or SALKKU_BENCH_SCALE) on each engine: the first page in
// the default order, a deep page, and a text search. Benchmarks run only
// with -bench:
//
//	go test ./sqldb/ -run '^$' -bench FindProjects
func BenchmarkFindProjects(b *testing.B) {
	s := benchScale(b)
	for _, engine := range sqldbtest.Engines(b) {
		b.Run(engine, func(b *testing.B) {
			db, _ := mustLoad(b, engine, s)
			ctx := salkku.System(context.Background())
			deep := max(0, s.Projects-salkku.DefaultPageSize)
			for _, bc := range []struct {
				name string
				f    salkku.ProjectFilter
			}{
				{"FirstPage", salkku.ProjectFilter{}},
				{"DeepPage", salkku.ProjectFilter{Page: salkku.Page{Offset: deep}}},
				{"Search", salkku.ProjectFilter{Query: "palomuuripalvelun"}},
				{"SortByName", salkku.ProjectFilter{Sort: "name"}},
				{"ByCode", salkku.ProjectFilter{Sort: "code"}},
			} {
				b.Run(bc.name, func(b *testing.B) {
					for b.Loop() {
						if _, _, err := db.FindProjects(ctx, bc.f); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

// BenchmarkCreateProject times creating a project through the store, one
// after another, into the largest portfolio of a generated register (city
// scale, or SALKKU_BENCH_SCALE):
//
//	go test ./sqldb/ -run '^$' -bench CreateProject
func BenchmarkCreateProject(b *testing.B) {
	s := benchScale(b)
	for _, engine := range sqldbtest.Engines(b) {
		b.Run(engine, func(b *testing.B) {
			db, ds := mustLoad(b, engine, s)
			ctx := salkku.System(context.Background())
			count := map[int64]int{}
			var pf int64
			for _, p := range ds.Projects {
				if count[p.PortfolioID]++; count[p.PortfolioID] > count[pf] {
					pf = p.PortfolioID
				}
			}
			i := 0
			for b.Loop() {
				i++
				p := &salkku.Project{PortfolioID: pf, Code: fmt.Sprintf("BENCH-%d", i), Name: salkku.T(fmt.Sprintf("Suorituskykytesti %d", i))}
				if err := db.CreateProject(ctx, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchScale is the scale of the benchmarks' register: city, or
// SALKKU_BENCH_SCALE.
func benchScale(b *testing.B) gen.Scale {
	name := os.Getenv("SALKKU_BENCH_SCALE")
	if name == "" {
		name = "city"
	}
	s, ok := gen.ScaleByName(name)
	if !ok {
		b.Fatalf("no scale %q", name)
	}
	return s
}
