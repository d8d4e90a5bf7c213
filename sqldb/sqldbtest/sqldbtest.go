// Package sqldbtest opens test databases on each engine. It is for tests
// only and never linked into the salkku binary.
package sqldbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/salkku/salkku/internal/testenv"
	"github.com/salkku/salkku/sqldb"
)

// Engines returns the database engines tests should run on: "sqlite"
// always, and "postgres" when SALKKU_TEST_POSTGRES names a database (a
// postgres:// URL). With SALKKU_TEST_ALL=1 a missing PostgreSQL fails.
func Engines(tb testing.TB) []string {
	tb.Helper()
	if os.Getenv("SALKKU_TEST_POSTGRES") != "" {
		return []string{"sqlite", "postgres"}
	}
	if testenv.All() {
		tb.Fatal("SALKKU_TEST_ALL=1 but SALKKU_TEST_POSTGRES is not set: the store tests need a PostgreSQL database")
	}
	return []string{"sqlite"}
}

// MustOpen opens an empty, migrated database of the given engine for
// one test and closes it when the test ends. On PostgreSQL each test gets a
// schema of its own, dropped afterwards, so tests can run in parallel.
func MustOpen(tb testing.TB, engine string) *sqldb.DB {
	tb.Helper()
	ctx := context.Background()
	var cfg sqldb.Config
	switch engine {
	case "sqlite":
		cfg.Path = filepath.Join(tb.TempDir(), "salkku.db")
	case "postgres":
		base := os.Getenv("SALKKU_TEST_POSTGRES")
		if base == "" {
			testenv.SkipOrFail(tb, "SALKKU_TEST_POSTGRES is not set; skipping the PostgreSQL run")
		}
		b := make([]byte, 6)
		rand.Read(b)
		schema := "t_" + hex.EncodeToString(b)
		admin, err := sql.Open("pgx", base)
		if err != nil {
			tb.Fatal(err)
		}
		defer admin.Close()
		if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
			tb.Fatalf("create schema: %v", err)
		}
		tb.Cleanup(func() {
			a, err := sql.Open("pgx", base)
			if err == nil {
				a.Exec("DROP SCHEMA " + schema + " CASCADE")
				a.Close()
			}
		})
		u, err := url.Parse(base)
		if err != nil {
			tb.Fatal(err)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		cfg.URL = u.String()
	default:
		tb.Fatalf("unknown engine %q", engine)
	}
	db, err := sqldb.Open(ctx, cfg)
	if err != nil {
		tb.Fatalf("open %s: %v", engine, err)
	}
	configs.Store(db, cfg)
	tb.Cleanup(func() { configs.Delete(db); db.Close() })
	return db
}

// configs remembers how each open test database was opened, for Reopen.
var configs sync.Map // *sqldb.DB → sqldb.Config

// Reopen opens a second pool on the database of db, which MustOpen
// opened: a second instance of Salkku on the same database.
func Reopen(tb testing.TB, db *sqldb.DB) *sqldb.DB {
	tb.Helper()
	cfg, ok := configs.Load(db)
	if !ok {
		tb.Fatal("sqldbtest: Reopen of a database MustOpen did not open")
	}
	other, err := sqldb.Open(context.Background(), cfg.(sqldb.Config))
	if err != nil {
		tb.Fatalf("reopen: %v", err)
	}
	tb.Cleanup(func() { other.Close() })
	return other
}
