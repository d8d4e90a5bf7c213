package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strings"
	"sync/atomic"
)

// SQLite parses a statement each time it is run, and for the short
// indexed reads of a page the parsing costs more than the running (a
// profile of the national bench: 22 % of all CPU in sqlite3RunParser). So
// each SQLite connection keeps its prepared statements by their SQL text.
// The cache lives in the connection, below database/sql, so it needs no
// connection of its own, and it is never shared: statements are per
// connection and database/sql uses a connection from one goroutine at a
// time. PostgreSQL needs none of this: pgx caches prepared statements
// per connection itself.

// maxCachedStmts bounds the statements one connection keeps; our SQL is
// a few hundred texts, plus those built for a number of ids.
const maxCachedStmts = 256

// stmtsPrepared counts the statements the caches prepared, for tests.
var stmtsPrepared atomic.Int64

// openSQLite opens a pool of SQLite connections that cache their
// statements.
func openSQLite(dsn string) (*sql.DB, error) {
	// The driver registered as "sqlite", with whatever it was given.
	probe, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	drv := probe.Driver()
	probe.Close()
	return sql.OpenDB(stmtCacheConnector{drv: drv, dsn: dsn}), nil
}

type stmtCacheConnector struct {
	drv driver.Driver
	dsn string
}

func (c stmtCacheConnector) Connect(ctx context.Context) (driver.Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &stmtCacheConn{inner: conn, stmts: map[string]*cachedStmt{}}, nil
}

func (c stmtCacheConnector) Driver() driver.Driver { return c.drv }

// stmtCacheConn is a driver connection that runs single statements
// through prepared statements it keeps. A statement in use (its rows
// still open, when the same query is run again inside the loop that
// reads them) is not shared: the nested run gets a statement of its own.
var (
	_ driver.QueryerContext     = (*stmtCacheConn)(nil)
	_ driver.ExecerContext      = (*stmtCacheConn)(nil)
	_ driver.ConnBeginTx        = (*stmtCacheConn)(nil)
	_ driver.ConnPrepareContext = (*stmtCacheConn)(nil)
	_ driver.Pinger             = (*stmtCacheConn)(nil)
	_ driver.SessionResetter    = (*stmtCacheConn)(nil)
	_ driver.Validator          = (*stmtCacheConn)(nil)
)

type stmtCacheConn struct {
	inner driver.Conn
	stmts map[string]*cachedStmt
}

type cachedStmt struct {
	stmt driver.Stmt
	busy bool
}

// take returns the connection's prepared statement for query, marked
// busy, or nil where the query is to be run as it is: a script of
// several statements, one that does not prepare (its error is then
// reported by the plain run), or one already busy.
func (c *stmtCacheConn) take(ctx context.Context, query string) *cachedStmt {
	if strings.Contains(query, ";") {
		return nil
	}
	cs := c.stmts[query]
	if cs == nil {
		if len(c.stmts) >= maxCachedStmts {
			c.evict()
		}
		st, err := c.inner.(driver.ConnPrepareContext).PrepareContext(ctx, query)
		if err != nil {
			return nil
		}
		stmtsPrepared.Add(1)
		cs = &cachedStmt{stmt: st}
		c.stmts[query] = cs
	}
	if cs.busy {
		return nil
	}
	cs.busy = true
	return cs
}

// evict closes the statements not in use, so that a connection that saw
// many distinct texts starts its cache again.
func (c *stmtCacheConn) evict() {
	for q, cs := range c.stmts {
		if !cs.busy {
			cs.stmt.Close()
			delete(c.stmts, q)
		}
	}
}

func (c *stmtCacheConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	cs := c.take(ctx, query)
	if cs == nil {
		return c.inner.(driver.QueryerContext).QueryContext(ctx, query, args)
	}
	rows, err := cs.stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		cs.busy = false
		return nil, err
	}
	return &cachedRows{Rows: rows, cs: cs}, nil
}

func (c *stmtCacheConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	cs := c.take(ctx, query)
	if cs == nil {
		return c.inner.(driver.ExecerContext).ExecContext(ctx, query, args)
	}
	defer func() { cs.busy = false }()
	return cs.stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

// cachedRows frees its statement for the next run when closed; the
// driver's rows reset the statement rather than finalise it.
type cachedRows struct {
	driver.Rows
	cs *cachedStmt
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	r.cs.busy = false
	return err
}

func (c *stmtCacheConn) Prepare(query string) (driver.Stmt, error) { return c.inner.Prepare(query) }

func (c *stmtCacheConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.inner.(driver.ConnPrepareContext).PrepareContext(ctx, query)
}

func (c *stmtCacheConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *stmtCacheConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.inner.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *stmtCacheConn) Close() error {
	for _, cs := range c.stmts {
		cs.stmt.Close()
	}
	c.stmts = nil
	return c.inner.Close()
}

func (c *stmtCacheConn) Ping(ctx context.Context) error {
	return c.inner.(driver.Pinger).Ping(ctx)
}

func (c *stmtCacheConn) ResetSession(ctx context.Context) error {
	return c.inner.(driver.SessionResetter).ResetSession(ctx)
}

func (c *stmtCacheConn) IsValid() bool { return c.inner.(driver.Validator).IsValid() }
