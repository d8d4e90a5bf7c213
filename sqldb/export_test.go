package sqldb

import "database/sql"

// SQLDB exposes the pool to the store's own tests, which need to reach
// under the methods: hold a lock, break a table, read the pool's counters.
func SQLDB(d *DB) *sql.DB { return d.db }
