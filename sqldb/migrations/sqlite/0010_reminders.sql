-- E-mail reminders of status reports, one row per reminder claimed for
-- sending: the unique key makes each reminder go once, whichever instance
-- of Salkku claims it first (INSERT … ON CONFLICT DO NOTHING); a failed
-- one is taken back for a retry by an UPDATE that only one instance wins.
-- work_package_id is 0 for a project's own report. The person's name and
-- address are kept as they were when it went, for the log.
CREATE TABLE reminders (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	project_id      INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	work_package_id INTEGER NOT NULL DEFAULT 0,
	due_date        TEXT NOT NULL,
	kind            TEXT NOT NULL,
	person_id       INTEGER NOT NULL,
	person_name     TEXT NOT NULL DEFAULT '',
	email           TEXT NOT NULL,
	lang            TEXT NOT NULL,
	status          TEXT NOT NULL,
	error           TEXT NOT NULL DEFAULT '',
	attempts        INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMP NOT NULL,
	attempted_at    TIMESTAMP NOT NULL,
	sent_at         TIMESTAMP,
	UNIQUE (project_id, work_package_id, due_date, kind, person_id)
);
CREATE INDEX reminders_status ON reminders(status, attempts);

-- The interface language a user last chose (fi, sv, en; '' when never):
-- the language of the reminders to their person.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT '';
