package sqldb

import "database/sql"

// SQL is the raw connection pool, for the benchmark's bare handlers only
// ("salkku bench" measures each read against a handler that runs the
// best query for its view with nothing around it). It checks no caller
// and writes no audit row: never use it for a feature.
func (d *DB) SQL() *sql.DB { return d.db }
