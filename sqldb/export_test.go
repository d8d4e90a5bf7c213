package sqldb

import (
	"context"
	"database/sql"
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
