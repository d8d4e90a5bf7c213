package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/salkku/salkku"
)

// SQLDB exposes the pool to the store's own tests, which need to reach
// under the methods: hold a lock, break a table, read the pool's counters.
func SQLDB(d *DB) *sql.DB { return d.db }

// StmtsPrepared is how many statements SQLite connections have prepared
// into their caches.
func StmtsPrepared() int64 { return stmtsPrepared.Load() }

// CountRows counts a table's rows, for tests that check what a write left.
func (d *DB) CountRows(ctx context.Context, table string) (n int, err error) {
	err = d.read(ctx, func(tx *Tx) error {
		n, err = tx.count(`SELECT COUNT(*) FROM ` + table)
		return err
	})
	return n, err
}

// DueReport is a report due, as the reporting cycles will find them.
type DueReport = dueReport

// RemindersFor finds the reminders of the reports given, as
// FindRemindersDue does for those the reporting cycles find: its tests
// need no cycles.
func (d *DB) RemindersFor(ctx context.Context, reports []DueReport, asOf salkku.Date, beforeDays int) (out []salkku.ReminderDue, err error) {
	err = d.read(ctx, func(tx *Tx) error {
		if err := allow(tx.access().CanSendReminders()); err != nil {
			return err
		}
		out, err = tx.remindersFor(reports, asOf, beforeDays)
		return err
	})
	return out, err
}

// ExplainProjectPage is the query plan of FindProjects' page for f, as
// the engine would run it; on PostgreSQL with sequential scans and sorts
// priced out, so that a plan that still has one has no index to use.
func (d *DB) ExplainProjectPage(ctx context.Context, f salkku.ProjectFilter) (string, error) {
	return d.explainPage(ctx, f, projectPage)
}

// ExplainProjectItemsPage is ExplainProjectPage for FindProjectItems.
func (d *DB) ExplainProjectItemsPage(ctx context.Context, f salkku.ProjectFilter) (string, error) {
	return d.explainPage(ctx, f, projectItemsPage)
}

func (d *DB) explainPage(ctx context.Context, f salkku.ProjectFilter,
	statement func(salkku.ProjectFilter, string, []any, string, []any) (string, []any, error)) (string, error) {
	f.Page = f.Page.Normalize()
	cond, args, order, orderArgs, err := d.projectQuery(ctx, f)
	if err != nil {
		return "", err
	}
	page, pageArgs, err := statement(f, cond, args, order, orderArgs)
	if err != nil {
		return "", err
	}
	var plan []string
	err = d.read(ctx, func(tx *Tx) error {
		explain := "EXPLAIN QUERY PLAN " + page
		if d.dialect.name == "postgres" {
			// A name of its own: a PREPARE outlives a transaction that
			// failed after it, on a connection of the pool.
			name := fmt.Sprintf("salkku_plan_%d", planNames.Add(1))
			// The plan the server runs: the generic one of the statement
			// prepared (see openPostgres), not one for these values.
			for _, set := range []string{"SET LOCAL enable_seqscan = off", "SET LOCAL enable_sort = off",
				"SET LOCAL plan_cache_mode = force_generic_plan", "PREPARE " + name + " AS " + page} {
				if _, err := tx.exec(set); err != nil {
					return err
				}
			}
			defer tx.exec("DEALLOCATE " + name)
			// EXECUTE's values are written out: PostgreSQL does not
			// bind parameters to it.
			explain = "EXPLAIN EXECUTE " + name
			if len(pageArgs) > 0 {
				vals := make([]string, len(pageArgs))
				for i, a := range pageArgs {
					if vals[i], err = sqlLiteral(a); err != nil {
						return err
					}
				}
				explain += "(" + strings.Join(vals, ", ") + ")"
			}
			pageArgs = nil
		}
		rows, err := tx.query(explain, pageArgs...)
		if err != nil {
			return err
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			// SQLite's last column, PostgreSQL's only one, is the step.
			plan = append(plan, fmt.Sprint(vals[len(vals)-1]))
		}
		return rows.Err()
	})
	return strings.Join(plan, "\n"), err
}

// planNames numbers the statements explainPage prepares.
var planNames atomic.Int64

// sqlLiteral writes a statement's argument as an SQL literal.
func sqlLiteral(v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "NULL", nil
	case int, int64, bool:
		return fmt.Sprint(v), nil
	case string:
		return "'" + strings.ReplaceAll(v, "'", "''") + "'", nil
	}
	return "", fmt.Errorf("sqlLiteral: %T", v)
}

// SetItemBatch sets how many stale project items a write rebuilds before
// it commits, and the background drain per transaction. A function, not
// a method, so that it is no part of the store's method set.
func SetItemBatch(d *DB, n int) { d.itemBatch = n }
