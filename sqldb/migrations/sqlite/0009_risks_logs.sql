-- Risks, decision logs and communications logs (issue 9). Texts people
-- write here (a risk's description, a decision, an audience) are JSON
-- objects by language, as on the gates: shown, never searched or sorted
-- by. A risk keeps its score (probability × impact, 0 while it is not
-- assessed: probability and impact 0) for sorting, and the
-- status report it was raised from as a plain id (report_id; the reports'
-- migration links it). The heat map counts a portfolio's risks in one
-- grouped query over risks_heat, reached from projects(portfolio_id).
CREATE TABLE risks (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMP NOT NULL,
	updated_at      TIMESTAMP NOT NULL,
	project_id      INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	work_package_id INTEGER REFERENCES work_packages(id) ON DELETE SET NULL,
	report_id       INTEGER,
	description     TEXT NOT NULL,
	cause           TEXT NOT NULL DEFAULT '{}',
	consequence     TEXT NOT NULL DEFAULT '{}',
	probability     INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 5),
	impact          INTEGER NOT NULL CHECK (impact BETWEEN 0 AND 5),
	score           INTEGER NOT NULL,
	owner_id        INTEGER REFERENCES people(id) ON DELETE SET NULL,
	mitigation      TEXT NOT NULL DEFAULT '{}',
	status          TEXT NOT NULL,
	review_date     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX risks_project ON risks(project_id, score DESC, id);
CREATE INDEX risks_heat ON risks(project_id, probability, impact) WHERE status <> 'closed';
CREATE INDEX risks_review ON risks(review_date, project_id) WHERE status <> 'closed' AND review_date <> '';
CREATE INDEX risks_owner ON risks(owner_id);
CREATE INDEX risks_work_package ON risks(work_package_id);

CREATE TABLE decision_entries (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	version      INTEGER NOT NULL DEFAULT 1,
	created_at   TIMESTAMP NOT NULL,
	updated_at   TIMESTAMP NOT NULL,
	project_id   INTEGER REFERENCES projects(id) ON DELETE CASCADE,
	portfolio_id INTEGER REFERENCES portfolios(id) ON DELETE CASCADE,
	decided_on   TEXT NOT NULL,
	decided_by   TEXT NOT NULL DEFAULT '{}',
	decision     TEXT NOT NULL,
	who          TEXT NOT NULL DEFAULT '',
	who_id       INTEGER REFERENCES people(id) ON DELETE SET NULL,
	minutes_url  TEXT NOT NULL DEFAULT '',
	CHECK ((project_id IS NULL) <> (portfolio_id IS NULL))
);
CREATE INDEX decision_entries_project ON decision_entries(project_id, decided_on, id) WHERE project_id IS NOT NULL;
CREATE INDEX decision_entries_portfolio ON decision_entries(portfolio_id, decided_on, id) WHERE portfolio_id IS NOT NULL;
CREATE INDEX decision_entries_who ON decision_entries(who_id);

CREATE TABLE comms_entries (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMP NOT NULL,
	updated_at      TIMESTAMP NOT NULL,
	project_id      INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	work_package_id INTEGER REFERENCES work_packages(id) ON DELETE SET NULL,
	on_day          TEXT NOT NULL DEFAULT '',
	start_month     INTEGER,
	end_month       INTEGER,
	sort_day        TEXT NOT NULL,
	channel         TEXT NOT NULL,
	scope           TEXT NOT NULL,
	audience        TEXT NOT NULL DEFAULT '{}',
	subject         TEXT NOT NULL,
	link            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX comms_entries_project ON comms_entries(project_id, sort_day, id);
CREATE INDEX comms_entries_work_package ON comms_entries(work_package_id);
