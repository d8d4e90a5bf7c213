package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/gen"
	"github.com/salkku/salkku/internal/bench"
	"github.com/salkku/salkku/sqldb"
	"github.com/salkku/salkku/web"
)

// The names of bench's cases, in the order they run and are reported.
const (
	benchOverview       = "Overview page, first page"
	benchOverviewCat    = "Overview page, by category"
	benchOverviewSearch = "Overview page, text search"
	benchOverviewDeep   = "Overview page, last page"
	benchProjectPage    = "Project page"
	benchGatesPage      = "Project gates page"
	benchPhasesPage     = "Portfolio phases and decisions page"
	benchStatusPage     = "Portfolio status summary page"
	benchReportsPage    = "Project status reports page"
	benchFinancePage    = "Project finance page"
	benchRollupPage     = "Portfolio finance roll-up page"
	benchAPIRollup      = "API portfolio finance roll-up"
	benchImportPreview  = "Import 10,000 actuals, preview"
	benchImportApply    = "Import 10,000 actuals, apply"
	benchHomePage       = "Home page"
	benchAPIMe          = "API GET /me (fixed cost)"
	benchAPIGet         = "API GET project"
	benchAPIPut         = "API PUT project"
	benchAPIList        = "API list, 50 projects"
	benchAPICreate      = "API create projects one by one"
	benchAPIBigCreate   = "API create projects one by one into a portfolio of "
)

// benchMaxRequests bounds each case, whatever its duration.
const benchMaxRequests = 500_000

// runBench is "salkku bench": it generates a register into a fresh
// database, starts the real server on loopback and measures the main
// pages and API calls with 1, 8 and 32 clients. With a compare scale it
// first does the same for the read cases on a register of that scale in a
// second database, for the growth ratio.
func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("salkku bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var names []string
	for _, s := range gen.Scales {
		names = append(names, s.Name)
	}
	scale := fs.String("scale", "city", "size of the generated register: "+strings.Join(names, ", "))
	seed := fs.Uint64("seed", 1, "seed of the generator")
	dbURL := fs.String("db", "", "an EMPTY PostgreSQL database, postgres://…, to fill and measure; a temporary SQLite file when empty")
	compare := fs.String("compare", "", "first run the read cases on a register of this scale, for the growth ratio (× SCALE); default city when --scale is larger than city, else none; none turns it off")
	compareDB := fs.String("compare-db", "", "a second EMPTY PostgreSQL database for the --compare register; with --db and without it the compare run is skipped")
	clientList := fs.String("clients", "1,8,32", "numbers of concurrent clients, comma-separated")
	duration := fs.Duration("duration", 5*time.Second, "how long each case runs with each number of clients")
	creates := fs.Int("creates", 1000, "how many projects to create one after another through the API")
	bigPortfolio := fs.Int("big-portfolio", 15000, "how many projects the project import puts into a fresh portfolio before the same creates into it; 0 for none")
	out := fs.String("out", "", "write the markdown table to this file too (e.g. docs/bench.md)")
	appendOut := fs.Bool("append", false, "append the table to --out instead of replacing the file")
	note := fs.String("note", "", "a note for the table's header, e.g. that the machine is shared")
	only := fs.String("only", "", "run only the cases whose name matches this regular expression")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the measured cases (server and clients) to this file")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: salkku bench [--scale city] [--compare city] [--db postgres://… [--compare-db postgres://…]] [--clients 1,8,32] [--duration 5s] [--out docs/bench.md]\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	s, ok := gen.ScaleByName(*scale)
	if !ok {
		return fmt.Errorf("unknown scale %q: use one of %s", *scale, strings.Join(names, ", "))
	}
	cs, compareNote, err := compareScale(*compare, s, *dbURL, *compareDB)
	if err != nil {
		return err
	}
	clients, err := parseClients(*clientList)
	if err != nil {
		return err
	}
	if *duration <= 0 || *duration > 10*time.Minute {
		return errors.New("--duration must be above 0 and at most 10m")
	}
	if *creates < 1 || *creates > 100_000 {
		return errors.New("--creates must be from 1 to 100000")
	}
	if *bigPortfolio < 0 || *bigPortfolio > 100_000 {
		return errors.New("--big-portfolio must be from 0 to 100000")
	}
	match, err := regexp.Compile(*only)
	if err != nil {
		return fmt.Errorf("--only: %w", err)
	}
	engine := "PostgreSQL"
	if *dbURL == "" {
		engine = "SQLite"
	}

	startLoad := loadAverage()
	maxClients := 1
	for _, n := range clients {
		maxClients = max(maxClients, n)
	}
	hc := bench.NewClient(maxClients, 30*time.Second)
	lim := bench.Limits{Duration: *duration, MaxRequests: benchMaxRequests}

	// The compare scale first: its read cases, kept by case and clients.
	baseline := map[string]bench.Result{}
	var notes []string
	if cs != nil {
		srv, err := startBench(ctx, *cs, *seed, *compareDB, stderr, hc, maxClients, false)
		if err != nil {
			return fmt.Errorf("the %s register to compare with: %w", cs.Name, err)
		}
		reads := slices.DeleteFunc(srv.client.cases(srv.target), func(c bench.Case) bool { return !isReadCase(c.Name) || !match.MatchString(c.Name) })
		results, err := srv.run(ctx, reads, clients, lim, stderr)
		err = errors.Join(err, srv.close())
		if err != nil {
			return err
		}
		hc.CloseIdleConnections()
		for _, r := range results {
			baseline[resultKey(r.Case, r.Clients)] = r
		}
		compareNote = fmt.Sprintf("× %s: the p50 latency, and the requests per second, of the case here against the same case and clients on a %s register (%d projects; overview cases on portfolio %d of %d projects), generated with the same seed into a second database and measured just before.",
			cs.Name, cs.Name, srv.projects, srv.target.portfolio, srv.target.inPortfolio)
	}
	if compareNote != "" {
		notes = append(notes, compareNote)
	}

	srv, err := startBench(ctx, s, *seed, *dbURL, stderr, hc, maxClients, true)
	if err != nil {
		return err
	}
	defer srv.close()
	t, b := srv.target, srv.client
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return err
		}
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	cases := slices.DeleteFunc(b.cases(t), func(c bench.Case) bool { return !match.MatchString(c.Name) })
	results, err := srv.run(ctx, cases, clients, lim, stderr)
	if err != nil {
		return err
	}
	for i, r := range results {
		if base, ok := baseline[resultKey(r.Case, r.Clients)]; ok {
			results[i].Baseline = &base
		}
	}
	// The creates: into the largest portfolio, then into a fresh one that
	// the project import first fills with --big-portfolio projects.
	createInto := func(name string, portfolio int64, prefix string) {
		c := bench.Case{Name: name, Do: func(ctx context.Context, _, i int) error {
			body := fmt.Sprintf(`{"portfolio_id":%d,"code":"%s-%d","name":"Suorituskykytesti %d"}`, portfolio, prefix, i+1, i+1)
			_, err := b.api(ctx, http.MethodPost, "/api/v1/projects", body)
			return err
		}}
		r := srv.meter.measure(func() bench.Result { return bench.Sequence(ctx, c, *creates) })
		r.Case = fmt.Sprintf("%s (%d, total %s)", name, *creates, r.Elapsed.Round(time.Millisecond))
		fmt.Fprintf(stderr, "salkku: %s, %d errors\n", r.Case, r.Errors)
		results = append(results, r)
	}
	if match.MatchString(benchAPICreate) {
		createInto(benchAPICreate, t.portfolio, "BENCH")
	}
	bigName := benchAPIBigCreate + thousands(*bigPortfolio)
	if *bigPortfolio > 0 && match.MatchString(bigName) {
		var pf int64
		fill := bench.Case{Name: fmt.Sprintf("API import %s projects into a new portfolio", thousands(*bigPortfolio)), Do: func(ctx context.Context, _, _ int) (err error) {
			if pf, err = b.createPortfolio(ctx, t); err == nil {
				err = b.importProjects(ctx, pf, projectsFile(*bigPortfolio, "SUURI"))
			}
			return err
		}}
		r := srv.meter.measure(func() bench.Result { return bench.Sequence(ctx, fill, 1) })
		fmt.Fprintf(stderr, "salkku: %s: %s, %d errors\n", r.Case, r.Elapsed.Round(time.Millisecond), r.Errors)
		results = append(results, r)
		if r.Errors == 0 {
			createInto(bigName, pf, "BIG")
			notes = append(notes, fmt.Sprintf("%s: portfolio %d, created through the API and filled by one project import (POST /api/v1/portfolios/{id}/projects/import, a %s-row CSV, in %s: the row above, its portfolio's creation included); the creates then add to it.",
				bigName, pf, thousands(*bigPortfolio), r.Elapsed.Round(time.Millisecond)))
		}
	}

	// The import: the same file previewed three times, then new files
	// applied three times (each of ten thousand new rows).
	if len(t.spans) > 0 && match.MatchString(benchImportPreview) {
		file := actualsFile(t, 10000, "preview")
		for _, c := range []bench.Case{
			{Name: benchImportPreview, Do: func(ctx context.Context, _, i int) error { return b.importActuals(ctx, t, file, false) }},
			{Name: benchImportApply, Do: func(ctx context.Context, _, i int) error {
				return b.importActuals(ctx, t, actualsFile(t, 10000, fmt.Sprint("apply", i)), true)
			}},
		} {
			r := srv.meter.measure(func() bench.Result { return bench.Sequence(ctx, c, 3) })
			fmt.Fprintf(stderr, "salkku: %s: p50 %s, %d errors\n", c.Name, r.P50, r.Errors)
			results = append(results, r)
		}
	}

	if la := loadAverage(); la != "" {
		*note = strings.TrimSpace(*note + " Load average at the start and end: " + startLoad + "; " + la + ".")
	}
	machine := bench.Machine{Engine: engine, Scale: s.Name, Projects: srv.projects, Duration: *duration, Date: time.Now(), Note: *note}
	if cs != nil {
		machine.Compare = cs.Name
	}
	var buf bytes.Buffer
	outcomes := bench.Evaluate(benchGoals(engine, s.Name), results)
	if err := bench.Table(&buf, machine, results, outcomes, append(notes, benchNotes(t)...)); err != nil {
		return err
	}
	if rss := maxRSS(); rss > 0 {
		fmt.Fprintf(&buf, "- The process's peak resident memory over the whole run (getrusage), generation and load included: %.0f MiB.\n", float64(rss)/(1<<20))
	}
	if _, err := stdout.Write(buf.Bytes()); err != nil {
		return err
	}
	if *out != "" {
		return writeBenchFile(*out, buf.Bytes(), *appendOut)
	}
	return nil
}

// compareScale is the scale to compare with, nil for none, and a note when
// a compare run asked for cannot be made: flag is --compare ("" for the
// default: city under a larger scale).
func compareScale(flag string, s gen.Scale, dbURL, compareDB string) (*gen.Scale, string, error) {
	if compareDB != "" && dbURL == "" {
		return nil, "", errors.New("--compare-db goes with --db: on SQLite the compare register is a temporary file of its own")
	}
	name := flag
	if name == "" {
		name = "none"
		if city, _ := gen.ScaleByName("city"); s.Projects > city.Projects {
			name = city.Name
		}
	}
	if name == "none" {
		if compareDB != "" {
			return nil, "", errors.New("--compare-db without a compare scale")
		}
		return nil, "", nil
	}
	cs, ok := gen.ScaleByName(name)
	if !ok {
		return nil, "", fmt.Errorf("--compare: unknown scale %q", name)
	}
	if dbURL != "" && compareDB == "" {
		return nil, fmt.Sprintf("No comparison with the %s scale: on PostgreSQL it needs a second empty database, --compare-db URL.", cs.Name), nil
	}
	if dbURL != "" && compareDB == dbURL {
		return nil, "", errors.New("--compare-db must be another database than --db")
	}
	return &cs, "", nil
}

// resultKey names a case run with a number of clients.
func resultKey(name string, clients int) string { return fmt.Sprint(name, "\x00", clients) }

// isReadCase says whether the case named only reads: every case of
// benchClient.cases but the PUT.
func isReadCase(name string) bool {
	return slices.Contains(benchReadCases, name)
}

// benchReadCases are the cases of benchClient.cases that only read, and
// benchPagedCases those of them that show one page of a list that grows
// with the register.
var (
	benchReadCases = []string{benchOverview, benchOverviewCat, benchOverviewSearch, benchOverviewDeep, benchProjectPage, benchGatesPage,
		benchPhasesPage, benchStatusPage, benchReportsPage, benchFinancePage, benchRollupPage, benchHomePage, benchAPIMe, benchAPIGet,
		benchAPIList, benchAPIRollup}
	benchPagedCases = []string{benchOverview, benchOverviewCat, benchOverviewSearch, benchOverviewDeep, benchAPIList}
)

// benchGoals are issue 12's targets for a run on engine ("SQLite" or
// "PostgreSQL") at the scale named, checked against its results: the one
// place they are written down.
func benchGoals(engine, scale string) []bench.Target {
	sqlite := engine == "SQLite"
	perEngine := func(onSQLite, onPostgres float64) float64 {
		if sqlite {
			return onSQLite
		}
		return onPostgres
	}
	atNational := func(v bench.Verdict) bench.Verdict {
		if scale != "national" && v.Status != bench.NotChecked {
			v.Measured += fmt.Sprintf(" (the target is for national scale; this run is %s)", scale)
		}
		return v
	}
	list, createSecs := perEngine(3000, 1500), perEngine(2, 4)
	return []bench.Target{
		{Name: fmt.Sprintf("The 50-project API list with 8 clients: at least %.0f requests/s on %s at national scale", list, engine),
			Check: func(rs []bench.Result) bench.Verdict { return atNational(atLeastPerSecond(rs, benchAPIList, 8, list)) }},
		{Name: "A single project through the API (GET) with 8 clients: at least 6000 requests/s on SQLite",
			Check: func(rs []bench.Result) bench.Verdict {
				if !sqlite {
					return bench.Verdict{Status: bench.NotChecked, Measured: "a target on SQLite only"}
				}
				return atLeastPerSecond(rs, benchAPIGet, 8, 6000)
			}},
		{Name: fmt.Sprintf("Creating 1,000 projects one by one: under %.0f s on %s", createSecs, engine),
			Check: func(rs []bench.Result) bench.Verdict { return batchUnder(rs, benchAPICreate+" (", createSecs) }},
		{Name: fmt.Sprintf("Creating 1,000 projects one by one into a portfolio of 15,000: under %.0f s on %s", createSecs, engine),
			Check: func(rs []bench.Result) bench.Verdict { return batchUnder(rs, benchAPIBigCreate+"15,000 (", createSecs) }},
		{Name: "Tails: every read case with 8 and 32 clients has p99 at most 10× its p50 and under 50 ms",
			Check: func(rs []bench.Result) bench.Verdict { return atNational(tails(rs)) }},
		{Name: "Peak memory under 300 MB through the run", Check: peakUnder(300e6)},
		{Name: "Growth: every paged view (the overview cases, the API list) within 1.5× of its p50 at the compare scale", Check: growthWithin(1.5)},
		{Name: "Limit (a): every page and API read with a bare handler at least 50 % of that handler's requests/s", Check: bareAtLeast(0.5)},
	}
}

// findResult is the result of the case named with n clients, or nil.
func findResult(rs []bench.Result, name string, n int) *bench.Result {
	for i := range rs {
		if rs[i].Case == name && rs[i].Clients == n {
			return &rs[i]
		}
	}
	return nil
}

func verdict(met bool, format string, args ...any) bench.Verdict {
	v := bench.Verdict{Status: bench.Missed, Measured: fmt.Sprintf(format, args...)}
	if met {
		v.Status = bench.Met
	}
	return v
}

func notRun(format string, args ...any) bench.Verdict {
	return bench.Verdict{Status: bench.NotChecked, Measured: fmt.Sprintf(format, args...)}
}

// atLeastPerSecond: the case with n clients made at least limit requests
// a second, none failing.
func atLeastPerSecond(rs []bench.Result, name string, n int, limit float64) bench.Verdict {
	r := findResult(rs, name, n)
	if r == nil {
		return notRun("not run with %d clients", n)
	}
	if r.Errors > 0 {
		return verdict(false, "%.0f requests/s, but %d of %d failed", r.PerSecond(), r.Errors, r.Requests)
	}
	return verdict(r.PerSecond() >= limit, "%.0f requests/s", r.PerSecond())
}

// batchUnder: the batch whose case name starts with prefix made its
// requests, none failing, at a pace of 1,000 in under secs seconds.
func batchUnder(rs []bench.Result, prefix string, secs float64) bench.Verdict {
	for _, r := range rs {
		if !strings.HasPrefix(r.Case, prefix) || r.Requests == 0 {
			continue
		}
		per1000 := r.Elapsed.Seconds() * 1000 / float64(r.Requests)
		v := verdict(per1000 < secs && r.Errors == 0, "%.2f s", per1000)
		if r.Requests != 1000 {
			v.Measured = fmt.Sprintf("%.2f s for 1,000 at the pace of %d in %s", per1000, r.Requests, r.Elapsed.Round(time.Millisecond))
		}
		if r.Errors > 0 {
			v.Measured += fmt.Sprintf(", but %d failed", r.Errors)
		}
		return v
	}
	return notRun("not run")
}

// tails: every read case with 8 and 32 clients has its p99 at most ten
// times its p50, and under 50 ms.
func tails(rs []bench.Result) bench.Verdict {
	var checked, over int
	var worst *bench.Result
	for i := range rs {
		r := &rs[i]
		if !isReadCase(r.Case) || r.Clients != 8 && r.Clients != 32 || r.Requests == 0 {
			continue
		}
		checked++
		if r.P99 > 10*r.P50 || r.P99 >= 50*time.Millisecond {
			over++
		}
		if worst == nil || r.P99 > worst.P99 {
			worst = r
		}
	}
	if checked == 0 {
		return notRun("no read case ran with 8 or 32 clients")
	}
	return verdict(over == 0, "%d of %d rows over; the highest p99: %s with %d clients, %.1f ms (%.1f× its p50)",
		over, checked, worst.Case, worst.Clients, float64(worst.P99)/float64(time.Millisecond), float64(worst.P99)/float64(max(worst.P50, 1)))
}

// peakUnder: the most memory any case saw stays under limit bytes.
func peakUnder(limit uint64) func([]bench.Result) bench.Verdict {
	return func(rs []bench.Result) bench.Verdict {
		var peak uint64
		for _, r := range rs {
			peak = max(peak, r.PeakMemory)
		}
		if len(rs) == 0 {
			return notRun("no case ran")
		}
		return verdict(peak < limit, "%.0f MB (%.0f MiB) at most", float64(peak)/1e6, float64(peak)/(1<<20))
	}
}

// growthWithin: every paged case with a baseline has its p50 within
// ratio times the baseline's.
func growthWithin(ratio float64) func([]bench.Result) bench.Verdict {
	return func(rs []bench.Result) bench.Verdict {
		var checked, over int
		var worst float64
		var worstCase string
		for _, r := range rs {
			g, _, ok := r.Growth()
			if !ok || !slices.Contains(benchPagedCases, r.Case) {
				continue
			}
			checked++
			if g > ratio {
				over++
			}
			if g > worst {
				worst, worstCase = g, fmt.Sprintf("%s with %d clients", r.Case, r.Clients)
			}
		}
		if checked == 0 {
			return notRun("no paged view was measured at a compare scale (--compare)")
		}
		return verdict(over == 0, "%d of %d rows over; the largest: %s, %.2f×", over, checked, worstCase, worst)
	}
}

// bareAtLeast: every case measured against a bare handler made at least
// share of that handler's requests a second, neither failing.
func bareAtLeast(share float64) func([]bench.Result) bench.Verdict {
	return func(rs []bench.Result) bench.Verdict {
		var checked, under int
		var worst *bench.Result
		worstRatio := 0.0
		for i := range rs {
			r := &rs[i]
			x, ok := r.BareRatio()
			if !ok {
				continue
			}
			checked++
			if x < share || r.Errors > 0 || r.Bare.Errors > 0 {
				under++
			}
			if worst == nil || x < worstRatio {
				worst, worstRatio = r, x
			}
		}
		if checked == 0 {
			return notRun("no case ran beside its bare handler")
		}
		v := verdict(under == 0, "%d of %d rows under; the lowest: %s with %d clients, %.0f against %.0f requests/s (%.0f %%)",
			under, checked, worst.Case, worst.Clients, worst.PerSecond(), worst.Bare.PerSecond(), 100*worstRatio)
		return v
	}
}

// benchServer is a generated register served on loopback by the real
// server, with what the cases need of it.
type benchServer struct {
	main     *Main
	meter    *queryMeter
	client   *benchClient
	target   benchTarget
	projects int
	dir      string // the temporary SQLite folder, removed by close
	// bare serves the bare handlers, whose cases run after the real
	// cases named by bareCases' keys; nil for none.
	bare      *bareServer
	bareCases map[string]bench.Case
}

// startBench generates the register of scale s into a fresh database (the
// PostgreSQL one at dbURL, else a temporary SQLite file), makes the
// admin's credentials and starts the server on it, and with bare the bare
// handlers beside it on the same database pool.
func startBench(ctx context.Context, s gen.Scale, seed uint64, dbURL string, stderr io.Writer, hc *http.Client, clients int, bare bool) (*benchServer, error) {
	m := NewMain()
	m.Stdout = stderr // stdout is for the table
	m.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	m.Config.Addr = "127.0.0.1:0"
	m.Config.DatabaseURL = dbURL
	srv := &benchServer{main: m, meter: &queryMeter{}}
	m.WrapHandler = srv.meter.wrap
	if dbURL == "" {
		dir, err := os.MkdirTemp("", "salkku-bench-")
		if err != nil {
			return nil, err
		}
		srv.dir = dir
		m.Config.DataDir = dir
	}

	// The register, and the admin whose token and session the clients use.
	ds := gen.Generate(s, seed)
	db, err := m.openDB(ctx)
	if err != nil {
		return nil, errors.Join(err, srv.close())
	}
	start := time.Now()
	err = db.LoadDataset(salkku.System(ctx), ds, nil)
	if errors.Is(err, sqldb.ErrNotEmpty) {
		err = errors.New("the database already has data: bench needs an empty PostgreSQL database (or none, for a temporary SQLite file)")
	}
	var token, session string
	var admin int64
	if err == nil {
		fmt.Fprintf(stderr, "salkku: %s register (%d projects) written in %s\n", s.Name, len(ds.Projects), time.Since(start).Round(time.Millisecond))
		admin, token, session, err = benchCredentials(salkku.System(ctx), db, ds)
	}
	err = errors.Join(err, db.Close())
	if err == nil {
		srv.target, err = benchTargets(ds)
	}
	if err != nil {
		return nil, errors.Join(err, srv.close())
	}
	srv.projects = len(ds.Projects)
	ds = nil             // let the generated register go before measuring memory
	debug.FreeOSMemory() // and give it back, so that the peak memory is the server's

	if err := m.Run(ctx); err != nil {
		return nil, errors.Join(err, srv.close())
	}
	srv.client = &benchClient{http: hc, base: m.URL(), token: token, session: session, docs: make([]map[string]any, clients)}
	if bare {
		b, err := startBare(ctx, m, admin)
		if err != nil {
			return nil, errors.Join(err, srv.close())
		}
		srv.bare, srv.bareCases = b, b.cases(hc, srv.target)
	}
	return srv, nil
}

// run runs each case with each number of clients.
func (s *benchServer) run(ctx context.Context, cases []bench.Case, clients []int, lim bench.Limits, stderr io.Writer) ([]bench.Result, error) {
	var results []bench.Result
	for _, c := range cases {
		for _, n := range clients {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			r := s.meter.measure(func() bench.Result { return bench.Run(ctx, c, n, lim) })
			fmt.Fprintf(stderr, "salkku: %-32s %2d clients: %8.1f/s p99 %s, %d errors\n", c.Name, n, r.PerSecond(), r.P99, r.Errors)
			bc, ok := s.bareCases[c.Name]
			if !ok {
				results = append(results, r)
				continue
			}
			// Its bare handler with the same clients, just after it.
			rb := s.bare.meter.measure(func() bench.Result { return bench.Run(ctx, bc, n, lim) })
			fmt.Fprintf(stderr, "salkku: %-32s %2d clients: %8.1f/s p99 %s, %d errors\n", bc.Name, n, rb.PerSecond(), rb.P99, rb.Errors)
			r.Bare = &rb
			results = append(results, r, rb)
		}
	}
	return results, nil
}

// close stops the server and removes the temporary database; it may be
// called again.
func (s *benchServer) close() error {
	var err error
	if s.bare != nil {
		err = s.bare.close()
		s.bare = nil
	}
	if s.main != nil {
		err = errors.Join(err, s.main.Close())
		s.main = nil
	}
	if s.dir != "" {
		err = errors.Join(err, os.RemoveAll(s.dir))
		s.dir = ""
	}
	return err
}

// queryMeter counts, for the requests the server handles, the statements
// its store runs for them. It wraps the server's handler only, so the
// background jobs and the reminders are not counted.
type queryMeter struct{ statements, requests atomic.Int64 }

func (q *queryMeter) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, n := sqldb.CountQueries(r.Context())
		h.ServeHTTP(w, r.WithContext(ctx))
		q.statements.Add(n.Load())
		q.requests.Add(1)
	})
}

// measure runs a case and adds to its result the statements and requests
// the server counted while it ran.
func (q *queryMeter) measure(run func() bench.Result) bench.Result {
	q.statements.Store(0)
	q.requests.Store(0)
	r := run()
	r.Statements, r.Served = q.statements.Load(), q.requests.Load()
	return r
}

func parseClients(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 256 {
			return nil, fmt.Errorf("--clients: %q is not a number of clients from 1 to 256", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// benchCredentials makes an API token and a session for the generated
// admin, the first user with Admin set, and returns the admin's id too.
func benchCredentials(ctx context.Context, db *sqldb.DB, ds *salkku.Dataset) (admin int64, token, session string, err error) {
	for _, u := range ds.Users {
		if u.Admin && !u.Disabled {
			admin = u.ID
			break
		}
	}
	if admin == 0 {
		return 0, "", "", errors.New("bench: the generated register has no active admin")
	}
	if token, err = db.CreateToken(ctx, &salkku.APIToken{UserID: admin, Name: "salkku bench"}); err != nil {
		return 0, "", "", err
	}
	if session, _, err = db.CreateSession(ctx, admin); err != nil {
		return 0, "", "", err
	}
	return admin, token, session, nil
}

// benchTarget is what the cases ask for: the largest portfolio, one of its
// categories with projects, a word that its project names contain, its
// last overview page, and projects to read and edit.
type benchTarget struct {
	portfolio, category int64
	word                string
	lastPage            int
	inPortfolio         int
	projects            []int64 // one per client to edit, cycling
	// root is the top portfolio above portfolio, whose finance roll-up
	// spans its sub-portfolios; org its organisation; spans projects of
	// org with a start, an end and a code no other project of org has,
	// for the actuals import.
	root, org int64
	spans     []*salkku.Project
	// langs are the organisation's content languages, for the names of
	// what bench creates.
	langs salkku.Languages
}

func benchTargets(ds *salkku.Dataset) (benchTarget, error) {
	count := map[int64]int{}
	for _, p := range ds.Projects {
		count[p.PortfolioID]++
	}
	var t benchTarget
	for id, n := range count {
		if n > t.inPortfolio || n == t.inPortfolio && id < t.portfolio {
			t.portfolio, t.inPortfolio = id, n
		}
	}
	if t.inPortfolio == 0 {
		return t, errors.New("bench: the generated register has no projects")
	}
	cats := map[int64]int{}
	words := map[string]int{}
	for _, p := range ds.Projects {
		if p.PortfolioID != t.portfolio {
			continue
		}
		t.projects = append(t.projects, p.ID)
		if p.CategoryID != nil {
			cats[*p.CategoryID]++
		}
		for _, w := range strings.Fields(p.Name.FI) {
			if len([]rune(w)) >= 5 {
				words[strings.ToLower(strings.Trim(w, ",.:;()"))]++
			}
		}
	}
	// The most common category and a word of middling frequency, so that
	// the filtered pages are neither empty nor the whole portfolio.
	for id, n := range cats {
		if n > cats[t.category] || n == cats[t.category] && id < t.category {
			t.category = id
		}
	}
	want := max(1, t.inPortfolio/20)
	best := -1
	for w, n := range words {
		d := abs(n - want)
		if best < 0 || d < best || d == best && w < t.word {
			t.word, best = w, d
		}
	}
	t.lastPage = max(1, (t.inPortfolio+salkku.DefaultPageSize-1)/salkku.DefaultPageSize)
	parent := map[int64]*int64{}
	for _, pf := range ds.Portfolios {
		parent[pf.ID] = pf.ParentID
		if pf.ID == t.portfolio {
			t.org = pf.OrganisationID
		}
	}
	for _, o := range ds.Organisations {
		if o.ID == t.org {
			t.langs = o.Languages.Normalize()
		}
	}
	t.root = t.portfolio
	for parent[t.root] != nil {
		t.root = *parent[t.root]
	}
	// The import's projects: those of the organisation with a start and an
	// end, the portfolio's first, whose code no other project of the
	// organisation has (the import refuses a code that names several).
	orgOf := map[int64]int64{}
	for _, pf := range ds.Portfolios {
		orgOf[pf.ID] = pf.OrganisationID
	}
	codes := map[string]int{}
	for _, p := range ds.Projects {
		if orgOf[p.PortfolioID] == t.org {
			codes[salkku.Fold(p.Code)]++
		}
	}
	for _, here := range []bool{true, false} {
		for _, p := range ds.Projects {
			if orgOf[p.PortfolioID] == t.org && (p.PortfolioID == t.portfolio) == here && codes[salkku.Fold(p.Code)] == 1 &&
				!p.Start.IsZero() && !p.End.IsZero() && len(t.spans) < 200 {
				t.spans = append(t.spans, p)
			}
		}
	}
	return t, nil
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// benchClient makes the requests of the cases: pages with the session
// cookie, the API with the bearer token.
type benchClient struct {
	http           *http.Client
	base           string
	token, session string
	docs           []map[string]any // the project each client edits, as last read
}

func (b *benchClient) page(ctx context.Context, path string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.base+path, nil)
	if err != nil {
		return err
	}
	req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: b.session})
	return bench.Read(b.http, req)
}

// api makes a request of the API and returns its answer.
func (b *benchClient) api(ctx context.Context, method, path, body string) ([]byte, error) {
	req, err := b.apiRequest(ctx, method, path, body)
	if err != nil {
		return nil, err
	}
	return bench.Send(b.http, req)
}

func (b *benchClient) apiRequest(ctx context.Context, method, path, body string) (*http.Request, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, b.base+path, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+b.token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

func (b *benchClient) cases(t benchTarget) []bench.Case {
	pf := "/portfolios/" + strconv.FormatInt(t.portfolio, 10)
	project := func(i int) string { return strconv.FormatInt(t.projects[i%len(t.projects)], 10) }
	get := func(name string, path func(client, i int) string) bench.Case {
		return bench.Case{Name: name, Do: func(ctx context.Context, client, i int) error { return b.page(ctx, path(client, i)) }}
	}
	getAPI := func(name string, path func(client, i int) string) bench.Case {
		return bench.Case{Name: name, Do: func(ctx context.Context, client, i int) error {
			req, err := b.apiRequest(ctx, http.MethodGet, path(client, i), "")
			if err != nil {
				return err
			}
			return bench.Read(b.http, req)
		}}
	}
	fixed := func(p string) func(int, int) string { return func(int, int) string { return p } }
	return []bench.Case{
		get(benchOverview, fixed(pf)),
		get(benchOverviewCat, fixed(pf+"?category="+strconv.FormatInt(t.category, 10))),
		get(benchOverviewSearch, fixed(pf+"?q="+t.word)),
		get(benchOverviewDeep, fixed(pf+"?page="+strconv.Itoa(t.lastPage))),
		get(benchProjectPage, func(_, i int) string { return "/projects/" + project(i) }),
		get(benchGatesPage, func(_, i int) string { return "/projects/" + project(i) + "/gates" }),
		get(benchPhasesPage, fixed(pf+"/gates")),
		get(benchStatusPage, fixed(pf+"/status")),
		get(benchReportsPage, func(_, i int) string { return "/projects/" + project(i) + "/reports" }),
		get(benchFinancePage, func(_, i int) string { return "/projects/" + project(i) + "/finance" }),
		get(benchRollupPage, fixed("/portfolios/"+strconv.FormatInt(t.root, 10)+"/finance")),
		get(benchHomePage, fixed("/")),
		getAPI(benchAPIMe, fixed("/api/v1/me")),
		getAPI(benchAPIGet, func(_, i int) string { return "/api/v1/projects/" + project(i) }),
		{Name: benchAPIPut, Do: func(ctx context.Context, client, i int) error { return b.put(ctx, t, client, i) }},
		getAPI(benchAPIList, fixed("/api/v1/projects?limit=50")),
		getAPI(benchAPIRollup, fixed("/api/v1/portfolios/"+strconv.FormatInt(t.root, 10)+"/finance")),
	}
}

// actualsFile is a Finnish Excel CSV of n actuals on the target's
// projects, each row with an id of its own under tag.
func actualsFile(t benchTarget, n int, tag string) string {
	var b strings.Builder
	b.WriteString("Projekti;Kuukausi;Kustannuslaji;Summa;Selite;Tosite\r\n")
	for i := range n {
		p := t.spans[i%len(t.spans)]
		m := p.Start + salkku.Month(i%salkku.Months(p.Start, p.End))
		fmt.Fprintf(&b, "%s;%s;Henkilöstömenot;%d,%02d;Suorituskykytesti;%s-%d\r\n", p.Code, m, 100+i%9000, i%100, tag, i)
	}
	return b.String()
}

// thousands writes n with a comma between thousands: 15,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// createPortfolio makes a new portfolio in the organisation through the
// API and returns its id.
func (b *benchClient) createPortfolio(ctx context.Context, t benchTarget) (int64, error) {
	name := t.langs.Keep(salkku.Text{FI: "Suorituskykytestin suuri salkku", SV: "Prestandatestets stora portfölj", EN: "The benchmark's big portfolio"})
	in, err := json.Marshal(map[string]any{"organisation_id": t.org, "name": name})
	if err != nil {
		return 0, err
	}
	resp, err := b.api(ctx, http.MethodPost, "/api/v1/portfolios", string(in))
	if err != nil {
		return 0, err
	}
	var pf struct{ ID int64 }
	if err := json.Unmarshal(resp, &pf); err != nil || pf.ID == 0 {
		return 0, fmt.Errorf("bench: the new portfolio's id in %.200q: %v", resp, err)
	}
	return pf.ID, nil
}

// projectsFile is a Finnish Excel CSV project list of n new projects,
// their codes under tag, named in the organisation's primary language.
func projectsFile(n int, tag string) string {
	var b strings.Builder
	b.WriteString("Tunnus;Nimi\r\n")
	for i := range n {
		fmt.Fprintf(&b, "%s-%d;Suorituskykytestin hanke %d\r\n", tag, i+1, i+1)
	}
	return b.String()
}

// importProjects posts a project list to the portfolio's project import,
// which writes every row or none.
func (b *benchClient) importProjects(ctx context.Context, portfolio int64, file string) error {
	path := "/api/v1/portfolios/" + strconv.FormatInt(portfolio, 10) + "/projects/import?file_name=bench.csv"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.base+path, strings.NewReader(file))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+b.token)
	req.Header.Set("Content-Type", "text/csv; charset=utf-8")
	_, err = bench.Send(b.http, req)
	return err
}

// importActuals posts an actuals file to the import, previewing or
// applying it.
func (b *benchClient) importActuals(ctx context.Context, t benchTarget, file string, apply bool) error {
	path := "/api/v1/organisations/" + strconv.FormatInt(t.org, 10) + "/actual-imports?file_name=bench.csv"
	if apply {
		path += "&apply=true"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.base+path, strings.NewReader(file))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+b.token)
	req.Header.Set("Content-Type", "text/csv; charset=utf-8")
	body, err := bench.Send(b.http, req)
	if err != nil || !apply {
		return err
	}
	// Each apply must write its file's rows, all new.
	var res struct {
		Rows, New int
		Applied   bool
	}
	if err := json.Unmarshal(body, &res); err != nil {
		return fmt.Errorf("bench: the import's answer: %w", err)
	}
	if !res.Applied || res.Rows == 0 || res.New != res.Rows {
		return fmt.Errorf("bench: the import applied=%v %d new rows of %d, want all new", res.Applied, res.New, res.Rows)
	}
	return nil
}

// put edits the client's own project, so that concurrent clients do not
// conflict, sending back the document it last read with a new
// description.
func (b *benchClient) put(ctx context.Context, t benchTarget, client, i int) error {
	path := "/api/v1/projects/" + strconv.FormatInt(t.projects[client%len(t.projects)], 10)
	if b.docs[client] == nil {
		body, err := b.api(ctx, http.MethodGet, path, "")
		if err != nil {
			return err
		}
		if err := json.Unmarshal(body, &b.docs[client]); err != nil {
			return err
		}
	}
	doc := b.docs[client]
	doc["description"] = fmt.Sprintf("Suorituskykytesti, muutos %d.", i)
	in, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	body, err := b.api(ctx, http.MethodPut, path, string(in))
	if err != nil {
		b.docs[client] = nil // read it again next time
		return err
	}
	var next map[string]any
	if err := json.Unmarshal(body, &next); err != nil {
		return err
	}
	b.docs[client] = next
	return nil
}

func benchNotes(t benchTarget) []string {
	return []string{
		fmt.Sprintf("Overview cases are portfolio %d (%d projects): category %d, search %q, page %d.", t.portfolio, t.inPortfolio, t.category, t.word, t.lastPage),
		"Any status other than 2xx counts as an error (redirects are not followed, so a redirect to the login page is one).",
		"The server and the clients run in one process on loopback: the clients read each body to its end into io.Discard's buffer (kept only where a case looks at it), but their CPU is still part of the load, and the peak memory (what the Go runtime holds from the OS, from runtime/metrics: all it mapped less the heap it released; sampled every 20 ms during each case) is the whole process's. The generated register is let go, and its memory given back, before the server starts.",
		"Pages use a session cookie, the API a bearer token, both of a generated admin. PUT: each client edits its own project.",
		"Queries/request is the mean number of SQL statements the store ran per request the server handled during the case (BEGIN and COMMIT not counted; background jobs and reminders not counted).",
		"The finance roll-up is the top portfolio's, over all its sub-portfolios; the status summary is the same portfolio's, for today, over it and its sub-portfolios.",
		fmt.Sprintf("The actuals import posts a 10,000-row Finnish Excel CSV to the API on %d projects of organisation %d whose codes are the organisation's own: the preview the same file each time, each apply a file of new rows, checked to write all ten thousand as new.", len(t.spans), t.org),
		"Targets are issue 12's, checked against this run's rows: \"not checked\" when their cases did not run (--only, --clients, --compare) or they are not set for this engine.",
		"× bare, ratio (a): the requests per second of the case against those of its bare handler (the row below it, run just after with the same clients): a handler in the same process, on the same database pool, on a second loopback listener, with no middleware (no token or session, no access check, no logging, no security headers, no transaction), that runs the best query for the view and writes the same JSON or renders the same page with the page's own template code (checked by TestBareBodies and TestBarePages). The 50-project list: the first 51 rows in the indexed default order with their kept JSON (project_items), the total from project_totals; a project: its kept JSON by id; /me: the user's row, their grants with their targets' codes and the targets' names; the finance roll-up: the cost categories joined to the portfolio's kept totals, the sub-portfolios' totals, the first page of its projects' totals, their names in one query. The overview: the portfolio with its organisation's languages and owner, its children, board and categories in one statement, a page of its projects in the index's order with the total (kept, or a window count over the portfolio's matches), every name and text in one statement. The project page: its kept item with its organisation's languages and its model's content (decoded once per version, as the store keeps it), its open gate request, its work packages with their responsible people, the names in one statement. The home page: a page of organisations by name with their total, their portfolios with owners and kept counts, their names in one statement, and the admin's reports due read by the store as on the page (in a transaction of their own, which the page shares with its other reads). Its Queries/request counts the bare handler's statements (not the store's reports due).",
		"Not yet measured: ratio (a) for the gates, phases, status summary, reports, finance and roll-up pages (only the overview, the project page and the home page have bare handlers); the XLSX export of all projects (TestOverviewExportBoundedMemory measures its memory) and the documents, which run as background jobs.",
	}
}

// writeBenchFile writes the table to path, under a title when the file is
// new or replaced.
func writeBenchFile(path string, table []byte, appendTo bool) error {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	if appendTo {
		f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		_, err = f.Write(append([]byte("\n"), table...))
		return errors.Join(err, f.Close())
	}
	doc := append([]byte(benchTitle), table...)
	return os.WriteFile(path, doc, 0o644)
}

const benchTitle = `# Salkku benchmarks

Made with ` + "`salkku bench`" + `, which generates a synthetic register into a fresh
database, starts the real server on 127.0.0.1 and measures the pages and the
API with 1, 8 and 32 concurrent clients. To run it:

    go run ./cmd/salkku bench --scale city --out docs/bench.md
    go run ./cmd/salkku bench --scale city --db 'postgres://…/empty_db' --out docs/bench.md --append
    go run ./cmd/salkku bench --scale national --db 'postgres://…/empty_db' --compare-db 'postgres://…/empty_db2' --out docs/bench.md --append

Each table has a Queries/request column (the SQL statements the store ran
per request), and, when a compare run was made (--compare; city by default
under a larger scale), the growth ratio (b): the p50 latency and the requests
per second of each read case against the same case on the smaller register,
measured just before in a second database (on PostgreSQL --compare-db).
Under each table, issue 12's targets are checked against the run: the
50-project list at national scale, a single project, 1,000 creates (also
into a portfolio of 15,000), p99 within 10× p50 and under 50 ms, peak
memory under 300 MB, growth within 1.5× for the paged views, and ratio (a):
each API read (the list, a project, /me, the finance roll-up) and page (the
overview cases, the project page, the home page) at least 50 % of the
requests per second of a bare handler with the best query for the view, the
same rendering and no middleware, measured just after it (column × bare;
the other pages are not yet compared).

`

// loadAverage is the 1, 5 and 15 minute load average from /proc/loadavg,
// empty where there is none: on a shared machine it says how busy the
// other tenants kept it.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return ""
}
