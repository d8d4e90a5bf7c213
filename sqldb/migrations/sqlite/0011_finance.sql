-- Finance (issue 10): cost categories per organisation, budget revisions
-- with their lines, actuals per month, funding with payment applications,
-- and the roll-ups the follow-up pages read. Money is INTEGER cents.
--
-- finance_totals holds each project's budget, original budget, actuals and
-- forecast per category; portfolio_finance the same summed over a
-- portfolio and all its sub-portfolios. Both are rewritten in the
-- transaction of every write that changes them (sqldb/finance.go,
-- refreshFinance), so a national roll-up reads a handful of rows.
CREATE TABLE cost_categories (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMP NOT NULL,
	updated_at      TIMESTAMP NOT NULL,
	organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
	name            TEXT NOT NULL,
	position        INTEGER NOT NULL,
	accounts        TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX cost_categories_organisation ON cost_categories(organisation_id, position, id);

-- Every organisation starts with seed 002's categories, named in the
-- content languages it uses (languages is "fi,sv,en" or a part of it).
INSERT INTO cost_categories (created_at, updated_at, organisation_id, name, position)
SELECT o.created_at, o.created_at, o.id,
	'{' || substr(
		CASE WHEN ',' || o.languages || ',' LIKE '%,fi,%' THEN ',"fi":"' || d.column2 || '"' ELSE '' END ||
		CASE WHEN ',' || o.languages || ',' LIKE '%,sv,%' THEN ',"sv":"' || d.column3 || '"' ELSE '' END ||
		CASE WHEN ',' || o.languages || ',' LIKE '%,en,%' THEN ',"en":"' || d.column4 || '"' ELSE '' END, 2) || '}',
	d.column1
FROM organisations o, (VALUES
	(1, 'Henkilöstömenot', 'Personalkostnader', 'Personnel costs'),
	(2, 'Palvelujen ostot', 'Köp av tjänster', 'Purchases of services'),
	(3, 'Aineet, tarvikkeet ja tavarat', 'Material, förnödenheter och varor', 'Materials, supplies and goods'),
	(4, 'Vuokrat', 'Hyror', 'Rents'),
	(5, 'Muut menot', 'Övriga utgifter', 'Other expenses'),
	(6, 'Investointimenot', 'Investeringsutgifter', 'Capital expenditure')) AS d;

CREATE TABLE budget_revisions (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	number     INTEGER NOT NULL,
	date       TEXT NOT NULL,
	reason     TEXT NOT NULL DEFAULT '{}',
	total      INTEGER NOT NULL,
	created_at TIMESTAMP NOT NULL,
	created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	UNIQUE (project_id, number)
);

CREATE TABLE budget_lines (
	revision_id     INTEGER NOT NULL REFERENCES budget_revisions(id) ON DELETE CASCADE,
	work_package_id INTEGER REFERENCES work_packages(id) ON DELETE SET NULL,
	category_id     INTEGER NOT NULL REFERENCES cost_categories(id),
	year            INTEGER NOT NULL,
	amount          INTEGER NOT NULL
);
CREATE INDEX budget_lines_revision ON budget_lines(revision_id);
CREATE INDEX budget_lines_category ON budget_lines(category_id);
CREATE INDEX budget_lines_work_package ON budget_lines(work_package_id);

CREATE TABLE actuals (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMP NOT NULL,
	updated_at      TIMESTAMP NOT NULL,
	project_id      INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	work_package_id INTEGER REFERENCES work_packages(id) ON DELETE SET NULL,
	category_id     INTEGER NOT NULL REFERENCES cost_categories(id),
	month           INTEGER NOT NULL,
	amount          INTEGER NOT NULL,
	description     TEXT NOT NULL DEFAULT '',
	import_id       INTEGER,
	source_key      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX actuals_project ON actuals(project_id, month DESC, id DESC);
CREATE UNIQUE INDEX actuals_source ON actuals(project_id, source_key) WHERE source_key <> '';
CREATE INDEX actuals_category ON actuals(category_id);
CREATE INDEX actuals_work_package ON actuals(work_package_id);

CREATE TABLE finance_settings (
	project_id      INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
	version         INTEGER NOT NULL DEFAULT 1,
	actuals_through TEXT NOT NULL DEFAULT '',
	forecast_mode   TEXT NOT NULL DEFAULT 'run_rate',
	forecast        TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE fundings (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TIMESTAMP NOT NULL,
	updated_at       TIMESTAMP NOT NULL,
	project_id       INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	kind             TEXT NOT NULL,
	name             TEXT NOT NULL,
	amount           INTEGER,
	share            INTEGER NOT NULL DEFAULT 0,
	decision_number  TEXT NOT NULL DEFAULT '',
	decision_date    TEXT NOT NULL DEFAULT '',
	granted          INTEGER,
	eligible_from    TEXT NOT NULL DEFAULT '',
	eligible_to      TEXT NOT NULL DEFAULT '',
	final_report_due TEXT NOT NULL DEFAULT ''
);
CREATE INDEX fundings_project ON fundings(project_id, id);

CREATE TABLE payment_applications (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	version     INTEGER NOT NULL DEFAULT 1,
	created_at  TIMESTAMP NOT NULL,
	updated_at  TIMESTAMP NOT NULL,
	funding_id  INTEGER NOT NULL REFERENCES fundings(id) ON DELETE CASCADE,
	number      INTEGER NOT NULL,
	period_from TEXT NOT NULL DEFAULT '',
	period_to   TEXT NOT NULL DEFAULT '',
	due         TEXT NOT NULL DEFAULT '',
	submitted   TEXT NOT NULL DEFAULT '',
	applied     INTEGER,
	received    INTEGER,
	status      TEXT NOT NULL,
	note        TEXT NOT NULL DEFAULT '{}',
	UNIQUE (funding_id, number)
);

CREATE TABLE finance_totals (
	project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	category_id INTEGER NOT NULL REFERENCES cost_categories(id) ON DELETE CASCADE,
	budget      INTEGER NOT NULL,
	original    INTEGER NOT NULL,
	actual      INTEGER NOT NULL,
	forecast    INTEGER NOT NULL,
	PRIMARY KEY (project_id, category_id)
);

CREATE TABLE portfolio_finance (
	portfolio_id INTEGER NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
	category_id  INTEGER NOT NULL REFERENCES cost_categories(id) ON DELETE CASCADE,
	budget       INTEGER NOT NULL,
	original     INTEGER NOT NULL,
	actual       INTEGER NOT NULL,
	forecast     INTEGER NOT NULL,
	PRIMARY KEY (portfolio_id, category_id)
);

CREATE TABLE actual_imports (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
	created_at      TIMESTAMP NOT NULL,
	created_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
	file_name       TEXT NOT NULL,
	row_count       INTEGER NOT NULL,
	created         INTEGER NOT NULL,
	updated         INTEGER NOT NULL,
	unchanged       INTEGER NOT NULL
);
CREATE INDEX actual_imports_organisation ON actual_imports(organisation_id, id DESC);

CREATE TABLE import_mappings (
	organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
	kind            TEXT NOT NULL,
	mapping         TEXT NOT NULL,
	PRIMARY KEY (organisation_id, kind)
);

-- Uploaded files between the steps of an import (mapping, preview,
-- apply), so that any instance serves each step; a day old, they go.
CREATE TABLE import_files (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
	kind            TEXT NOT NULL,
	name            TEXT NOT NULL,
	content         BLOB NOT NULL,
	created_at      TIMESTAMP NOT NULL,
	created_by      INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX import_files_created ON import_files(created_at);
