-- The project model and its gates (issue 8). Each organisation keeps its
-- life-cycle model in versions; a version's phases, gates, checklists and
-- tasks are one JSON document (content), with every text as an object by
-- language, because a version is read whole and frozen once published.
-- A project follows one version (model_id) and stands in one of its
-- phases (phase) before one of its gates (next_gate, '' once past the
-- last or stopped). Texts written on a project's gates (reasons, notes,
-- minutes, conditions) are JSON objects by language too: they are shown,
-- never searched or sorted. The Go step gives every organisation the
-- built-in model and places every project by its status.
CREATE TABLE lifecycle_models (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMP NOT NULL,
	updated_at      TIMESTAMP NOT NULL,
	organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
	number          INTEGER NOT NULL,
	content         TEXT NOT NULL,
	published_at    TIMESTAMP,
	UNIQUE (organisation_id, number)
);

ALTER TABLE projects ADD COLUMN model_id INTEGER REFERENCES lifecycle_models(id);
ALTER TABLE projects ADD COLUMN phase TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN next_gate TEXT NOT NULL DEFAULT '';
CREATE INDEX projects_phase ON projects(portfolio_id, model_id, phase);
CREATE INDEX projects_model ON projects(model_id);

CREATE TABLE steering_members (
	project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	role       TEXT NOT NULL,
	position   INTEGER NOT NULL,
	PRIMARY KEY (project_id, person_id)
);
CREATE INDEX steering_members_person ON steering_members(person_id);

CREATE TABLE check_marks (
	project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	item_key   TEXT NOT NULL,
	state      TEXT NOT NULL,
	reason     TEXT NOT NULL DEFAULT '{}',
	marked_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
	marked_by_name TEXT NOT NULL DEFAULT '',
	marked_at  TIMESTAMP NOT NULL,
	PRIMARY KEY (project_id, item_key)
);

CREATE TABLE deliverable_links (
	project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	item_key   TEXT NOT NULL,
	url        TEXT NOT NULL,
	added_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
	added_at   TIMESTAMP NOT NULL,
	PRIMARY KEY (project_id, item_key)
);

-- A request stays open until a decision or a cancel closes it; a project
-- has at most one open request.
CREATE TABLE gate_requests (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	project_id   INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	gate         TEXT NOT NULL,
	level        TEXT NOT NULL,
	planned_for  TEXT NOT NULL DEFAULT '',
	note         TEXT NOT NULL DEFAULT '{}',
	requested_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	requested_by_name TEXT NOT NULL DEFAULT '',
	requested_at TIMESTAMP NOT NULL,
	closed_at    TIMESTAMP
);
CREATE UNIQUE INDEX gate_requests_open ON gate_requests(project_id) WHERE closed_at IS NULL;
CREATE INDEX gate_requests_project ON gate_requests(project_id, id);

CREATE TABLE gate_decisions (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	model_id    INTEGER NOT NULL REFERENCES lifecycle_models(id),
	gate        TEXT NOT NULL,
	decided_on  TEXT NOT NULL,
	level       TEXT NOT NULL,
	decision    TEXT NOT NULL,
	minutes     TEXT NOT NULL DEFAULT '{}',
	minutes_url TEXT NOT NULL DEFAULT '',
	from_phase  TEXT NOT NULL,
	from_gate   TEXT NOT NULL,
	to_phase    TEXT NOT NULL,
	to_gate     TEXT NOT NULL,
	recorded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	recorded_by_name TEXT NOT NULL DEFAULT '',
	recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX gate_decisions_project ON gate_decisions(project_id, id);

CREATE TABLE gate_conditions (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	decision_id INTEGER NOT NULL REFERENCES gate_decisions(id) ON DELETE CASCADE,
	project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	position    INTEGER NOT NULL,
	text        TEXT NOT NULL,
	item_key    TEXT NOT NULL DEFAULT '',
	owner_id    INTEGER REFERENCES people(id) ON DELETE SET NULL,
	due         TEXT NOT NULL DEFAULT '',
	met_at      TIMESTAMP,
	met_by      INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX gate_conditions_decision ON gate_conditions(decision_id, position);
CREATE INDEX gate_conditions_open ON gate_conditions(due, project_id) WHERE met_at IS NULL AND due <> '';

CREATE TABLE gate_events (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	kind        TEXT NOT NULL,
	gate        TEXT NOT NULL DEFAULT '',
	from_phase  TEXT NOT NULL DEFAULT '',
	from_gate   TEXT NOT NULL DEFAULT '',
	to_phase    TEXT NOT NULL DEFAULT '',
	to_gate     TEXT NOT NULL DEFAULT '',
	model_id    INTEGER REFERENCES lifecycle_models(id),
	decision_id INTEGER REFERENCES gate_decisions(id) ON DELETE CASCADE,
	at          TIMESTAMP NOT NULL,
	by_user     INTEGER REFERENCES users(id) ON DELETE SET NULL,
	by_name     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX gate_events_project ON gate_events(project_id, id);

-- The people who hold a model role on a project where no field of the
-- project says who does (arkkitehti, toteutustiimi, tuotantotiimi).
CREATE TABLE project_role_people (
	project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	role_key   TEXT NOT NULL,
	person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	position   INTEGER NOT NULL,
	PRIMARY KEY (project_id, role_key, person_id)
);
CREATE INDEX project_role_people_person ON project_role_people(person_id);
