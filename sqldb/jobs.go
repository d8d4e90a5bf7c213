package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/salkku/salkku"
)

var _ salkku.JobService = (*DB)(nil)

const jobCols = `id, kind, method, path, lang, status, done, total, step, error, result_name, result_type, result_size,
	attempts, worker, lease_until, created_by, created_at, started_at, finished_at`

func scanJob(sc interface{ Scan(...any) error }) (*salkku.Job, error) {
	var j salkku.Job
	var lease, started, finished sql.NullTime
	if err := sc.Scan(&j.ID, &j.Kind, &j.Method, &j.Path, &j.Lang, &j.Status, &j.Done, &j.Total, &j.Step, &j.Error,
		&j.ResultName, &j.ResultType, &j.ResultSize, &j.Attempts, &j.Worker, &lease, &j.CreatedBy, &j.CreatedAt, &started, &finished); err != nil {
		return nil, err
	}
	j.CreatedAt = j.CreatedAt.UTC()
	j.LeaseUntil, j.StartedAt, j.FinishedAt = timePtr(lease), timePtr(started), timePtr(finished)
	return &j, nil
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

// jobView is what the audit log keeps of a job.
func jobView(j *salkku.Job) map[string]any {
	return map[string]any{"id": j.ID, "path": j.Path, "status": j.Status}
}

// CreateJob queues a job for the caller.
func (d *DB) CreateJob(ctx context.Context, j *salkku.Job) error {
	if j.Kind == "" {
		j.Kind = salkku.JobFile
	}
	if err := validInput(ctx, j.Validate()); err != nil {
		return err
	}
	return d.inTx(ctx, func(tx *Tx) error {
		a := tx.access()
		if err := allow(a.CanCreateJob()); err != nil {
			return err
		}
		j.Status, j.CreatedBy, j.CreatedAt = salkku.JobQueued, a.UserID, tx.now
		j.Done, j.Total, j.Step, j.Error, j.Attempts, j.ResultName, j.ResultType, j.ResultSize = 0, 0, "", "", 0, "", "", 0
		j.Worker, j.LeaseUntil, j.StartedAt, j.FinishedAt = "", nil, nil, nil
		id, err := tx.insert(`INSERT INTO jobs (kind, method, path, lang, status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			j.Kind, j.Method, j.Path, j.Lang, j.Status, j.CreatedBy, j.CreatedAt)
		if err != nil {
			return fmt.Errorf("sqldb: create job: %w", err)
		}
		j.ID = id
		return tx.audit(actionCreate, "job", id, nil, nil, jobView(j))
	})
}

// findJob loads a job the caller may see.
func (tx *Tx) findJob(id int64) (*salkku.Job, error) {
	j, err := scanJob(tx.queryRow(`SELECT `+jobCols+` FROM jobs WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(fmt.Errorf("sqldb: find job: %w", err))
	}
	if !tx.access().CanSeeJob(j.CreatedBy) {
		// Another's job is not shown to exist.
		return nil, salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
	}
	return j, nil
}

// FindJob returns a job of the caller's (any, for admins).
func (d *DB) FindJob(ctx context.Context, id int64) (*salkku.Job, error) {
	var j *salkku.Job
	err := d.read(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanCreateJob() || tx.access().CanRunJobs()); err != nil {
			return err
		}
		var err error
		j, err = tx.findJob(id)
		return err
	})
	return j, err
}

// FindJobs lists the caller's jobs newest first (everyone's for an admin
// who asks for all).
func (d *DB) FindJobs(ctx context.Context, f salkku.JobFilter) ([]*salkku.Job, int64, error) {
	f.Limit = salkku.Page{Limit: f.Limit}.Normalize().Limit
	out := []*salkku.Job{}
	var next int64
	err := d.read(ctx, func(tx *Tx) error {
		a := tx.access()
		if err := allow(a.CanCreateJob() || a.CanRunJobs()); err != nil {
			return err
		}
		if f.All && !a.Admin {
			return errForbidden
		}
		where, args := []string{"1 = 1"}, []any{}
		if !f.All {
			where, args = append(where, "created_by = ?"), append(args, a.UserID)
		}
		if f.BeforeID > 0 {
			where, args = append(where, "id < ?"), append(args, f.BeforeID)
		}
		rows, err := tx.query(`SELECT `+jobCols+` FROM jobs WHERE `+strings.Join(where, " AND ")+` ORDER BY id DESC`+sqlLimit(f.Limit+1), args...)
		if err != nil {
			return fmt.Errorf("sqldb: find jobs: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			j, err := scanJob(rows)
			if err != nil {
				return fmt.Errorf("sqldb: find jobs: %w", err)
			}
			out = append(out, j)
		}
		if len(out) > f.Limit {
			out = out[:f.Limit]
			next = out[len(out)-1].ID
		}
		return rows.Err()
	})
	return out, next, err
}

// CancelJob cancels a queued or running job of the caller's: a runner
// that holds it finds out at its next report and stops.
func (d *DB) CancelJob(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanCreateJob() || tx.access().CanRunJobs()); err != nil {
			return err
		}
		j, err := tx.findJob(id)
		if err != nil {
			return err
		}
		if !j.Active() {
			return salkku.Errorf(salkku.ECONFLICT, "jobs.error.finished")
		}
		before := jobView(j)
		if _, err := tx.exec(`UPDATE jobs SET status = ?, worker = '', lease_until = NULL, finished_at = ? WHERE id = ?`,
			salkku.JobCancelled, tx.now, id); err != nil {
			return fmt.Errorf("sqldb: cancel job: %w", err)
		}
		if _, err := tx.exec(`DELETE FROM job_chunks WHERE job_id = ?`, id); err != nil {
			return fmt.Errorf("sqldb: cancel job: %w", err)
		}
		j.Status = salkku.JobCancelled
		return tx.audit(actionUpdate, "job", id, nil, before, jobView(j))
	})
}

// JobChunk returns part seq of a done job's file, in a transaction of its
// own, so that a download holds one part in memory at a time.
func (d *DB) JobChunk(ctx context.Context, id int64, seq int) ([]byte, error) {
	var data []byte
	err := d.read(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanCreateJob() || tx.access().CanRunJobs()); err != nil {
			return err
		}
		j, err := tx.findJob(id)
		if err != nil {
			return err
		}
		if j.Status != salkku.JobDone {
			return salkku.Errorf(salkku.ECONFLICT, "jobs.error.not_done")
		}
		err = tx.queryRow(`SELECT data FROM job_chunks WHERE job_id = ? AND seq = ?`, id, seq).Scan(&data)
		return notFound(err)
	})
	return data, err
}

// ClaimJob takes, for worker, the oldest queued job or a running one whose
// lease expired, in one statement that only one runner wins. A job that
// has had its attempts fails instead. A job run again starts its file
// anew.
func (d *DB) ClaimJob(ctx context.Context, worker string) (*salkku.Job, error) {
	var j *salkku.Job
	err := d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanRunJobs()); err != nil {
			return err
		}
		if worker == "" {
			return salkku.Errorf(salkku.EINVALID, "error.invalid")
		}
		// The statuses looked for are written into the SQL: PostgreSQL
		// plans a statement once for any arguments (openPostgres), and
		// a plan that does not know it looks for the few unfinished jobs
		// reads all the finished ones by id (15 ms at 100,000, on every
		// poll); with them written, jobs_status serves it.
		if _, err := tx.exec(`UPDATE jobs SET status = ?, error = ?, worker = '', lease_until = NULL, finished_at = ?
			WHERE status = `+sqlConst(salkku.JobRunning)+` AND lease_until < ? AND attempts >= ?`,
			salkku.JobFailed, "jobs.error.attempts", tx.now, tx.now, salkku.MaxJobAttempts); err != nil {
			return fmt.Errorf("sqldb: claim job: %w", err)
		}
		var err error
		j, err = scanJob(tx.queryRow(`UPDATE jobs SET status = ?, worker = ?, lease_until = ?, attempts = attempts + 1,
			started_at = ?, done = 0, total = 0, step = ''
			WHERE id = (SELECT id FROM jobs WHERE status = `+sqlConst(salkku.JobQueued)+` OR status = `+sqlConst(salkku.JobRunning)+` AND lease_until < ?
				ORDER BY id LIMIT 1`+tx.dialect.skipLocked()+`)
			RETURNING `+jobCols,
			salkku.JobRunning, worker, tx.now.Add(salkku.JobLease), tx.now, tx.now))
		if errors.Is(err, sql.ErrNoRows) {
			// Nothing to claim; the jobs that failed above stay failed.
			j = nil
			return nil
		} else if err != nil {
			return fmt.Errorf("sqldb: claim job: %w", err)
		}
		if j.Attempts > 1 {
			if _, err := tx.exec(`DELETE FROM job_chunks WHERE job_id = ?`, j.ID); err != nil {
				return fmt.Errorf("sqldb: claim job: %w", err)
			}
		}
		return nil
	})
	if err == nil && j == nil {
		err = salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
	}
	return j, err
}

// held checks that worker still holds a running job; ECONFLICT when not.
func held(res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("sqldb: rows affected: %w", err)
	}
	if n == 0 {
		return salkku.Errorf(salkku.ECONFLICT, "jobs.error.lost")
	}
	return nil
}

// ReportJob records a job's progress and renews its lease.
func (d *DB) ReportJob(ctx context.Context, id int64, worker string, done, total int, step string) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanRunJobs()); err != nil {
			return err
		}
		res, err := tx.exec(`UPDATE jobs SET done = ?, total = ?, step = ?, lease_until = ? WHERE id = ? AND worker = ? AND status = ?`,
			done, total, step, tx.now.Add(salkku.JobLease), id, worker, salkku.JobRunning)
		if err != nil {
			return fmt.Errorf("sqldb: report job: %w", err)
		}
		return held(res)
	})
}

// WriteJobChunk stores one part of a job's file and renews its lease,
// each part in a transaction of its own: a long job never holds the
// write lock for long.
func (d *DB) WriteJobChunk(ctx context.Context, id int64, worker string, seq int, data []byte) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanRunJobs()); err != nil {
			return err
		}
		if len(data) > salkku.JobChunkSize {
			return salkku.Errorf(salkku.ETOOLARGE, "error.too_large")
		}
		res, err := tx.exec(`UPDATE jobs SET lease_until = ? WHERE id = ? AND worker = ? AND status = ?`,
			tx.now.Add(salkku.JobLease), id, worker, salkku.JobRunning)
		if err != nil {
			return fmt.Errorf("sqldb: write job chunk: %w", err)
		}
		if err := held(res); err != nil {
			return err
		}
		if data == nil {
			data = []byte{}
		}
		if _, err := tx.exec(`INSERT INTO job_chunks (job_id, seq, data) VALUES (?, ?, ?)`, id, seq, data); err != nil {
			return fmt.Errorf("sqldb: write job chunk: %w", err)
		}
		return nil
	})
}

// FinishJob ends a job worker holds: done with its file, or failed.
func (d *DB) FinishJob(ctx context.Context, id int64, worker string, r salkku.JobResult) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanRunJobs()); err != nil {
			return err
		}
		status := salkku.JobDone
		if r.Error != "" {
			status, r.Name, r.Type, r.Size = salkku.JobFailed, "", "", 0
		}
		res, err := tx.exec(`UPDATE jobs SET status = ?, error = ?, result_name = ?, result_type = ?, result_size = ?,
			worker = '', lease_until = NULL, finished_at = ? WHERE id = ? AND worker = ? AND status = ?`,
			status, r.Error, r.Name, r.Type, r.Size, tx.now, id, worker, salkku.JobRunning)
		if err != nil {
			return fmt.Errorf("sqldb: finish job: %w", err)
		}
		if err := held(res); err != nil {
			return err
		}
		if status == salkku.JobFailed {
			if _, err := tx.exec(`DELETE FROM job_chunks WHERE job_id = ?`, id); err != nil {
				return fmt.Errorf("sqldb: finish job: %w", err)
			}
		}
		return nil
	})
}

// PurgeJobs deletes the jobs, and their files, that ended more than
// salkku.JobKeep ago.
func (d *DB) PurgeJobs(ctx context.Context) (int, error) {
	var n int64
	err := d.inTx(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanRunJobs()); err != nil {
			return err
		}
		cut := tx.now.Add(-salkku.JobKeep)
		if _, err := tx.exec(`DELETE FROM job_chunks WHERE job_id IN (SELECT id FROM jobs WHERE finished_at < ?)`, cut); err != nil {
			return fmt.Errorf("sqldb: purge jobs: %w", err)
		}
		res, err := tx.exec(`DELETE FROM jobs WHERE finished_at < ?`, cut)
		if err != nil {
			return fmt.Errorf("sqldb: purge jobs: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}
