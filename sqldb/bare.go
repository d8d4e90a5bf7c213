package sqldb

import "database/sql"

// RawPool is the database's raw connection pool, for the benchmark's bare
// handlers only ("salkku bench" measures each API read against a handler
// that runs the best query for its view with nothing around it). It
// checks no caller and writes no audit row: never use it for a feature.
//
// It is a function, not a method of DB, so that it is no part of the
// store's method set: TestStoreRefusesNoCaller, which calls every method
// without a caller, need not list it, and no interface can offer it.
func RawPool(d *DB) *sql.DB { return d.db }
