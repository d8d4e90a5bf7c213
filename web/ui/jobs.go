package ui

import (
	"net/http"
	"strconv"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/web"
)

// Background jobs (web/jobs.go, web/jobs): a list's file, or a document,
// prepared while the user does something else, with its progress on a
// page that refreshes itself.

// jobPage is a job's page.
type jobPage struct {
	web.Base
	Job *salkku.Job
}

// Percent is how far the job has come, when its total is known.
func (p jobPage) Percent() int {
	if p.Job.Total <= 0 {
		return 0
	}
	return min(100, p.Job.Done*100/p.Job.Total)
}

// SizeKB is the file's size in kibibytes, rounded up.
func (p jobPage) SizeKB() int { return int((p.Job.ResultSize + 1023) / 1024) }

// ProgressText says how far the job has come, "1 200 / 30 000 riviä".
func (p jobPage) ProgressText() string { return p.JobProgress(p.Job) }

// handleJobCreate is POST /jobs: queue the file of the page at path
// (a download link's URL) and show its progress.
func (s *Server) handleJobCreate(w http.ResponseWriter, r *http.Request) {
	j, err := s.CreateJob(r, r.PostFormValue("path"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	web.Redirect(w, r, web.JobURL(j.ID), "")
}

// jobOf loads the job of the path's {id}, answering with an error when
// there is none the user may see.
func (s *Server) jobOf(w http.ResponseWriter, r *http.Request) (*salkku.Job, bool) {
	id, err := web.PathID(r, "id")
	if err == nil && s.Jobs == nil {
		err = errNotFound
	}
	var j *salkku.Job
	if err == nil {
		j, err = s.Jobs.FindJob(r.Context(), id)
	}
	if err != nil {
		s.Error(w, r, err)
		return nil, false
	}
	return j, true
}

// handleJob is GET /jobs/{id}: what the job makes, how far it has come,
// and when done the link to its file. While it waits or runs the page
// refreshes itself; with JavaScript, jobs.js updates it in place instead.
func (s *Server) handleJob(w http.ResponseWriter, r *http.Request) {
	j, ok := s.jobOf(w, r)
	if !ok {
		return
	}
	b := s.NewBase(r, "")
	b.Title = b.JobTitle(j)
	b.NavIndex = "jobs"
	b.Crumbs = []web.Crumb{{Label: b.T("jobs.title"), URL: "/jobs"}, {Label: b.Title}}
	if j.Active() {
		b.RefreshEvery = 2
	}
	s.Render(w, r, http.StatusOK, "job", jobPage{Base: b, Job: j})
}

// handleJobResult is GET /jobs/{id}/result: the job's file.
func (s *Server) handleJobResult(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.ServeJobResult(w, r, id)
}

// handleJobCancel is POST /jobs/{id}/cancel.
func (s *Server) handleJobCancel(w http.ResponseWriter, r *http.Request) {
	j, ok := s.jobOf(w, r)
	if !ok {
		return
	}
	if err := s.Jobs.CancelJob(r.Context(), j.ID); err != nil {
		s.Error(w, r, err)
		return
	}
	web.Redirect(w, r, web.JobURL(j.ID), "jobs.cancelled")
}

// jobsPage is the list of the user's jobs.
type jobsPage struct {
	web.Base
	Jobs []*salkku.Job
	// Next continues the list after its last job; 0 on the last page.
	Next  int64
	Paged bool
}

// Progress says how far a job has come.
func (p jobsPage) Progress(j *salkku.Job) string { return p.JobProgress(j) }

// NextURL is the next page.
func (p jobsPage) NextURL() string { return "/jobs?before=" + strconv.FormatInt(p.Next, 10) }

// handleJobs is GET /jobs: the user's own jobs, newest first.
func (s *Server) handleJobs(w http.ResponseWriter, r *http.Request) {
	if s.Jobs == nil {
		s.Error(w, r, errNotFound)
		return
	}
	f := salkku.JobFilter{}
	if v := r.URL.Query().Get("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			s.Error(w, r, salkku.FieldErrors{"before": "error.invalid"}.Err())
			return
		}
		f.BeforeID = n
	}
	jobs, next, err := s.Jobs.FindJobs(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.NewBase(r, "")
	b.Title = b.T("jobs.title")
	b.NavIndex = "jobs"
	b.Crumbs = []web.Crumb{{Label: b.Title}}
	s.Render(w, r, http.StatusOK, "jobs", jobsPage{Base: b, Jobs: jobs, Next: next, Paged: f.BeforeID != 0})
}
