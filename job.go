package salkku

import (
	"context"
	"strings"
	"time"
)

// A Job is a long piece of work run in the background and kept in the
// database, so that several instances of Salkku share the queue and a
// restart loses nothing. A job of kind JobFile is "produce this file the
// way GET Path would for its creator": the runner calls the site's own
// handler in-process as that user, so that the job may do exactly what
// the page may, and streams the answer into the job's result.
type Job struct {
	ID     int64  `json:"id"`
	Kind   string `json:"kind"`
	Method string `json:"method"`
	// Path is the path and query of the page that gives the file,
	// "/portfolios/3/export?format=xlsx".
	Path string `json:"path"`
	// Lang is the language the file is written in (the creator's).
	Lang   string `json:"lang"`
	Status string `json:"status"`
	// Done and Total count the job's progress (rows, pages); Total is 0
	// while it is not known. Step is the catalogue key of what it does now.
	Done  int    `json:"done"`
	Total int    `json:"total"`
	Step  string `json:"step,omitempty"`
	// Error is why a failed job failed: a catalogue key.
	Error      string `json:"error,omitempty"`
	ResultName string `json:"result_name,omitempty"`
	ResultType string `json:"result_type,omitempty"`
	ResultSize int64  `json:"result_size"`
	// Attempts counts the runs begun; a job whose runner dies is taken up
	// again by another, at most MaxJobAttempts times.
	Attempts int `json:"attempts"`
	// Worker is the runner that holds the job while LeaseUntil lasts.
	Worker     string     `json:"-"`
	LeaseUntil *time.Time `json:"-"`
	CreatedBy  int64      `json:"created_by"`
	CreatedAt  time.Time  `json:"created_at"`
	StartedAt  *time.Time `json:"started_at,omitempty"`
	FinishedAt *time.Time `json:"finished_at,omitempty"`
}

// Kinds and states of jobs.
const (
	JobFile = "file"

	JobQueued    = "queued"
	JobRunning   = "running"
	JobDone      = "done"
	JobFailed    = "failed"
	JobCancelled = "cancelled"
)

// Limits of jobs.
const (
	// MaxJobAttempts is how many runs a job gets before it fails.
	MaxJobAttempts = 3
	// JobLease is how long a runner holds a job without a sign of life;
	// after it another runner may take the job over.
	JobLease = 30 * time.Second
	// JobChunkSize is the size of the parts a result is stored in, each
	// written as it fills, so that no file is held whole in memory.
	JobChunkSize = 1 << 20
	// JobKeep is how long finished jobs and their files are kept.
	JobKeep = 7 * 24 * time.Hour
	// MaxJobPath bounds a job's path and query.
	MaxJobPath = 2000
)

// Finished reports whether the job has ended, one way or another.
func (j *Job) Finished() bool {
	return j.Status == JobDone || j.Status == JobFailed || j.Status == JobCancelled
}

// Active reports whether the job waits or runs.
func (j *Job) Active() bool { return j.Status == JobQueued || j.Status == JobRunning }

// Validate checks a new job: a GET of a path on this site.
func (j *Job) Validate() error {
	fe := FieldErrors{}
	if j.Kind != JobFile {
		fe.Add("kind", "error.invalid_choice")
	}
	if j.Method != "GET" {
		fe.Add("method", "error.invalid_choice")
	}
	switch p := j.Path; {
	case p == "":
		fe.Add("path", "error.required")
	case len(p) > MaxJobPath:
		fe.Add("path", "error.too_long")
	case !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\#") || !ValidText(p) || strings.ContainsFunc(p, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		fe.Add("path", "error.invalid")
	}
	if !ValidLang(j.Lang) {
		fe.Add("lang", "error.invalid_choice")
	}
	return fe.Err()
}

// JobFilter selects jobs, newest first, keyset paged: BeforeID continues
// after the last job of the previous page. All lists everyone's jobs,
// for admins; others list their own.
type JobFilter struct {
	All      bool
	BeforeID int64
	Limit    int
}

// JobService keeps the background jobs. The caller's methods see and
// change only the caller's own jobs (admins all: CanSeeJob); the runner's
// methods are for Salkku itself (System) and name the worker that holds
// the job, so that a runner which lost its lease changes nothing.
type JobService interface {
	// CreateJob queues a job for the caller, who becomes its creator.
	CreateJob(ctx context.Context, j *Job) error
	// FindJob returns a job; ENOTFOUND when there is none the caller may see.
	FindJob(ctx context.Context, id int64) (*Job, error)
	// FindJobs lists jobs newest first; next is the BeforeID of the next
	// page, 0 on the last.
	FindJobs(ctx context.Context, f JobFilter) (jobs []*Job, next int64, err error)
	// CancelJob cancels a queued or running job; ECONFLICT once it ended.
	CancelJob(ctx context.Context, id int64) error
	// JobChunk returns part seq (from 0) of a done job's file; ENOTFOUND
	// after the last.
	JobChunk(ctx context.Context, id int64, seq int) ([]byte, error)

	// ClaimJob takes the oldest queued job, or a running one whose lease
	// expired, for worker; ENOTFOUND when there is none.
	ClaimJob(ctx context.Context, worker string) (*Job, error)
	// ReportJob records progress and renews the lease; ECONFLICT when the
	// worker no longer holds the job (cancelled, or taken over).
	ReportJob(ctx context.Context, id int64, worker string, done, total int, step string) error
	// WriteJobChunk stores part seq of the result and renews the lease.
	WriteJobChunk(ctx context.Context, id int64, worker string, seq int, data []byte) error
	// FinishJob ends a job: done with its file's name, type and size, or
	// failed with the catalogue key errKey.
	FinishJob(ctx context.Context, id int64, worker string, r JobResult) error
	// PurgeJobs deletes the jobs that ended more than JobKeep ago.
	PurgeJobs(ctx context.Context) (int, error)
}

// JobResult is how a run ended: a file, or an error.
type JobResult struct {
	Error      string
	Name, Type string
	Size       int64
}
