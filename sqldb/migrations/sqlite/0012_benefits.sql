-- Benefits, their measurements and projects' life-cycle profitability
-- (issue 10). A benefit's texts (description, metric) and a measurement's
-- note are JSON objects by language, as on the risks. Numbers are
-- integers in hundredths (a money benefit's are cents), never floats. A
-- benefit keeps its latest measurement (by date, then id) and the number
-- of its measurements, rewritten with each measurement's change, so that
-- lists show expected vs realised and find the benefits past their
-- target date with no measurement after it without a query per row.
CREATE TABLE benefits (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMP NOT NULL,
	updated_at      TIMESTAMP NOT NULL,
	project_id      INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	work_package_id INTEGER REFERENCES work_packages(id) ON DELETE SET NULL,
	description     TEXT NOT NULL,
	kind            TEXT NOT NULL,
	metric          TEXT NOT NULL DEFAULT '{}',
	unit            TEXT NOT NULL DEFAULT '',
	baseline        INTEGER,
	target          INTEGER,
	target_date     TEXT NOT NULL DEFAULT '',
	owner_id        INTEGER REFERENCES people(id) ON DELETE SET NULL,
	latest_id       INTEGER,
	latest_on       TEXT NOT NULL DEFAULT '',
	measurements    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX benefits_project ON benefits(project_id, target_date, id);
CREATE INDEX benefits_unverified ON benefits(target_date, project_id) WHERE target_date <> '';
CREATE INDEX benefits_owner ON benefits(owner_id);
CREATE INDEX benefits_work_package ON benefits(work_package_id);

CREATE TABLE benefit_measurements (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	version     INTEGER NOT NULL DEFAULT 1,
	created_at  TIMESTAMP NOT NULL,
	updated_at  TIMESTAMP NOT NULL,
	benefit_id  INTEGER NOT NULL REFERENCES benefits(id) ON DELETE CASCADE,
	measured_on TEXT NOT NULL,
	value       INTEGER NOT NULL,
	note        TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX benefit_measurements_benefit ON benefit_measurements(benefit_id, measured_on, id);

-- One calculation a project: the investment in year 0, the discount rate
-- in basis points, and a row a year (1…years) of running costs and
-- savings in cents.
CREATE TABLE project_profitability (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	version    INTEGER NOT NULL DEFAULT 1,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	project_id INTEGER NOT NULL UNIQUE REFERENCES projects(id) ON DELETE CASCADE,
	investment INTEGER NOT NULL CHECK (investment >= 0),
	years      INTEGER NOT NULL CHECK (years BETWEEN 1 AND 30),
	rate       INTEGER NOT NULL CHECK (rate BETWEEN 0 AND 10000)
);

CREATE TABLE project_profitability_years (
	profitability_id INTEGER NOT NULL REFERENCES project_profitability(id) ON DELETE CASCADE,
	year             INTEGER NOT NULL CHECK (year BETWEEN 1 AND 30),
	costs            INTEGER NOT NULL CHECK (costs >= 0),
	savings          INTEGER NOT NULL CHECK (savings >= 0),
	PRIMARY KEY (profitability_id, year)
);
