-- Background jobs (issue 11): a job is "produce this file the way GET
-- path would for its creator". Runners of every instance share the
-- queue: a runner claims a job with a lease it renews while it works; a
-- job whose lease ran out (its instance died) is taken up by another, at
-- most three attempts in all. The file is kept in parts of 1 MiB in
-- job_chunks, written as each fills and read one by one on download.
CREATE TABLE jobs (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	kind        TEXT NOT NULL,
	method      TEXT NOT NULL,
	path        TEXT NOT NULL,
	lang        TEXT NOT NULL,
	status      TEXT NOT NULL,
	done        INTEGER NOT NULL DEFAULT 0,
	total       INTEGER NOT NULL DEFAULT 0,
	step        TEXT NOT NULL DEFAULT '',
	error       TEXT NOT NULL DEFAULT '',
	result_name TEXT NOT NULL DEFAULT '',
	result_type TEXT NOT NULL DEFAULT '',
	result_size INTEGER NOT NULL DEFAULT 0,
	attempts    INTEGER NOT NULL DEFAULT 0,
	worker      TEXT NOT NULL DEFAULT '',
	lease_until TIMESTAMP,
	created_by  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_at  TIMESTAMP NOT NULL,
	started_at  TIMESTAMP,
	finished_at TIMESTAMP
);
CREATE INDEX jobs_status ON jobs(status, id);
CREATE INDEX jobs_created_by ON jobs(created_by, id);

CREATE TABLE job_chunks (
	job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
	seq    INTEGER NOT NULL,
	data   BLOB NOT NULL,
	PRIMARY KEY (job_id, seq)
);
