package api

import (
	"net/http"
	"strconv"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/web"
)

// Background jobs: POST a page's download path to have its file made in
// the background, follow the job, fetch the file (web/jobs.go).

func jobRoutes(s *Server, route func(string, http.HandlerFunc)) {
	route("GET /jobs", s.apiJobList)
	route("POST /jobs", s.apiJobCreate)
	route("GET /jobs/{id}", s.apiJob)
	route("GET /jobs/{id}/result", s.apiJobResult)
	route("DELETE /jobs/{id}", s.apiJobCancel)
}

// jobBody is a job as the API shows it: the stored job with its title,
// its progress in words and the URLs of its page and file.
type jobBody struct {
	*salkku.Job
	Title        string `json:"title"`
	StatusText   string `json:"status_text"`
	ProgressText string `json:"progress_text"`
	ErrorText    string `json:"error_text,omitempty"`
	URL          string `json:"url"`
	ResultURL    string `json:"result_url,omitempty"`
}

func (s *Server) jobBody(r *http.Request, j *salkku.Job) jobBody {
	b := s.NewBase(r, "")
	out := jobBody{Job: j, Title: b.JobTitle(j), StatusText: b.T("jobs.status." + j.Status),
		URL: APIPrefix + "/jobs/" + strconv.FormatInt(j.ID, 10)}
	out.ProgressText = b.JobProgress(j)
	if j.Status == salkku.JobDone {
		out.ResultURL = out.URL + "/result"
	}
	if j.Error != "" {
		out.ErrorText = b.T(j.Error)
	}
	return out
}

// jobList is a page of jobs; Next, when not 0, is the before= of the next.
type jobList struct {
	Items []jobBody `json:"items"`
	Next  int64     `json:"next"`
}

// apiJobList lists the caller's jobs newest first (everyone's with
// all=true, for admins), keyset paged.
func (s *Server) apiJobList(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r, "before", "limit", "all")
	f := salkku.JobFilter{Limit: q.page().Limit, All: q.get("all") == "true"}
	if id := q.id("before"); id != nil {
		f.BeforeID = *id
	}
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	if s.Jobs == nil {
		s.Error(w, r, salkku.Errorf(salkku.ENOTFOUND, "error.not_found"))
		return
	}
	jobs, next, err := s.Jobs.FindJobs(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := jobList{Items: []jobBody{}, Next: next}
	for _, j := range jobs {
		out.Items = append(out.Items, s.jobBody(r, j))
	}
	web.WriteJSON(w, http.StatusOK, out)
}

// apiJobCreate queues the file of {"path": "/portfolios/3/export?format=xlsx"}:
// 202 with the job and its URL.
func (s *Server) apiJobCreate(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Path string `json:"path"`
	}
	if err := decodeBody(r, &body); err != nil {
		s.Error(w, r, err)
		return
	}
	j, err := s.CreateJob(r, body.Path)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := s.jobBody(r, j)
	w.Header().Set("Location", out.URL)
	web.WriteJSON(w, http.StatusAccepted, out)
}

func (s *Server) findJob(w http.ResponseWriter, r *http.Request) (*salkku.Job, bool) {
	id, err := web.PathID(r, "id")
	if err == nil && s.Jobs == nil {
		err = salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
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

// apiJob is a job's state and progress.
func (s *Server) apiJob(w http.ResponseWriter, r *http.Request) {
	if j, ok := s.findJob(w, r); ok {
		web.WriteJSON(w, http.StatusOK, s.jobBody(r, j))
	}
}

// apiJobResult is a done job's file; 409 before.
func (s *Server) apiJobResult(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.ServeJobResult(w, r, id)
}

// apiJobCancel cancels a queued or running job and answers with it; 409
// once it has ended.
func (s *Server) apiJobCancel(w http.ResponseWriter, r *http.Request) {
	j, ok := s.findJob(w, r)
	if !ok {
		return
	}
	if err := s.Jobs.CancelJob(r.Context(), j.ID); err != nil {
		s.Error(w, r, err)
		return
	}
	if j, ok = s.findJob(w, r); ok {
		web.WriteJSON(w, http.StatusOK, s.jobBody(r, j))
	}
}
