package sqldb

import (
	"context"
	"database/sql"

	"github.com/salkku/salkku"
)

// SQLDB exposes the pool to the store's own tests, which need to reach
// under the methods: hold a lock, break a table, read the pool's counters.
func SQLDB(d *DB) *sql.DB { return d.db }

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
