package sqldb_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
)

// TestStatementCache: an SQLite connection prepares a statement once and
// runs it again and again; the same query run inside the loop that reads
// its rows gets a statement of its own; a full cache makes room without
// closing a statement whose rows are being read; errors come through.
func TestStatementCache(t *testing.T) {
	ctx := salkku.System(t.Context())
	db, err := sqldb.Open(ctx, sqldb.Config{Path: filepath.Join(t.TempDir(), "salkku.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	raw := sqldb.SQLDB(db)
	raw.SetMaxOpenConns(1) // one connection, so one cache

	before := sqldb.StmtsPrepared()
	for i := range 50 {
		var n int
		if err := raw.QueryRowContext(ctx, `SELECT ? + 1`, i).Scan(&n); err != nil || n != i+1 {
			t.Fatalf("run %d: %d, %v", i, n, err)
		}
	}
	if got := sqldb.StmtsPrepared() - before; got != 1 {
		t.Errorf("50 runs of one query prepared %d statements, want 1", got)
	}

	const three = `SELECT column1 FROM (VALUES (1), (2), (3))`
	readAll := func(q func() ([]int, error)) []int {
		t.Helper()
		v, err := q()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tx, err := raw.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	outer, err := tx.QueryContext(ctx, three)
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for outer.Next() {
		var v int
		if err := outer.Scan(&v); err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
		inner := readAll(func() ([]int, error) {
			rows, err := tx.QueryContext(ctx, three)
			if err != nil {
				return nil, err
			}
			defer rows.Close()
			var out []int
			for rows.Next() {
				var w int
				if err := rows.Scan(&w); err != nil {
					return nil, err
				}
				out = append(out, w)
			}
			return out, rows.Err()
		})
		if fmt.Sprint(inner) != "[1 2 3]" {
			t.Errorf("the query run inside its own loop read %v", inner)
		}
		if v == 1 {
			// Fill the cache past its bound while the outer rows are open.
			for i := range 300 {
				var n int
				if err := tx.QueryRowContext(ctx, fmt.Sprintf(`SELECT %d`, i)).Scan(&n); err != nil || n != i {
					t.Fatalf("distinct query %d: %d, %v", i, n, err)
				}
			}
		}
	}
	if err := outer.Err(); err != nil {
		t.Fatal(err)
	}
	outer.Close()
	if fmt.Sprint(got) != "[1 2 3]" {
		t.Errorf("the outer loop read %v, want [1 2 3]", got)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}

	// A statement that does not prepare reports its error; a failed
	// write leaves its statement usable.
	if _, err := raw.ExecContext(ctx, `SELECT nosuchcolumn`); err == nil || !strings.Contains(err.Error(), "nosuchcolumn") {
		t.Errorf("a bad query: %v", err)
	}
	if _, err := raw.ExecContext(ctx, `CREATE TABLE t (k INTEGER PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	for i, want := range []bool{true, false, true} {
		_, err := raw.ExecContext(ctx, `INSERT INTO t (k) VALUES (?)`, []int{1, 1, 2}[i])
		if (err == nil) != want {
			t.Errorf("insert %d: error %v", i, err)
		}
	}
	var n int
	if err := raw.QueryRowContext(ctx, `SELECT COUNT(*) FROM t`).Scan(&n); err != nil || n != 2 {
		t.Errorf("rows after the inserts: %d, %v", n, err)
	}
}
