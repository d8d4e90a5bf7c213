// Package sqldb stores Salkku's register in SQLite (embedded, the default)
// or PostgreSQL through database/sql. The SQL is hand-written beside the
// method that runs it; the few differences between the two dialects live in
// dialect.go. Each exported method is one transaction that checks the
// domain rules and writes its audit row.
package sqldb

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/salkku/salkku"
)

//go:embed migrations
var migrationsFS embed.FS

// Config says which database to open: a PostgreSQL URL when URL is set,
// else an SQLite file at Path.
type Config struct {
	// Path is the SQLite database file; its folder is created if missing.
	Path string
	// URL is a postgres:// or postgresql:// connection URL.
	URL string
}

// DB is the register's database. It implements salkku.Register.
type DB struct {
	db      *sql.DB
	dialect dialect
	// Now returns the current time; tests replace it.
	Now func() time.Time
	// models holds decoded model versions (see scanModel).
	models *modelCache
	// drain rebuilds, in the background, the project items a write left
	// stale beyond its batch (see refreshItems).
	drain     drainer
	itemBatch int
}

var _ salkku.Register = (*DB)(nil)

// Open connects to the database and applies any pending migrations.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	d := &DB{Now: time.Now, models: &modelCache{}, itemBatch: itemBatch}
	d.drain.ctx, d.drain.stop = context.WithCancel(context.Background())
	var err error
	if cfg.URL != "" {
		d.dialect = dialectPostgres
		d.db, err = openPostgres(cfg.URL)
	} else {
		if cfg.Path == "" {
			return nil, fmt.Errorf("sqldb: no database path or URL given")
		}
		if err := os.MkdirAll(filepath.Dir(cfg.Path), 0o750); err != nil {
			return nil, fmt.Errorf("sqldb: create data folder: %w", err)
		}
		d.dialect = dialectSQLite
		d.db, err = openSQLite(sqliteDSN(cfg.Path))
	}
	if err != nil {
		return nil, fmt.Errorf("sqldb: open: %w", err)
	}
	d.dialect.configurePool(d.db)
	if err := d.db.PingContext(ctx); err != nil {
		d.db.Close()
		return nil, fmt.Errorf("sqldb: connect: %w", err)
	}
	if err := d.Migrate(ctx); err != nil {
		d.db.Close()
		return nil, err
	}
	if err := d.refreshAllItems(ctx, nil); err != nil {
		d.db.Close()
		return nil, err
	}
	return d, nil
}

// Close closes the database.
func (d *DB) Close() error {
	d.drain.stop()
	d.drain.wg.Wait()
	return d.db.Close()
}

// Ping checks that the database answers; /healthz uses it.
func (d *DB) Ping(ctx context.Context) error { return d.db.PingContext(ctx) }

// Dialect names the database engine: "sqlite" or "postgres".
func (d *DB) Dialect() string { return d.dialect.name }

// migrationSteps are the parts of migrations that SQL cannot do, run in
// the migration's transaction after its SQL.
var migrationSteps = map[string]func(tx *Tx) error{
	"0003_unique_fold.sql": fillFolds,
	"0005_texts.sql":       moveTexts,
	"0007_gates.sql":       placeProjects,
}

// Migrate applies the embedded migrations that have not yet been applied,
// each in its own transaction, in name order.
func (d *DB) Migrate(ctx context.Context) error {
	dir := "migrations/" + d.dialect.name
	entries, err := fs.ReadDir(migrationsFS, dir)
	if err != nil {
		return fmt.Errorf("sqldb: read migrations: %w", err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".sql") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)

	conn, err := d.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqldb: migrate: %w", err)
	}
	defer conn.Close()
	// Several instances may start at once against one PostgreSQL server.
	if unlock, err := d.dialect.lockMigrations(ctx, conn); err != nil {
		return fmt.Errorf("sqldb: migrate: lock: %w", err)
	} else {
		defer unlock()
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("sqldb: migrate: %w", err)
	}
	applied := map[string]bool{}
	rows, err := conn.QueryContext(ctx, `SELECT name FROM schema_migrations`)
	if err != nil {
		return fmt.Errorf("sqldb: migrate: %w", err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return fmt.Errorf("sqldb: migrate: %w", err)
		}
		applied[n] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqldb: migrate: %w", err)
	}
	for _, name := range names {
		if applied[name] {
			continue
		}
		body, err := migrationsFS.ReadFile(dir + "/" + name)
		if err != nil {
			return fmt.Errorf("sqldb: migrate %s: %w", name, err)
		}
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("sqldb: migrate %s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("sqldb: migrate %s: %w", name, err)
		}
		if step := migrationSteps[name]; step != nil {
			if err := step(&Tx{tx: tx, q: tx, dialect: d.dialect, now: d.Now().UTC(), ctx: ctx}); err != nil {
				tx.Rollback()
				return fmt.Errorf("sqldb: migrate %s: %w", name, err)
			}
		}
		if _, err := tx.ExecContext(ctx, d.dialect.rebind(`INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`),
			name, time.Now().UTC().Format(time.RFC3339)); err != nil {
			tx.Rollback()
			return fmt.Errorf("sqldb: migrate %s: %w", name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("sqldb: migrate %s: %w", name, err)
		}
	}
	return nil
}

// Tx is one transaction with the time it started, so that every row it
// writes carries the same timestamp.
type Tx struct {
	tx *sql.Tx
	// q runs the statements: tx, or for readOne the pool.
	q       querier
	dialect dialect
	now     time.Time
	ctx     context.Context
	models  *modelCache
	// refreshed is set once the transaction has rebuilt the stale
	// project items (see refreshItems): a write does it before it commits.
	refreshed bool
}

// begin starts a transaction. A read-only one is a plain (deferred) BEGIN
// on SQLite, which never waits for the write lock, and READ ONLY,
// REPEATABLE READ on PostgreSQL; a write transaction is BEGIN IMMEDIATE on SQLite (the
// _txlock of the DSN), so that two writers never deadlock upgrading a lock.
func (d *DB) begin(ctx context.Context, readOnly bool) (*Tx, error) {
	var opts *sql.TxOptions
	if readOnly {
		opts = &sql.TxOptions{ReadOnly: true}
		if d.dialect.name == "postgres" {
			// One snapshot for the whole transaction, as SQLite's WAL
			// gives a reader, so that a read's statements (and the
			// reads of ReadTogether) agree; a read-only transaction
			// never fails to serialise.
			opts.Isolation = sql.LevelRepeatableRead
		}
	}
	tx, err := d.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("sqldb: begin: %w", err)
	}
	// Microseconds: what PostgreSQL keeps, so values round-trip equal.
	return &Tx{tx: tx, q: tx, dialect: d.dialect, now: d.Now().UTC().Truncate(time.Microsecond), ctx: ctx, models: d.models}, nil
}

// querier is what runs a Tx's statements: *sql.Tx, or *sql.DB.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// readOne runs fn's reads on the pool, each statement a transaction of
// its own: for a read of one statement, or of statements that need not
// see one state, which saves beginning and ending a transaction around
// it (two round trips on PostgreSQL). Like signInRead it needs no
// caller; fn must only read.
func (d *DB) readOne(ctx context.Context, fn func(tx *Tx) error) error {
	if tx := d.sharedRead(ctx); tx != nil {
		return fn(tx)
	}
	return fn(&Tx{q: d.db, dialect: d.dialect, now: d.Now().UTC().Truncate(time.Microsecond), ctx: ctx, models: d.models})
}

// sharedReadKey is the key of ReadTogether's transaction in a context.
type sharedReadKey struct{}

type sharedRead struct {
	d  *DB
	tx *Tx
}

// ReadTogether runs fn with a context whose reads share one read-only
// transaction (see salkku.Register).
func (d *DB) ReadTogether(ctx context.Context, fn func(ctx context.Context) error) error {
	if d.sharedRead(ctx) != nil {
		return fn(ctx)
	}
	return d.read(ctx, func(tx *Tx) error {
		return fn(context.WithValue(ctx, sharedReadKey{}, &sharedRead{d: d, tx: tx}))
	})
}

// sharedRead is ReadTogether's transaction when ctx is inside one of d's,
// as a Tx of ctx (its caller and language); else nil.
func (d *DB) sharedRead(ctx context.Context) *Tx {
	s, ok := ctx.Value(sharedReadKey{}).(*sharedRead)
	if !ok || s.d != d {
		return nil
	}
	tx := *s.tx
	tx.ctx = ctx
	return &tx
}

// inTx runs fn in a write transaction, committing when it returns nil.
// Like read, it refuses a context without a caller: access is checked
// inside every transaction, and nobody is no one who may do anything.
func (d *DB) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	return d.run(ctx, false, true, fn)
}

// read runs fn in a read-only transaction: reads never take the write
// lock, so a long import does not stall the pages.
func (d *DB) read(ctx context.Context, fn func(tx *Tx) error) error {
	return d.run(ctx, true, true, fn)
}

// signInTx and signInRead are for the steps that find out who the caller
// is (sign-in, sessions, tokens, access) and so run before there is one.
func (d *DB) signInTx(ctx context.Context, fn func(tx *Tx) error) error {
	return d.run(ctx, false, false, fn)
}

func (d *DB) signInRead(ctx context.Context, fn func(tx *Tx) error) error {
	return d.run(ctx, true, false, fn)
}

func (d *DB) run(ctx context.Context, readOnly, needCaller bool, fn func(tx *Tx) error) error {
	if needCaller && salkku.AccessFrom(ctx) == nil {
		return errForbidden
	}
	if readOnly {
		if tx := d.sharedRead(ctx); tx != nil {
			return fn(tx)
		}
	}
	if n, ok := ctx.Value(txCounter{}).(*atomic.Int64); ok {
		n.Add(1)
	}
	tx, err := d.begin(ctx, readOnly)
	if err != nil {
		return err
	}
	defer tx.tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	more := false
	// While the background drain runs, it rebuilds what writes mark.
	if !readOnly && !tx.refreshed && !d.drain.running.Load() {
		n, err := tx.refreshItems(d.itemBatch)
		if err != nil {
			return err
		}
		more = n == d.itemBatch
	}
	if err := tx.tx.Commit(); err != nil {
		return d.dialect.mapError(fmt.Errorf("sqldb: commit: %w", err))
	}
	if more {
		d.drainItems()
	}
	return nil
}

// queryCounter is the key of CountQueries' counter in a context.
type queryCounter struct{}

// CountQueries is ctx with a counter of the statements the store runs
// for it, for tests that check that a page costs the same whatever the
// size of the register (no query per row).
func CountQueries(ctx context.Context) (context.Context, *atomic.Int64) {
	n := new(atomic.Int64)
	return context.WithValue(ctx, queryCounter{}, n), n
}

// txCounter is the key of CountTransactions' counter in a context.
type txCounter struct{}

// CountTransactions is ctx with a counter of the transactions the store
// begins for it: the fixed cost of a request is one to check who asks
// and what they may do, and one for what they ask.
func CountTransactions(ctx context.Context) (context.Context, *atomic.Int64) {
	n := new(atomic.Int64)
	return context.WithValue(ctx, txCounter{}, n), n
}

func (tx *Tx) counted() {
	if n, ok := tx.ctx.Value(queryCounter{}).(*atomic.Int64); ok {
		n.Add(1)
	}
}

func (tx *Tx) exec(query string, args ...any) (sql.Result, error) {
	tx.counted()
	res, err := tx.q.ExecContext(tx.ctx, tx.dialect.rebind(query), args...)
	return res, tx.dialect.mapError(err)
}

func (tx *Tx) query(query string, args ...any) (*sql.Rows, error) {
	tx.counted()
	rows, err := tx.q.QueryContext(tx.ctx, tx.dialect.rebind(query), args...)
	return rows, tx.dialect.mapError(err)
}

func (tx *Tx) queryRow(query string, args ...any) *sql.Row {
	tx.counted()
	return tx.q.QueryRowContext(tx.ctx, tx.dialect.rebind(query), args...)
}

// insert runs an INSERT … RETURNING id.
func (tx *Tx) insert(query string, args ...any) (int64, error) {
	var id int64
	err := tx.queryRow(query+" RETURNING id", args...).Scan(&id)
	return id, tx.dialect.mapError(err)
}

// count runs a SELECT COUNT(*) query.
func (tx *Tx) count(query string, args ...any) (int, error) {
	var n int
	if err := tx.queryRow(query, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqldb: count: %w", err)
	}
	return n, nil
}

// exists reports whether a row with the id is in the table; the table name
// is always a constant of this package.
func (tx *Tx) exists(table string, id int64) (bool, error) {
	n, err := tx.count(`SELECT COUNT(*) FROM `+table+` WHERE id = ?`, id)
	return n > 0, err
}

// checkRefs adds a field error when a referenced id does not exist; nil
// ids are not references.
func (tx *Tx) checkRefs(fe salkku.FieldErrors, table, field string, ids ...*int64) error {
	var set []int64
	for _, id := range ids {
		if id != nil {
			set = append(set, *id)
		}
	}
	return tx.checkRefIDs(fe, table, field, set)
}

// checkRefIDs checks a list of references (a board, responsible people)
// in one query.
func (tx *Tx) checkRefIDs(fe salkku.FieldErrors, table, field string, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	// Distinct ids, zero and negative ones kept: they exist nowhere.
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	n, err := tx.count(`SELECT COUNT(*) FROM `+table+` WHERE id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return err
	}
	if n != len(ids) {
		fe.Add(field, "error.not_found_ref")
	}
	return nil
}

// checkVersion finishes an optimistic update: no row changed means the
// record is gone (ENOTFOUND) or was changed by someone else (ECONFLICT).
func (tx *Tx) checkVersion(res sql.Result, table string, id int64) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("sqldb: rows affected: %w", err)
	}
	if n > 0 {
		return nil
	}
	if ok, err := tx.exists(table, id); err != nil {
		return err
	} else if !ok {
		return salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
	}
	return salkku.Errorf(salkku.ECONFLICT, "error.stale")
}

// notFound turns sql.ErrNoRows into ENOTFOUND.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
	}
	return err
}

// nullID converts an optional id for a query argument.
func nullID(id *int64) any {
	if id == nil {
		return nil
	}
	return *id
}

// idPtr converts a scanned nullable id.
func idPtr(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	v := n.Int64
	return &v
}

// nullMonth stores an unset month as NULL.
func nullMonth(m salkku.Month) any {
	if m.IsZero() {
		return nil
	}
	return int64(m)
}

// placeholders returns "?, ?, ?" for n arguments.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// likePattern escapes a user's search text for LIKE … ESCAPE '\'.
func likePattern(s string) string {
	s = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(strings.TrimSpace(s)))
	return "%" + s + "%"
}

// pageTotal is the total of a list of which a page at p read n rows: n
// itself when a first page is not full, which is then the whole list (a
// portfolio's children, a board), else count's.
func pageTotal(n int, p salkku.Page, count func() (int, error)) (int, error) {
	if p.Offset == 0 && n < p.Limit {
		return n, nil
	}
	return count()
}

// maxBatchArgs bounds the placeholders of one multi-row statement, well
// under SQLite's and PostgreSQL's limits.
const maxBatchArgs = 30000

// insertRowsOf writes rows (each a value per column, in order) into the
// table with multi-row INSERTs, as few as the placeholders allow.
func (tx *Tx) insertRowsOf(table string, cols []string, rows [][]any) error {
	batch := max(1, min(500, maxBatchArgs/len(cols)))
	row := "(" + placeholders(len(cols)) + ")"
	for start := 0; start < len(rows); start += batch {
		part := rows[start:min(start+batch, len(rows))]
		args := make([]any, 0, len(part)*len(cols))
		for _, r := range part {
			args = append(args, r...)
		}
		if _, err := tx.exec(`INSERT INTO `+table+` (`+strings.Join(cols, ", ")+`) VALUES `+
			strings.TrimSuffix(strings.Repeat(row+", ", len(part)), ", "), args...); err != nil {
			return err
		}
	}
	return nil
}
