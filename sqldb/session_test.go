package sqldb_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
)

// breakTable renames a table for the rest of fn, so that every query on
// it fails as a database that does not answer would.
func breakTable(t *testing.T, db *sqldb.DB, table string, fn func()) {
	t.Helper()
	raw := sqldb.SQLDB(db)
	if _, err := raw.Exec(`ALTER TABLE ` + table + ` RENAME TO ` + table + `_gone`); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if _, err := raw.Exec(`ALTER TABLE ` + table + `_gone RENAME TO ` + table); err != nil {
			t.Fatal(err)
		}
	}()
	fn()
}

// TestSessionDatabaseError: when the users cannot be read, checking a
// session or a token is a database error, never EUNAUTHORIZED (which
// signs the caller out), and the session is still there afterwards.
func TestSessionDatabaseError(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		db := mustOpen(t, engine)
		ctx := salkku.System(t.Context())
		u := &salkku.User{Email: "aino.aalto@naantali.fi", Name: "Aino Aalto"}
		must(t, db.CreateUser(ctx, u, ""))
		secret, _, err := db.CreateSession(ctx, u.ID)
		must(t, err)
		token, err := db.CreateToken(ctx, &salkku.APIToken{UserID: u.ID, Name: "raportointi"})
		must(t, err)
		breakTable(t, db, "users", func() {
			_, _, err := db.FindSession(ctx, secret)
			if got := salkku.ErrorCode(err); got != salkku.EINTERNAL {
				t.Errorf("session check with the users table gone: got %v (code %q), want an internal error", err, got)
			}
			_, err = db.AuthenticateToken(ctx, token)
			if got := salkku.ErrorCode(err); got != salkku.EINTERNAL {
				t.Errorf("token check with the users table gone: got %v (code %q), want an internal error", err, got)
			}
		})
		if _, gu, err := db.FindSession(ctx, secret); err != nil || gu.ID != u.ID {
			t.Fatalf("session after the database came back: %+v, %v", gu, err)
		}
	})
}

// TestExpiredSessionDeleted: finding an expired session deletes it; it
// does not wait for the next sign-in's sweep.
func TestExpiredSessionDeleted(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		db := mustOpen(t, engine)
		ctx := salkku.System(t.Context())
		var mu sync.Mutex
		now := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		u := &salkku.User{Email: "jukka.makela@naantali.fi", Name: "Jukka Mäkelä"}
		must(t, db.CreateUser(ctx, u, ""))
		secret, _, err := db.CreateSession(ctx, u.ID)
		must(t, err)
		count := func() int {
			var n int
			must(t, sqldb.SQLDB(db).QueryRow(`SELECT COUNT(*) FROM sessions`).Scan(&n))
			return n
		}
		if n := count(); n != 1 {
			t.Fatalf("got %d sessions, want 1", n)
		}
		mu.Lock()
		now = now.Add(salkku.SessionIdle + time.Minute)
		mu.Unlock()
		_, _, err = db.FindSession(ctx, secret)
		wantErr(t, err, salkku.EUNAUTHORIZED, "")
		if n := count(); n != 0 {
			t.Fatalf("got %d sessions after the expired one was found, want 0", n)
		}
	})
}

// TestReadDuringWrite holds SQLite's write lock open in another
// connection, as a long import would, and reads: pages and session checks
// answer at once instead of waiting for the lock.
func TestReadDuringWrite(t *testing.T) {
	ctx := salkku.System(t.Context())
	path := filepath.Join(t.TempDir(), "salkku.db")
	db, err := sqldb.Open(ctx, sqldb.Config{Path: path})
	must(t, err)
	defer db.Close()
	org := mustCreateOrg(t, db, "Naantalin kaupunki")
	pf := mustCreatePortfolio(t, db, org, nil, "Tietohallinto")
	mustCreateProject(t, db, pf, &salkku.Project{})
	u := &salkku.User{Email: "kristiina.taskinen@naantali.fi", Name: "Kristiina Taskinen"}
	must(t, db.CreateUser(ctx, u, ""))
	secret, _, err := db.CreateSession(ctx, u.ID)
	must(t, err)

	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	must(t, err)
	defer raw.Close()
	writer, err := raw.Conn(ctx)
	must(t, err)
	defer writer.Close()
	_, err = writer.ExecContext(ctx, `BEGIN IMMEDIATE`)
	must(t, err)
	defer writer.ExecContext(context.Background(), `ROLLBACK`)
	_, err = writer.ExecContext(ctx, `UPDATE projects SET name = 'Kesken' WHERE 1 = 1`)
	must(t, err)

	for name, read := range map[string]func(ctx context.Context) error{
		"FindProjects": func(ctx context.Context) error {
			_, n, err := db.FindProjects(ctx, salkku.ProjectFilter{})
			if err == nil && n != 1 {
				t.Errorf("got %d projects, want 1", n)
			}
			return err
		},
		"FindSession": func(ctx context.Context) error {
			_, _, err := db.FindSession(ctx, secret)
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			defer cancel()
			done := make(chan error, 1)
			start := time.Now()
			go func() { done <- read(ctx) }()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("read while a write was open: %v after %v", err, time.Since(start))
				}
			case <-time.After(5 * time.Second):
				t.Fatal("read while a write was open: no answer in 5 s")
			}
		})
	}
}

// TestPoolKeepsConnections runs eight clients at once: the connections
// they use stay open in the pool instead of being closed after each
// request (and, on PostgreSQL, a backend forked for the next).
func TestPoolKeepsConnections(t *testing.T) {
	const clients, requests = 8, 25
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		ctx := salkku.System(t.Context())
		before := sqldb.SQLDB(w.db).Stats()
		var wg sync.WaitGroup
		for range clients {
			wg.Go(func() {
				for range requests {
					if _, _, err := w.db.FindProjects(ctx, salkku.ProjectFilter{}); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		after := sqldb.SQLDB(w.db).Stats()
		if closed := after.MaxIdleClosed - before.MaxIdleClosed; closed > 0 {
			t.Errorf("%d connections were closed for want of idle room, want 0 (%d open)", closed, after.OpenConnections)
		}
	})
}
