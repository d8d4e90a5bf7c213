package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/gen"
	"github.com/salkku/salkku/sqldb"
)

// runDemoGenerate is "salkku demo generate": a synthetic register of a
// city, a region or the whole country in an empty database, for
// benchmarks and trials at scale.
func runDemoGenerate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	m := NewMain()
	m.Stdout = stdout
	fs := flag.NewFlagSet("salkku demo generate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var names []string
	for _, s := range gen.Scales {
		names = append(names, s.Name)
	}
	scale := fs.String("scale", envOr("SALKKU_SCALE", "city"), "size of the register: "+strings.Join(names, ", ")+" (SALKKU_SCALE)")
	defSeed, err := strconv.ParseUint(envOr("SALKKU_SEED", "1"), 10, 64)
	if err != nil {
		return fmt.Errorf("SALKKU_SEED: %w", err)
	}
	seed := fs.Uint64("seed", defSeed, "seed of the generator: the same seed gives the same register (SALKKU_SEED)")
	if err := m.parseWith(fs, "demo generate", args, stderr); err != nil {
		return err
	}
	s, ok := gen.ScaleByName(*scale)
	if !ok {
		fs.Usage()
		return fmt.Errorf("unknown scale %q: use one of %s", *scale, strings.Join(names, ", "))
	}
	db, err := m.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	ds := gen.Generate(s, *seed)
	fmt.Fprintf(stderr, "salkku: generated %s scale, seed %d, in %s\n", s.Name, *seed, time.Since(start).Round(time.Millisecond))
	load := time.Now()
	err = db.LoadDataset(salkku.System(ctx), ds, func(table string, done, total int) {
		if done > 0 || total == 0 {
			fmt.Fprintf(stderr, "salkku: %-20s %7d / %d\n", table, done, total)
		}
	})
	if errors.Is(err, sqldb.ErrNotEmpty) {
		return errors.New("the database already has data: demo generate fills only an empty database (use a new --data folder or an empty PostgreSQL database)")
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "salkku: %s register written in %s: %d organisations, %d portfolios, %d projects, %d work packages, %d people, %d users, %d grants\n",
		s.Name, time.Since(load).Round(time.Millisecond), len(ds.Organisations), len(ds.Portfolios), len(ds.Projects),
		len(ds.WorkPackages), len(ds.People), len(ds.Users), len(ds.Grants))
	return nil
}

// generateUsage is shown for "salkku demo" without a known subcommand.
const generateUsage = "Usage: salkku demo load [flags]\n       salkku demo generate [--scale city|region|national] [--seed N] [flags]\n"
