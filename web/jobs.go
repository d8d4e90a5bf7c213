package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/export"
)

// Background jobs (issue 11): a job is "produce this file the way GET
// path would for its creator". The runner (package web/jobs) serves it by
// calling the site's own handler in-process with an InternalCall in the
// request's context: authenticate takes the call's user and access as the
// caller, so that the job may do exactly what the page may, and no
// session cookie or CSRF token applies. Only a context made in this
// process can carry one; no request from the network can.

// JobRoute is a page whose file a background job may make.
type JobRoute struct {
	// Pattern is the page's route, as in the route table.
	Pattern string
	// Title is the catalogue key that names the file, "Salkun yleiskuva".
	Title string
	// Formats are the values ?format= may take.
	Formats []string
}

// exportFormats are the formats of the lists as files.
var exportFormats = func() []string {
	var out []string
	for _, f := range export.Formats {
		out = append(out, string(f))
	}
	return out
}()

// JobRoutes are the pages a job may be made of: the lists as files, the
// finance tables and the documents. A page added here can be prepared in
// the background; any other path is refused when the job is created.
var JobRoutes = []JobRoute{
	{"GET /portfolios/{id}/export", "jobs.what.portfolio_export", exportFormats},
	{"GET /people/export", "jobs.what.people_export", exportFormats},
	{"GET /organisations/export", "jobs.what.organisations_export", exportFormats},
	{"GET /admin/audit/export", "jobs.what.audit_export", exportFormats},
	{"GET /projects/{id}/history/export", "jobs.what.history_export", exportFormats},
	{"GET /portfolios/{id}/status/export", "jobs.what.status_export", exportFormats},
	{"GET /projects/{id}/reports/export", "jobs.what.reports_export", exportFormats},
	{"GET /projects/{id}/risks/export", "jobs.what.risks_export", exportFormats},
	{"GET /portfolios/{id}/risks/export", "jobs.what.risks_export", exportFormats},
	{"GET /projects/{id}/decisions/export", "jobs.what.decisions_export", exportFormats},
	{"GET /portfolios/{id}/decisions/export", "jobs.what.decisions_export", exportFormats},
	{"GET /projects/{id}/communications/export", "jobs.what.comms_export", exportFormats},
	{"GET /portfolios/{id}/gates/export", "jobs.what.gates_export", exportFormats},
	{"GET /projects/{id}/benefits/export", "jobs.what.benefits_export", exportFormats},
	{"GET /portfolios/{id}/benefits/export", "jobs.what.benefits_export", exportFormats},
	{"GET /portfolios/{id}/finance/export", "jobs.what.finance_export", exportFormats},
	{"GET /projects/{id}/finance/export/{table}", "jobs.what.finance_export", exportFormats},
	// The documents (web/ui/documents.go), in doc/render.Formats.
	{"GET /portfolios/{id}/action-plan/file", "jobs.what.action_plan", docFormats},
	{"GET /projects/{id}/pack/file", "jobs.what.pack", docFormats},
	{"GET /portfolios/{id}/pack/file", "jobs.what.pack", docFormats},
}

// docFormats are the formats of the documents (doc/render.Formats).
var docFormats = []string{"pdf", "docx", "html"}

// jobMux finds the JobRoute of a path.
var jobMux = sync.OnceValue(func() *http.ServeMux {
	m := http.NewServeMux()
	for _, jr := range JobRoutes {
		m.HandleFunc(jr.Pattern, func(http.ResponseWriter, *http.Request) {})
	}
	return m
})

// errJobPath is the refusal of a path no job may be made of.
var errJobPath = &salkku.Error{Code: salkku.EINVALID, Message: "jobs.error.path", Fields: map[string]string{"path": "jobs.error.path"}}

// CheckJobPath checks that a job may be made of path (path and query, as
// the page's download link has them) and returns it as the job keeps it,
// without ?lang= (the job has its own language), with its route. An
// unknown path or format is EINVALID.
func CheckJobPath(path string) (string, *JobRoute, error) {
	if path == "" || len(path) > salkku.MaxJobPath || !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//") {
		return "", nil, errJobPath
	}
	u, err := url.ParseRequestURI(path)
	if err != nil || u.Host != "" || u.Fragment != "" {
		return "", nil, errJobPath
	}
	q := u.Query()
	q.Del("lang")
	u.RawQuery = q.Encode()
	req, err := http.NewRequest(http.MethodGet, u.RequestURI(), nil)
	if err != nil {
		return "", nil, errJobPath
	}
	_, pattern := jobMux().Handler(req)
	for i := range JobRoutes {
		jr := &JobRoutes[i]
		if jr.Pattern != pattern {
			continue
		}
		if f := q.Get("format"); !containsString(jr.Formats, f) {
			return "", nil, &salkku.Error{Code: salkku.EINVALID, Message: export.ErrFormat, Fields: map[string]string{"path": export.ErrFormat}}
		}
		return u.RequestURI(), jr, nil
	}
	return "", nil, errJobPath
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// JobTitle names what a job makes, in the reader's language: "Salkun
// yleiskuva, XLSX".
func (b Base) JobTitle(j *salkku.Job) string {
	_, jr, err := CheckJobPath(j.Path)
	if err != nil {
		return j.Path
	}
	u, _ := url.Parse(j.Path)
	f := u.Query().Get("format")
	label := strings.ToUpper(f)
	if key := export.Label(export.Format(f)); key != "" {
		label = b.T(key)
	}
	return b.T(jr.Title) + ", " + label
}

// JobProgress says how far a job has come: "1 200 / 30 000 riviä".
func (b Base) JobProgress(j *salkku.Job) string {
	switch {
	case j.Status == salkku.JobDone:
		return b.T("jobs.progress.done")
	case j.Total > 0:
		return b.T("jobs.progress.of", b.Int(j.Done), b.Int(j.Total))
	case j.Done > 0:
		return b.T("jobs.progress.rows", b.Int(j.Done))
	}
	return b.T("jobs.status." + j.Status)
}

// JobURL is the page of a job.
func JobURL(id int64) string { return "/jobs/" + strconv.FormatInt(id, 10) }

// InternalCall is a request the site makes to itself as User with Access:
// a background job, or a command of the salkku tool. Put it in a
// request's context with Context.
type InternalCall struct {
	User   *salkku.User
	Access *salkku.Access
	// Progress, when set, hears the handler's ReportProgress.
	Progress func(done, total int, step string)

	mu  sync.Mutex
	err error
}

type internalKey struct{}

// Context is ctx carrying the call.
func (c *InternalCall) Context(ctx context.Context) context.Context {
	return context.WithValue(ctx, internalKey{}, c)
}

// Err is the error the handler answered with, or reported with
// ReportFailure after its answer had begun; nil when it answered well.
func (c *InternalCall) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

func (c *InternalCall) fail(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err == nil {
		c.err = err
	}
}

func internalCall(ctx context.Context) *InternalCall {
	c, _ := ctx.Value(internalKey{}).(*InternalCall)
	if c == nil || c.User == nil || c.Access == nil {
		return nil
	}
	return c
}

// ReportProgress tells a background job how far the handler has come:
// done of total (0 when not known) items, doing step (a catalogue key,
// or ""). Outside a job it does nothing.
func ReportProgress(ctx context.Context, done, total int, step string) {
	if c := internalCall(ctx); c != nil && c.Progress != nil {
		c.Progress(done, total, step)
	}
}

// ReportFailure tells a background job that the answer, already under
// way, failed (a file that ends short): the job fails instead of keeping
// the short file. Outside a job it does nothing; the download just ends.
func ReportFailure(ctx context.Context, err error) {
	if c := internalCall(ctx); c != nil {
		c.fail(err)
	}
}

// JobQueued tells this instance's runner that a job waits; set by the
// command that starts the runner.
func (s *Server) jobQueued() {
	if s.JobQueued != nil {
		s.JobQueued()
	}
}

// CreateJob queues a job of GET path for the caller, in the request's
// language, and wakes this instance's runner.
func (s *Server) CreateJob(r *http.Request, path string) (*salkku.Job, error) {
	if s.Jobs == nil {
		return nil, salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
	}
	p, _, err := CheckJobPath(path)
	if err != nil {
		return nil, err
	}
	j := &salkku.Job{Kind: salkku.JobFile, Method: http.MethodGet, Path: p, Lang: Lang(r)}
	if err := s.Jobs.CreateJob(r.Context(), j); err != nil {
		return nil, err
	}
	s.jobQueued()
	return j, nil
}

// ServeJobResult answers with a done job's file, read a part at a time;
// 409 while the job is not done.
func (s *Server) ServeJobResult(w http.ResponseWriter, r *http.Request, id int64) {
	if s.Jobs == nil {
		s.Error(w, r, salkku.Errorf(salkku.ENOTFOUND, "error.not_found"))
		return
	}
	ctx := r.Context()
	j, err := s.Jobs.FindJob(ctx, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if j.Status != salkku.JobDone {
		s.Error(w, r, salkku.Errorf(salkku.ECONFLICT, "jobs.error.not_done"))
		return
	}
	first, err := s.Jobs.JobChunk(ctx, id, 0)
	if err != nil && salkku.ErrorCode(err) != salkku.ENOTFOUND {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", j.ResultType)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, strings.ReplaceAll(j.ResultName, `"`, "")))
	w.Header().Set("Content-Length", strconv.FormatInt(j.ResultSize, 10))
	if err != nil {
		return // an empty file
	}
	w.Write(first)
	for seq := 1; ; seq++ {
		data, err := s.Jobs.JobChunk(ctx, id, seq)
		if err != nil {
			if salkku.ErrorCode(err) != salkku.ENOTFOUND {
				s.Logger.Error("job result", "job", id, "part", seq, "err", err)
			}
			return
		}
		if _, err := w.Write(data); err != nil {
			return
		}
	}
}
