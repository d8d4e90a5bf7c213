package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/importer"
	"github.com/salkku/salkku/sqldb"
	"github.com/salkku/salkku/sqldb/sqldbtest"
	"github.com/salkku/salkku/web"
	"github.com/salkku/salkku/web/jobs"
	"github.com/salkku/salkku/web/site"
)

// runJobs runs every queued job to its end with a runner of srv.
func runJobs(t *testing.T, db *sqldb.DB, srv http.Handler) {
	t.Helper()
	sys := salkku.System(context.Background())
	r := &jobs.Runner{Store: db, Handler: srv, Logger: slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelError}))}
	for {
		j, err := db.ClaimJob(sys, "test")
		if salkku.ErrorCode(err) == salkku.ENOTFOUND {
			return
		}
		must(t, err)
		r.RunJob(context.Background(), "test", j)
	}
}

// jobIDOf is the job a 303 or 202 answer points to.
func jobIDOf(t *testing.T, loc string) int64 {
	t.Helper()
	i := strings.LastIndexByte(loc, '/')
	id, err := strconv.ParseInt(loc[i+1:], 10, 64)
	if err != nil {
		t.Fatalf("no job in %q", loc)
	}
	return id
}

func allJobs(t *testing.T, db *sqldb.DB) int {
	t.Helper()
	list, _, err := db.FindJobs(salkku.System(context.Background()), salkku.JobFilter{All: true, Limit: salkku.MaxPageSize})
	must(t, err)
	return len(list)
}

func xlsxRows(t *testing.T, b []byte) [][]string {
	t.Helper()
	tab, err := importer.Read("x.xlsx", bytes.NewReader(b), 64<<20)
	must(t, err)
	return append([][]string{tab.Header}, rowsOf(tab)...)
}

func rowsOf(tab *importer.Table) [][]string {
	var out [][]string
	for _, r := range tab.Rows {
		var cells []string
		for _, c := range r.Cells {
			cells = append(cells, c.Text)
		}
		out = append(out, cells)
	}
	return out
}

func TestJobPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newAZFixture(t, engine)
		exportPath := fmt.Sprintf("/portfolios/%d/export?format=xlsx&sort=name", f.a.ID)

		t.Run("OK", func(t *testing.T) {
			f.t = t
			rec := f.send(azOwner, http.MethodPost, azReq{path: "/jobs", form: url.Values{"path": {exportPath + "&lang=sv"}}})
			if rec.Code != http.StatusSeeOther {
				t.Fatalf("POST /jobs: %d %s", rec.Code, excerpt(rec.Body.String()))
			}
			id := jobIDOf(t, rec.Header().Get("Location"))
			page := f.send(azOwner, http.MethodGet, azReq{path: fmt.Sprintf("/jobs/%d", id)})
			body := html.UnescapeString(page.Body.String())
			for _, want := range []string{`<noscript><meta http-equiv="refresh" content="2"></noscript>`, "<progress", "Portfolio overview, ", "jobs.js", "Queued"} {
				if !strings.Contains(body, want) {
					t.Errorf("the queued job's page lacks %q", want)
				}
			}
			if res := f.send(azOwner, http.MethodGet, azReq{path: fmt.Sprintf("/jobs/%d/result", id)}); res.Code != http.StatusConflict {
				t.Errorf("the file before it is made: %d, want 409", res.Code)
			}
			runJobs(t, f.db, f.srv)
			page = f.send(azOwner, http.MethodGet, azReq{path: fmt.Sprintf("/jobs/%d", id)})
			body = page.Body.String()
			if strings.Contains(body, `http-equiv="refresh"`) || !strings.Contains(body, fmt.Sprintf(`href="/jobs/%d/result"`, id)) {
				t.Errorf("the done job's page refreshes or has no link:\n%s", excerpt(body))
			}
			res := f.send(azOwner, http.MethodGet, azReq{path: fmt.Sprintf("/jobs/%d/result", id)})
			direct := f.send(azOwner, http.MethodGet, azReq{path: exportPath})
			if res.Code != http.StatusOK || direct.Code != http.StatusOK {
				t.Fatalf("result %d, direct %d", res.Code, direct.Code)
			}
			if got, want := res.Header().Get("Content-Disposition"), direct.Header().Get("Content-Disposition"); got != want {
				t.Errorf("Content-Disposition %q, want %q", got, want)
			}
			got, want := xlsxRows(t, res.Body.Bytes()), xlsxRows(t, direct.Body.Bytes())
			if len(want) < 2 || fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("the job's rows differ from the download's:\n%v\n%v", got, want)
			}
			j, err := f.db.FindJob(salkku.System(context.Background()), id)
			must(t, err)
			if j.Lang != "en" || strings.Contains(j.Path, "lang=") || j.Done != len(want)-1 || j.Total != len(want)-1 {
				t.Errorf("the job: %+v", j)
			}
			list := f.send(azOwner, http.MethodGet, azReq{path: "/jobs"})
			if !strings.Contains(list.Body.String(), fmt.Sprintf(`href="/jobs/%d"`, id)) {
				t.Errorf("/jobs does not list the job")
			}
			if other := f.send(azViewerA, http.MethodGet, azReq{path: "/jobs"}); strings.Contains(other.Body.String(), fmt.Sprintf(`href="/jobs/%d"`, id)) {
				t.Errorf("another user's /jobs lists the job")
			}
		})

		// A job of a portfolio the user may not see fails with the
		// page's own refusal, in the user's language.
		t.Run("Refused", func(t *testing.T) {
			f.t = t
			rec := f.send(azViewerB, http.MethodPost, azReq{path: "/jobs", form: url.Values{"path": {exportPath}}})
			if rec.Code != http.StatusSeeOther {
				t.Fatalf("POST /jobs: %d", rec.Code)
			}
			id := jobIDOf(t, rec.Header().Get("Location"))
			runJobs(t, f.db, f.srv)
			direct := f.send(azViewerB, http.MethodGet, azReq{path: exportPath})
			j, err := f.db.FindJob(salkku.System(context.Background()), id)
			must(t, err)
			wantKey := map[int]string{http.StatusForbidden: "error.forbidden", http.StatusNotFound: "error.not_found"}[direct.Code]
			if j.Status != salkku.JobFailed || wantKey == "" || j.Error != wantKey {
				t.Fatalf("the job %s (%q), the page answers %d", j.Status, j.Error, direct.Code)
			}
			page := f.send(azViewerB, http.MethodGet, azReq{path: fmt.Sprintf("/jobs/%d", id)})
			if msg := apiCatalog.T("en", wantKey); !strings.Contains(html.UnescapeString(page.Body.String()), msg) {
				t.Errorf("the failed job's page lacks %q", msg)
			}
			if res := f.send(azViewerB, http.MethodGet, azReq{path: fmt.Sprintf("/jobs/%d/result", id)}); res.Code != http.StatusConflict {
				t.Errorf("a failed job's file: %d, want 409", res.Code)
			}
		})

		// An unknown path or format is refused and queues nothing.
		t.Run("BadPath", func(t *testing.T) {
			f.t = t
			before := allJobs(t, f.db)
			for _, path := range []string{
				fmt.Sprintf("/portfolios/%d", f.a.ID),
				fmt.Sprintf("/portfolios/%d/export?format=pdf", f.a.ID),
				fmt.Sprintf("/portfolios/%d/export", f.a.ID),
				"/admin/users", "https://evil.example/people/export?format=csv", "//evil.example/people/export?format=csv", "",
			} {
				rec := f.send(azOwner, http.MethodPost, azReq{path: "/jobs", form: url.Values{"path": {path}}})
				if rec.Code != http.StatusBadRequest {
					t.Errorf("POST /jobs path=%q: %d, want 400", path, rec.Code)
				}
				api := f.send(azOwner, http.MethodPost, azReq{path: "/api/v1/jobs", body: map[string]any{"path": path}})
				if api.Code != http.StatusBadRequest {
					t.Errorf("POST /api/v1/jobs path=%q: %d, want 400", path, api.Code)
				}
			}
			if after := allJobs(t, f.db); after != before {
				t.Errorf("%d jobs, want %d", after, before)
			}
		})

		t.Run("API", func(t *testing.T) {
			f.t = t
			rec := f.send(azOwner, http.MethodPost, azReq{path: "/api/v1/jobs", body: map[string]any{"path": exportPath}})
			if rec.Code != http.StatusAccepted || !strings.HasPrefix(rec.Header().Get("Location"), "/api/v1/jobs/") {
				t.Fatalf("POST: %d %q %s", rec.Code, rec.Header().Get("Location"), rec.Body.String())
			}
			loc := rec.Header().Get("Location")
			var j struct {
				ID     int64
				Status string
			}
			must(t, json.Unmarshal(rec.Body.Bytes(), &j))
			if j.Status != salkku.JobQueued {
				t.Errorf("status %q", j.Status)
			}
			if res := f.send(azOwner, http.MethodGet, azReq{path: loc + "/result"}); res.Code != http.StatusConflict {
				t.Errorf("result before: %d, want 409", res.Code)
			}
			runJobs(t, f.db, f.srv)
			got := f.send(azOwner, http.MethodGet, azReq{path: loc})
			var jj struct {
				Status    string
				ResultURL string `json:"result_url"`
				Done      int
				Total     int
			}
			must(t, json.Unmarshal(got.Body.Bytes(), &jj))
			if jj.Status != salkku.JobDone || jj.ResultURL != loc+"/result" || jj.Done == 0 || jj.Done != jj.Total {
				t.Errorf("after the run: %s", got.Body.String())
			}
			if res := f.send(azOwner, http.MethodGet, azReq{path: jj.ResultURL}); res.Code != http.StatusOK || len(xlsxRows(t, res.Body.Bytes())) < 2 {
				t.Errorf("result: %d", res.Code)
			}
			if del := f.send(azOwner, http.MethodDelete, azReq{path: loc}); del.Code != http.StatusConflict {
				t.Errorf("cancel a done job: %d, want 409", del.Code)
			}
			rec = f.send(azOwner, http.MethodPost, azReq{path: "/api/v1/jobs", body: map[string]any{"path": exportPath}})
			del := f.send(azOwner, http.MethodDelete, azReq{path: rec.Header().Get("Location")})
			if del.Code != http.StatusOK || !strings.Contains(del.Body.String(), `"status":"cancelled"`) {
				t.Errorf("cancel: %d %s", del.Code, del.Body.String())
			}
			list := f.send(azOwner, http.MethodGet, azReq{path: "/api/v1/jobs"})
			if !strings.Contains(list.Body.String(), `"url":"`+loc+`"`) {
				t.Errorf("the list lacks %s: %s", loc, excerpt(list.Body.String()))
			}
		})
	})
}

// TestJobsTwoInstances: two instances of Salkku on one PostgreSQL share
// the queue: a job queued on A is run by B's runner and downloaded from A.
func TestJobsTwoInstances(t *testing.T) {
	if len(sqldbtest.Engines(t)) < 2 {
		t.Skip("needs SALKKU_TEST_POSTGRES")
	}
	f := newAZFixture(t, "postgres")
	dbB := sqldbtest.Reopen(t, f.db)
	srvB, err := site.New(web.Config{Register: dbB, Users: dbB, DB: dbB,
		Logger: slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelError}))})
	must(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	runnerB := &jobs.Runner{Store: dbB, Handler: srvB, Poll: 50 * time.Millisecond}
	stopped := make(chan struct{})
	go func() { runnerB.Run(ctx); close(stopped) }()
	defer func() { cancel(); <-stopped }()

	path := fmt.Sprintf("/portfolios/%d/export?format=xlsx", f.a.ID)
	rec := f.send(azOwner, http.MethodPost, azReq{path: "/jobs", form: url.Values{"path": {path}}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("POST /jobs on A: %d", rec.Code)
	}
	id := jobIDOf(t, rec.Header().Get("Location"))
	deadline := time.Now().Add(20 * time.Second)
	for {
		j, err := f.db.FindJob(salkku.System(context.Background()), id)
		must(t, err)
		if j.Status == salkku.JobDone {
			if !strings.HasPrefix(j.Worker+runnerB.Name, runnerB.Name) {
				t.Errorf("run by %q", j.Worker)
			}
			break
		}
		if j.Finished() || time.Now().After(deadline) {
			t.Fatalf("the job on B: %s %q", j.Status, j.Error)
		}
		time.Sleep(50 * time.Millisecond)
	}
	res := f.send(azOwner, http.MethodGet, azReq{path: fmt.Sprintf("/jobs/%d/result", id)})
	direct := f.send(azOwner, http.MethodGet, azReq{path: path})
	if res.Code != http.StatusOK || fmt.Sprint(xlsxRows(t, res.Body.Bytes())) != fmt.Sprint(xlsxRows(t, direct.Body.Bytes())) {
		t.Errorf("the file from A: %d, not the download's rows", res.Code)
	}
}

// TestEveryFileIsJobbable: every GET route that answers with a file (a
// list's export, a finance table, a document) may be made as a background
// job, so that its page's "in the background" form is never refused.
func TestEveryFileIsJobbable(t *testing.T) {
	f := newAZFixture(t, "sqlite")
	jobbable := map[string]bool{}
	for _, jr := range web.JobRoutes {
		jobbable[jr.Pattern] = true
	}
	files := 0
	for _, rt := range f.srv.Routes() {
		if !strings.HasPrefix(rt.Pattern, "GET /") || strings.HasPrefix(rt.Pattern, "GET /api/") {
			continue
		}
		p := strings.TrimPrefix(rt.Pattern, "GET ")
		if strings.HasSuffix(p, "/export") || strings.Contains(p, "/export/") || strings.HasSuffix(p, "/file") {
			files++
			if !jobbable[rt.Pattern] {
				t.Errorf("%s answers with a file but is not among web.JobRoutes", rt.Pattern)
			}
		}
	}
	if files < 15 {
		t.Errorf("only %d file routes found: the check finds nothing", files)
	}
}
