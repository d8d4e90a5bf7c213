package sqldb_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"sync"
	"testing"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
	"github.com/salkku/salkku/sqldb/sqldbtest"
)

// jobUser makes a user and returns a context that calls as them.
func jobUser(t *testing.T, db *sqldb.DB, email string, admin bool) (context.Context, *salkku.User) {
	t.Helper()
	sys := salkku.System(context.Background())
	u := &salkku.User{Email: email, Name: email, Admin: admin}
	if err := db.CreateUser(sys, u, ""); err != nil {
		t.Fatal(err)
	}
	a, err := db.FindAccess(sys, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return salkku.WithCaller(context.Background(), salkku.Actor{UserID: u.ID, Name: u.Name}, a), u
}

func newJob(t *testing.T, db *sqldb.DB, ctx context.Context) *salkku.Job {
	t.Helper()
	j := &salkku.Job{Kind: salkku.JobFile, Method: "GET", Path: "/people/export?format=csv", Lang: "fi"}
	if err := db.CreateJob(ctx, j); err != nil {
		t.Fatal(err)
	}
	return j
}

func TestJobs(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		sys := salkku.System(context.Background())

		t.Run("OK", func(t *testing.T) {
			db := sqldbtest.MustOpen(t, engine)
			ctx, u := jobUser(t, db, "aino@example.invalid", false)
			j := newJob(t, db, ctx)
			if j.Status != salkku.JobQueued || j.CreatedBy != u.ID {
				t.Fatalf("created %+v", j)
			}
			got, err := db.ClaimJob(sys, "w1")
			if err != nil || got.ID != j.ID || got.Status != salkku.JobRunning || got.Attempts != 1 || got.Worker != "w1" {
				t.Fatalf("claim: %+v %v", got, err)
			}
			if _, err := db.ClaimJob(sys, "w2"); salkku.ErrorCode(err) != salkku.ENOTFOUND {
				t.Fatalf("second claim: %v, want not found", err)
			}
			must(t, db.ReportJob(sys, j.ID, "w1", 10, 30, "jobs.step.rows"))
			if err := db.ReportJob(sys, j.ID, "w2", 1, 1, ""); salkku.ErrorCode(err) != salkku.ECONFLICT {
				t.Errorf("another worker's report: %v, want conflict", err)
			}
			read, err := db.FindJob(ctx, j.ID)
			if err != nil || read.Done != 10 || read.Total != 30 || read.Step != "jobs.step.rows" {
				t.Fatalf("progress: %+v %v", read, err)
			}
			// A file of 3 MiB and a bit, in parts no larger than a chunk.
			want := make([]byte, 3*salkku.JobChunkSize+123)
			rand.Read(want)
			for seq, off := 0, 0; off < len(want); seq, off = seq+1, off+salkku.JobChunkSize {
				must(t, db.WriteJobChunk(sys, j.ID, "w1", seq, want[off:min(off+salkku.JobChunkSize, len(want))]))
			}
			if err := db.WriteJobChunk(sys, j.ID, "w1", 9, make([]byte, salkku.JobChunkSize+1)); salkku.ErrorCode(err) != salkku.ETOOLARGE {
				t.Errorf("an oversized part: %v", err)
			}
			if _, err := db.JobChunk(ctx, j.ID, 0); salkku.ErrorCode(err) != salkku.ECONFLICT {
				t.Errorf("a part before done: %v, want conflict", err)
			}
			must(t, db.FinishJob(sys, j.ID, "w1", salkku.JobResult{Name: "henkilot.csv", Type: "text/csv", Size: int64(len(want))}))
			var got2 bytes.Buffer
			for seq := 0; ; seq++ {
				data, err := db.JobChunk(ctx, j.ID, seq)
				if salkku.ErrorCode(err) == salkku.ENOTFOUND {
					break
				}
				must(t, err)
				if len(data) > salkku.JobChunkSize {
					t.Fatalf("part %d has %d bytes", seq, len(data))
				}
				got2.Write(data)
			}
			if !bytes.Equal(got2.Bytes(), want) {
				t.Fatalf("the file read back has %d bytes, want %d the same", got2.Len(), len(want))
			}
			done, err := db.FindJob(ctx, j.ID)
			if err != nil || done.Status != salkku.JobDone || done.ResultName != "henkilot.csv" || done.FinishedAt == nil {
				t.Fatalf("done: %+v %v", done, err)
			}
			if err := db.CancelJob(ctx, j.ID); salkku.ErrorCode(err) != salkku.ECONFLICT {
				t.Errorf("cancel when done: %v, want conflict", err)
			}
		})

		t.Run("Access", func(t *testing.T) {
			db := sqldbtest.MustOpen(t, engine)
			aino, _ := jobUser(t, db, "aino@example.invalid", false)
			other, _ := jobUser(t, db, "other@example.invalid", false)
			admin, _ := jobUser(t, db, "admin@example.invalid", true)
			j := newJob(t, db, aino)
			_, err := db.ClaimJob(sys, "w")
			must(t, err)
			must(t, db.WriteJobChunk(sys, j.ID, "w", 0, []byte("salainen")))
			must(t, db.FinishJob(sys, j.ID, "w", salkku.JobResult{Name: "x.csv", Type: "text/csv", Size: 8}))
			if _, err := db.FindJob(other, j.ID); salkku.ErrorCode(err) != salkku.ENOTFOUND {
				t.Errorf("another user reads: %v, want not found", err)
			}
			if _, err := db.JobChunk(other, j.ID, 0); salkku.ErrorCode(err) != salkku.ENOTFOUND {
				t.Errorf("another user downloads: %v, want not found", err)
			}
			if err := db.CancelJob(other, newJob(t, db, aino).ID); salkku.ErrorCode(err) != salkku.ENOTFOUND {
				t.Errorf("another user cancels: %v, want not found", err)
			}
			if list, _, err := db.FindJobs(other, salkku.JobFilter{}); err != nil || len(list) != 0 {
				t.Errorf("another user lists %d jobs, %v", len(list), err)
			}
			if _, _, err := db.FindJobs(other, salkku.JobFilter{All: true}); salkku.ErrorCode(err) != salkku.EFORBIDDEN {
				t.Errorf("a user lists all: %v", err)
			}
			if list, _, err := db.FindJobs(admin, salkku.JobFilter{All: true}); err != nil || len(list) != 2 {
				t.Errorf("an admin lists %d jobs, %v", len(list), err)
			}
			if data, err := db.JobChunk(admin, j.ID, 0); err != nil || string(data) != "salainen" {
				t.Errorf("an admin downloads %q, %v", data, err)
			}
			if _, err := db.ClaimJob(aino, "w"); salkku.ErrorCode(err) != salkku.EFORBIDDEN {
				t.Errorf("a user claims: %v, want forbidden", err)
			}
			if err := db.CreateJob(sys, &salkku.Job{Kind: salkku.JobFile, Method: "GET", Path: "/people/export?format=csv", Lang: "fi"}); salkku.ErrorCode(err) != salkku.EFORBIDDEN {
				t.Errorf("the system queues a job for no one: %v, want forbidden", err)
			}
			for _, p := range []string{"", "people", "//evil.example/x", "/a b", "/x\\y"} {
				if err := db.CreateJob(aino, &salkku.Job{Kind: salkku.JobFile, Method: "GET", Path: p, Lang: "fi"}); salkku.ErrorCode(err) != salkku.EINVALID {
					t.Errorf("path %q: %v, want invalid", p, err)
				}
			}
		})

		t.Run("ExpiredLease", func(t *testing.T) {
			db := sqldbtest.MustOpen(t, engine)
			now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
			var mu sync.Mutex
			db.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
			later := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
			ctx, _ := jobUser(t, db, "aino@example.invalid", false)
			j := newJob(t, db, ctx)
			_, err := db.ClaimJob(sys, "dead")
			must(t, err)
			must(t, db.WriteJobChunk(sys, j.ID, "dead", 0, []byte("half")))
			later(salkku.JobLease / 2)
			if _, err := db.ClaimJob(sys, "b"); salkku.ErrorCode(err) != salkku.ENOTFOUND {
				t.Fatalf("claim while the lease lasts: %v", err)
			}
			later(salkku.JobLease)
			got, err := db.ClaimJob(sys, "b")
			if err != nil || got.ID != j.ID || got.Attempts != 2 || got.Worker != "b" {
				t.Fatalf("reclaim: %+v %v", got, err)
			}
			// The dead runner's part is gone, and it can write no more.
			if err := db.WriteJobChunk(sys, j.ID, "dead", 1, []byte("x")); salkku.ErrorCode(err) != salkku.ECONFLICT {
				t.Errorf("the old worker writes: %v, want conflict", err)
			}
			must(t, db.WriteJobChunk(sys, j.ID, "b", 0, []byte("whole")))
			// Two more deaths, and the job fails.
			later(2 * salkku.JobLease)
			_, err = db.ClaimJob(sys, "c")
			must(t, err)
			later(2 * salkku.JobLease)
			if _, err := db.ClaimJob(sys, "d"); salkku.ErrorCode(err) != salkku.ENOTFOUND {
				t.Fatalf("a fourth attempt: %v", err)
			}
			failed, err := db.FindJob(ctx, j.ID)
			if err != nil || failed.Status != salkku.JobFailed || failed.Error != "jobs.error.attempts" || failed.Attempts != salkku.MaxJobAttempts {
				t.Fatalf("after three attempts: %+v %v", failed, err)
			}
			// Purged after a week.
			later(salkku.JobKeep + time.Hour)
			n, err := db.PurgeJobs(sys)
			if err != nil || n != 1 {
				t.Fatalf("purge: %d %v", n, err)
			}
			if _, err := db.FindJob(ctx, j.ID); salkku.ErrorCode(err) != salkku.ENOTFOUND {
				t.Errorf("a purged job: %v", err)
			}
		})

		t.Run("Cancel", func(t *testing.T) {
			db := sqldbtest.MustOpen(t, engine)
			ctx, _ := jobUser(t, db, "aino@example.invalid", false)
			j := newJob(t, db, ctx)
			_, err := db.ClaimJob(sys, "w")
			must(t, err)
			must(t, db.CancelJob(ctx, j.ID))
			if err := db.ReportJob(sys, j.ID, "w", 1, 2, ""); salkku.ErrorCode(err) != salkku.ECONFLICT {
				t.Errorf("report after cancel: %v, want conflict", err)
			}
			if err := db.FinishJob(sys, j.ID, "w", salkku.JobResult{Name: "x"}); salkku.ErrorCode(err) != salkku.ECONFLICT {
				t.Errorf("finish after cancel: %v, want conflict", err)
			}
			got, _ := db.FindJob(ctx, j.ID)
			if got.Status != salkku.JobCancelled {
				t.Errorf("status %q", got.Status)
			}
		})

		// Two instances on one database claim each job exactly once.
		t.Run("ClaimOnce", func(t *testing.T) {
			db := sqldbtest.MustOpen(t, engine)
			other := sqldbtest.Reopen(t, db)
			ctx, _ := jobUser(t, db, "aino@example.invalid", false)
			const n = 30
			for range n {
				newJob(t, db, ctx)
			}
			var mu sync.Mutex
			claims := map[int64]int{}
			var wg sync.WaitGroup
			for i, d := range []*sqldb.DB{db, db, other, other} {
				wg.Go(func() {
					for {
						j, err := d.ClaimJob(sys, string(rune('a'+i)))
						if salkku.ErrorCode(err) == salkku.ENOTFOUND {
							return
						}
						if err != nil {
							t.Error(err)
							return
						}
						mu.Lock()
						claims[j.ID]++
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			if len(claims) != n {
				t.Errorf("%d jobs claimed, want %d", len(claims), n)
			}
			for id, c := range claims {
				if c != 1 {
					t.Errorf("job %d claimed %d times", id, c)
				}
			}
		})
	})
}
