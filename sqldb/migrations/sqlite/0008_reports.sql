-- Status reporting (issue 9). A portfolio may have its own reporting
-- cycle; one without follows its nearest ancestor's. A status report is
-- dated; the store files it under the period of the cycle its date falls
-- in (period_start, period_due). unit_id is the work package reporting,
-- 0 for the project itself, so that one index serves both. A submitted
-- report is frozen; a correction is a new row (corrects_id) that
-- supersedes the old one when it is submitted. Texts are JSON objects by
-- language; responsible is a JSON list of {id, name}, so that a frozen
-- report keeps the names it was written with.
CREATE TABLE reporting_cycles (
	portfolio_id INTEGER PRIMARY KEY REFERENCES portfolios(id) ON DELETE CASCADE,
	version      INTEGER NOT NULL DEFAULT 1,
	updated_at   TIMESTAMP NOT NULL,
	kind         TEXT NOT NULL,
	start_date   TEXT NOT NULL,
	end_date     TEXT NOT NULL DEFAULT '',
	dates        TEXT NOT NULL DEFAULT ''
);

CREATE TABLE status_reports (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMP NOT NULL,
	updated_at      TIMESTAMP NOT NULL,
	project_id      INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	work_package_id INTEGER REFERENCES work_packages(id) ON DELETE CASCADE,
	unit_id         INTEGER NOT NULL DEFAULT 0,
	report_date     TEXT NOT NULL,
	period_start    TEXT NOT NULL,
	period_due      TEXT NOT NULL,
	state           TEXT NOT NULL,
	revision        INTEGER NOT NULL DEFAULT 1,
	corrects_id     INTEGER REFERENCES status_reports(id) ON DELETE SET NULL,
	superseded_by   INTEGER REFERENCES status_reports(id) ON DELETE SET NULL,
	responsible     TEXT NOT NULL DEFAULT '[]',
	overall         TEXT NOT NULL DEFAULT '{}',
	achievements    TEXT NOT NULL DEFAULT '{}',
	todo            TEXT NOT NULL DEFAULT '{}',
	deviations      TEXT NOT NULL DEFAULT '{}',
	legend          TEXT NOT NULL DEFAULT '{}',
	tags            TEXT NOT NULL DEFAULT '[]',
	light_overall   TEXT NOT NULL DEFAULT '',
	light_schedule  TEXT NOT NULL DEFAULT '',
	light_cost      TEXT NOT NULL DEFAULT '',
	light_scope     TEXT NOT NULL DEFAULT '',
	light_resources TEXT NOT NULL DEFAULT '',
	submitted_at    TIMESTAMP,
	submitted_by    TEXT NOT NULL DEFAULT '',
	reviewed_at     TIMESTAMP,
	reviewed_by     TEXT NOT NULL DEFAULT '',
	review_note     TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX status_reports_unit ON status_reports(project_id, unit_id, report_date);
CREATE INDEX status_reports_period ON status_reports(project_id, unit_id, period_due, state);
CREATE INDEX status_reports_wp ON status_reports(work_package_id);

-- The roll-up behind the portfolio summary and the due lists, kept in the
-- transaction of each write: for every unit and period, its latest
-- current submitted report with its lights, the lights of its previous
-- period's report (prev_*) and whether any light worsened. portfolio_id
-- follows the project when it moves. projects.reported_due is the latest
-- period any of the project's units has reported for.
CREATE TABLE report_latest (
	project_id     INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	unit_id        INTEGER NOT NULL,
	period_due     TEXT NOT NULL,
	portfolio_id   INTEGER NOT NULL,
	report_id      INTEGER NOT NULL REFERENCES status_reports(id) ON DELETE CASCADE,
	report_date    TEXT NOT NULL,
	state          TEXT NOT NULL,
	lights         TEXT NOT NULL,
	prev_lights    TEXT NOT NULL DEFAULT '',
	light_overall  TEXT NOT NULL,
	worse          INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (project_id, unit_id, period_due)
);
CREATE INDEX report_latest_portfolio ON report_latest(portfolio_id, period_due, light_overall);

ALTER TABLE projects ADD COLUMN reported_due TEXT NOT NULL DEFAULT '';
CREATE INDEX projects_reported ON projects(portfolio_id, reported_due);
