package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib" // also registers the "pgx" driver
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/salkku/salkku"
)

// dialect holds everything that differs between SQLite and PostgreSQL.
type dialect struct {
	name string
}

var (
	dialectSQLite   = dialect{name: "sqlite"}
	dialectPostgres = dialect{name: "postgres"}
)

// sqliteDSN puts the pragmas in the connection string so that every pooled
// connection has them: WAL for concurrent readers, foreign keys on, a busy
// timeout instead of immediate "database is locked" errors, and immediate
// write transactions so that two writers never deadlock upgrading a lock.
func sqliteDSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// Statement journals and sorts in memory, not in files under /var/tmp:
	// a write with triggers opened, wrote and dropped a temporary file.
	q.Add("_pragma", "temp_store(MEMORY)")
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

// openPostgres opens a PostgreSQL pool whose timestamptz values scan in UTC,
// as SQLite's do; pgx would otherwise return them in the process's local
// time zone, so that a record read back would differ from the one written.
//
// Its sessions plan each prepared statement once (plan_cache_mode), unless
// the URL sets plan_cache_mode itself. pgx prepares every statement, but
// PostgreSQL still planned some anew on each run, since a custom plan for
// the values at hand looked cheaper than the generic one: the access
// query with its five joins spent 0.7 ms planning and 0.03 ms running,
// most of GET /me. Our statements are built for the filters they have,
// with their LIMIT written in (sqlLimit) and the statuses the job queue
// looks for (sqlConst); TestProjectPagePlans checks that an index serves
// the generic plans of the register's pages. Where a user's filter meets
// skewed data, a transaction plans for the values (planForValues). It is
// SET once a connection opens rather than sent as a startup parameter,
// which PgBouncer refuses; it needs PostgreSQL 12 or later.
func openPostgres(url string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	// Only statements kept prepared gain from a plan made once.
	_, planModeSet := cfg.RuntimeParams["plan_cache_mode"]
	planModeSet = planModeSet || cfg.DefaultQueryExecMode != pgx.QueryExecModeCacheStatement
	utc := stdlib.OptionAfterConnect(func(ctx context.Context, c *pgx.Conn) error {
		c.TypeMap().RegisterType(&pgtype.Type{Name: "timestamptz", OID: pgtype.TimestamptzOID,
			Codec: &pgtype.TimestamptzCodec{ScanLocation: time.UTC}})
		if planModeSet {
			return nil
		}
		_, err := c.Exec(ctx, "SET plan_cache_mode = force_generic_plan")
		return err
	})
	return stdlib.OpenDB(*cfg, utc), nil
}

// Pool sizes. database/sql keeps only two idle connections by default, so
// that eight clients at once made PostgreSQL fork a backend for most
// requests and close it after. PostgreSQL's default max_connections is
// 100: a few instances of Salkku with pgMaxConns each still fit under it.
// SQLite keeps as many idle as 32 clients at once use: with 8, the others
// were closed after each statement and opened again, each new connection
// reading the schema and preparing its statements anew, which halved
// GET /me with 32 clients and made its p99 six times longer.
const (
	pgMaxConns        = 20
	sqliteIdleConns   = 32
	connMaxIdleTime   = 5 * time.Minute
	pgConnMaxLifetime = time.Hour
)

// configurePool sets the connection pool's limits. PostgreSQL gets a
// bounded pool whose connections all stay open between requests, and are
// renewed now and then so that a server-side restart or failover is
// followed. Each SQLite connection has its own page cache and prepared
// statements, so up to sqliteIdleConns stay open (an idle one closes
// after connMaxIdleTime); their number is not capped, since a request
// queued behind writers waiting for the write lock would stall the reads
// that WAL lets through.
func (d dialect) configurePool(db *sql.DB) {
	if d.name == "postgres" {
		db.SetMaxOpenConns(pgMaxConns)
		db.SetMaxIdleConns(pgMaxConns)
		db.SetConnMaxLifetime(pgConnMaxLifetime)
	} else {
		db.SetMaxIdleConns(sqliteIdleConns)
	}
	db.SetConnMaxIdleTime(connMaxIdleTime)
}

// containsExact returns a condition that col contains the query argument
// as a substring, case-sensitively on both engines (LIKE ignores ASCII case
// on SQLite but not on PostgreSQL).
func (d dialect) containsExact(col string) string {
	if d.name == "postgres" {
		return "strpos(" + col + ", ?) > 0"
	}
	return "instr(" + col + ", ?) > 0"
}

// rebind turns ? placeholders into PostgreSQL's $1, $2, ….
func (d dialect) rebind(query string) string {
	if d.name != "postgres" || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	inQuote := false
	for i := 0; i < len(query); i++ {
		c := query[i]
		if c == '\'' {
			inQuote = !inQuote
		}
		if c == '?' && !inQuote {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// lockMigrations keeps two PostgreSQL instances from migrating at once;
// SQLite's own write lock does that job there.
func (d dialect) lockMigrations(ctx context.Context, conn *sql.Conn) (func(), error) {
	if d.name != "postgres" {
		return func() {}, nil
	}
	const key = 7305019 // any constant shared by all Salkku instances
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, key); err != nil {
		return nil, err
	}
	return func() { conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, key) }, nil
}

// mapError turns a unique-constraint violation into ECONFLICT and a foreign
// key violation into EINVALID; other errors pass through.
func (d dialect) mapError(err error) error {
	if err == nil {
		return nil
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &salkku.Error{Code: salkku.ECONFLICT, Message: "error.duplicate"}
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return &salkku.Error{Code: salkku.ECONFLICT, Message: "error.in_use"}
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return &salkku.Error{Code: salkku.ECONFLICT, Message: "error.duplicate"}
		case "23503":
			return &salkku.Error{Code: salkku.ECONFLICT, Message: "error.in_use"}
		}
	}
	return err
}

// jsonText reads a JSON column as text.
func (d dialect) jsonText(col string) string {
	if d.name == "postgres" {
		return col + "::text"
	}
	return col
}

// lockKey holds a transaction-scoped lock on a name until the transaction
// ends, so that concurrent transactions about one thing take turns. SQLite
// needs none: its write transactions are serialised already.
func (d dialect) lockKey(tx *Tx, key string) error {
	if d.name != "postgres" {
		return nil
	}
	_, err := tx.tx.ExecContext(tx.ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, key)
	return err
}

// skipLocked ends a SELECT that picks a row to claim: on PostgreSQL it
// locks the row and passes over rows another transaction holds, so that
// runners of several instances each take a different job at once. SQLite
// has one writer at a time, which does the same.
func (d dialect) skipLocked() string {
	if d.name == "postgres" {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// sqlLimit is a statement's LIMIT clause, sqlLimitOffset its LIMIT and
// OFFSET, written into the SQL rather than passed as arguments. A
// PostgreSQL session plans each statement once for any arguments (see
// openPostgres), and a plan that does not know how many rows are wanted
// guesses a tenth of them: a page of the national register was read by
// parallel workers in 10 ms rather than from its index in 0.3 ms. They
// are integers, so nothing a user typed goes into the SQL.
func sqlLimit(n int) string { return " LIMIT " + strconv.Itoa(n) }

func sqlLimitOffset(n, offset int) string {
	if offset <= 0 {
		return sqlLimit(n)
	}
	return sqlLimit(n) + " OFFSET " + strconv.Itoa(offset)
}

// planForValues lets PostgreSQL plan this transaction's statements for
// their values, as it does by default, where the filters are a user's and
// the data skewed (the audit log by actor, the reminder log by status):
// one round trip, on pages that are seldom read.
func (tx *Tx) planForValues() error {
	if tx.dialect.name != "postgres" {
		return nil
	}
	if _, err := tx.exec(`SET LOCAL plan_cache_mode = auto`); err != nil {
		return fmt.Errorf("sqldb: plan mode: %w", err)
	}
	return nil
}

// sqlConst is one of our own constant strings (a status, never a user's
// text) as an SQL literal, for a condition whose plan depends on it: see
// sqlLimit.
func sqlConst(s string) string {
	if strings.ContainsAny(s, `'\`) {
		panic("sqlConst: " + s)
	}
	return "'" + s + "'"
}
