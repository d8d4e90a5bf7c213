// Package jobs runs Salkku's background jobs: each instance's runner
// claims jobs from the database (salkku.JobService), which every instance
// on one PostgreSQL shares, and serves each by calling the site's own
// handler in-process as the job's creator (RunFile), streaming the answer
// into the job's file a part at a time. The command line's "salkku
// export" calls RunFile too, so that a file made either way is the same.
package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/web"
)

// Caller is who a file is made for: their user, access and language.
type Caller struct {
	User   *salkku.User
	Access *salkku.Access
	Lang   string
}

// RunFile makes the file that GET path gives caller, by calling the site's
// handler h in-process, and writes its body to w as it comes. progress,
// when set, hears the handler's progress (web.ReportProgress). It returns
// the file's name (from Content-Disposition) and media type; an error is
// the page's own refusal (a *salkku.Error with its catalogue key) when the
// page refused, or the failure that ended the file short.
func RunFile(ctx context.Context, h http.Handler, caller Caller, path string, w io.Writer, progress func(done, total int, step string)) (name, contentType string, err error) {
	p, _, err := web.CheckJobPath(path)
	if err != nil {
		return "", "", err
	}
	call := &web.InternalCall{User: caller.User, Access: caller.Access, Progress: progress}
	req, err := http.NewRequestWithContext(call.Context(ctx), http.MethodGet, p, nil)
	if err != nil {
		return "", "", fmt.Errorf("jobs: %w", err)
	}
	req.RemoteAddr = "127.0.0.1:0"
	if caller.Lang != "" {
		req.Header.Set("Accept-Language", caller.Lang)
	}
	rw := &fileWriter{header: http.Header{}, w: w}
	h.ServeHTTP(rw, req)
	if err := call.Err(); err != nil {
		return "", "", err
	}
	if rw.err != nil {
		return "", "", rw.err
	}
	if err := ctx.Err(); err != nil {
		return "", "", err
	}
	if rw.status != 0 && rw.status != http.StatusOK {
		return "", "", salkku.Errorf(salkku.EINTERNAL, "error.internal")
	}
	if _, params, err := mime.ParseMediaType(rw.header.Get("Content-Disposition")); err == nil {
		name = params["filename"]
	}
	return name, rw.header.Get("Content-Type"), nil
}

// fileWriter is the response of an in-process call: a good answer's body
// goes to w, an error page nowhere.
type fileWriter struct {
	header http.Header
	status int
	w      io.Writer
	err    error
}

func (f *fileWriter) Header() http.Header { return f.header }

func (f *fileWriter) WriteHeader(code int) {
	if f.status == 0 {
		f.status = code
	}
}

func (f *fileWriter) Write(b []byte) (int, error) {
	if f.status == 0 {
		f.status = http.StatusOK
	}
	if f.status != http.StatusOK {
		return len(b), nil
	}
	if f.err != nil {
		return 0, f.err
	}
	n, err := f.w.Write(b)
	if err != nil {
		f.err = err
	}
	return n, err
}

// Store is what a runner needs of the database.
type Store interface {
	salkku.JobService
	FindUserByID(ctx context.Context, id int64) (*salkku.User, error)
	FindAccess(ctx context.Context, userID int64) (*salkku.Access, error)
}

// Runner runs the jobs of one instance with Workers workers.
type Runner struct {
	Store   Store
	Handler http.Handler
	Logger  *slog.Logger
	// Workers is how many jobs run at once; 1 when 0.
	Workers int
	// Poll is how often an idle worker looks for a job; a second when 0.
	Poll time.Duration
	// Name identifies this instance's workers in the jobs they hold; a
	// random one when empty.
	Name string

	once sync.Once
	wake chan struct{}
}

func (r *Runner) init() {
	r.once.Do(func() {
		if r.Workers <= 0 {
			r.Workers = 1
		}
		if r.Poll <= 0 {
			r.Poll = time.Second
		}
		if r.Logger == nil {
			r.Logger = slog.Default()
		}
		if r.Name == "" {
			host, _ := os.Hostname()
			b := make([]byte, 4)
			rand.Read(b)
			r.Name = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
		}
		r.wake = make(chan struct{}, r.Workers)
	})
}

// Wake tells an idle worker that a job waits (web.Server.JobQueued).
func (r *Runner) Wake() {
	r.init()
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Run runs the workers until ctx ends. A job running then is left as it
// is: its lease runs out and a runner of this or another instance takes
// it up again.
func (r *Runner) Run(ctx context.Context) {
	r.init()
	var wg sync.WaitGroup
	for i := range r.Workers {
		worker := fmt.Sprintf("%s/%d", r.Name, i)
		wg.Go(func() { r.work(ctx, worker, i == 0) })
	}
	wg.Wait()
}

// purgeEvery is how often the first worker deletes old jobs.
const purgeEvery = time.Hour

func (r *Runner) work(ctx context.Context, worker string, purges bool) {
	sys := salkku.System(context.Background())
	tick := time.NewTicker(r.Poll)
	defer tick.Stop()
	var purged time.Time
	for {
		if purges && time.Since(purged) > purgeEvery {
			purged = time.Now()
			if n, err := r.Store.PurgeJobs(sys); err != nil {
				r.Logger.Error("purge jobs", "err", err)
			} else if n > 0 {
				r.Logger.Info("purged old jobs", "jobs", n)
			}
		}
		for ctx.Err() == nil {
			j, err := r.Store.ClaimJob(sys, worker)
			if err != nil {
				if salkku.ErrorCode(err) != salkku.ENOTFOUND {
					r.Logger.Error("claim job", "err", err)
				}
				break
			}
			r.RunJob(ctx, worker, j)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-r.wake:
		}
	}
}

// heartbeat is how often a running job's progress is written; every
// write renews its lease.
const heartbeat = time.Second

// RunJob runs one job that worker has claimed, to its end: done, failed,
// or left to be taken up again when ctx ends first.
func (r *Runner) RunJob(ctx context.Context, worker string, j *salkku.Job) {
	r.init()
	sys := salkku.System(context.Background())
	jobCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	finish := func(res salkku.JobResult) {
		if err := r.Store.FinishJob(sys, j.ID, worker, res); err != nil && salkku.ErrorCode(err) != salkku.ECONFLICT {
			r.Logger.Error("finish job", "job", j.ID, "err", err)
		}
	}
	u, err := r.Store.FindUserByID(sys, j.CreatedBy)
	if err == nil && u.Disabled {
		err = salkku.Errorf(salkku.EFORBIDDEN, "error.forbidden")
	}
	var access *salkku.Access
	if err == nil {
		access, err = r.Store.FindAccess(sys, j.CreatedBy)
	}
	if err != nil {
		finish(salkku.JobResult{Error: errorKey(err)})
		return
	}
	// Progress is kept here and written once a second, which renews the
	// lease even while the handler reads without writing.
	var done, total atomic.Int64
	var step atomic.Value
	step.Store("")
	var beat sync.WaitGroup
	stop := make(chan struct{})
	beat.Go(func() {
		t := time.NewTicker(heartbeat)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
			}
			err := r.Store.ReportJob(sys, j.ID, worker, int(done.Load()), int(total.Load()), step.Load().(string))
			if salkku.ErrorCode(err) == salkku.ECONFLICT {
				// Cancelled, or taken over: stop making the file.
				cancel()
				return
			} else if err != nil {
				r.Logger.Warn("report job", "job", j.ID, "err", err)
			}
		}
	})
	cw := &chunkWriter{ctx: sys, store: r.Store, id: j.ID, worker: worker, buf: make([]byte, 0, salkku.JobChunkSize)}
	name, ctype, err := RunFile(jobCtx, r.Handler, Caller{User: u, Access: access, Lang: j.Lang}, j.Path, cw,
		func(d, t int, s string) { done.Store(int64(d)); total.Store(int64(t)); step.Store(s) })
	if err == nil {
		err = cw.flush()
	}
	close(stop)
	beat.Wait()
	if err == nil && jobCtx.Err() == nil && done.Load() > 0 {
		// The last count, which the heartbeat may not have written.
		err = r.Store.ReportJob(sys, j.ID, worker, int(done.Load()), int(total.Load()), step.Load().(string))
	}
	if jobCtx.Err() != nil {
		// Shutting down (the lease will run out), or cancelled.
		return
	}
	if err != nil {
		if salkku.ErrorCode(err) == salkku.EINTERNAL {
			r.Logger.Error("job failed", "job", j.ID, "path", j.Path, "err", err)
		}
		finish(salkku.JobResult{Error: errorKey(err)})
		return
	}
	finish(salkku.JobResult{Name: name, Type: ctype, Size: cw.size})
}

// errorKey is the catalogue key of a job's failure.
func errorKey(err error) string {
	var e *salkku.Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	return "error.internal"
}

// chunkWriter stores what is written to it in parts of
// salkku.JobChunkSize, each as it fills.
type chunkWriter struct {
	ctx    context.Context
	store  salkku.JobService
	id     int64
	worker string
	seq    int
	buf    []byte
	size   int64
}

func (c *chunkWriter) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		k := copy(c.buf[len(c.buf):cap(c.buf)], p)
		c.buf = c.buf[:len(c.buf)+k]
		p, n = p[k:], n+k
		if len(c.buf) == cap(c.buf) {
			if err := c.flush(); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// flush stores the part filled so far, if any.
func (c *chunkWriter) flush() error {
	if len(c.buf) == 0 {
		return nil
	}
	if err := c.store.WriteJobChunk(c.ctx, c.id, c.worker, c.seq, c.buf); err != nil {
		return err
	}
	c.size += int64(len(c.buf))
	c.seq++
	c.buf = c.buf[:0]
	return nil
}

// CopyResult writes a done job's file to w, a part at a time, as the
// caller of ctx may read it.
func CopyResult(ctx context.Context, store salkku.JobService, id int64, w io.Writer) error {
	for seq := 0; ; seq++ {
		data, err := store.JobChunk(ctx, id, seq)
		if salkku.ErrorCode(err) == salkku.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
}
