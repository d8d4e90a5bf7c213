-- The portfolio register: organisations, people, portfolios, categories,
-- projects and their work packages, and the audit log.
CREATE TABLE organisations (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	version     INTEGER NOT NULL DEFAULT 1,
	created_at  TIMESTAMP NOT NULL,
	updated_at  TIMESTAMP NOT NULL,
	name        TEXT NOT NULL,
	business_id TEXT NOT NULL DEFAULT ''
);

CREATE TABLE people (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMP NOT NULL,
	updated_at      TIMESTAMP NOT NULL,
	organisation_id INTEGER REFERENCES organisations(id),
	name            TEXT NOT NULL,
	email           TEXT NOT NULL DEFAULT '',
	title           TEXT NOT NULL DEFAULT '',
	search_text     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX people_organisation ON people(organisation_id);

CREATE TABLE portfolios (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMP NOT NULL,
	updated_at      TIMESTAMP NOT NULL,
	organisation_id INTEGER NOT NULL REFERENCES organisations(id),
	parent_id       INTEGER REFERENCES portfolios(id),
	name            TEXT NOT NULL,
	description     TEXT NOT NULL DEFAULT '',
	owner_id        INTEGER REFERENCES people(id)
);
CREATE INDEX portfolios_organisation ON portfolios(organisation_id);
CREATE INDEX portfolios_parent ON portfolios(parent_id);

CREATE TABLE portfolio_board (
	portfolio_id INTEGER NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
	person_id    INTEGER NOT NULL REFERENCES people(id),
	position     INTEGER NOT NULL,
	PRIMARY KEY (portfolio_id, person_id)
);
CREATE INDEX portfolio_board_person ON portfolio_board(person_id);

CREATE TABLE categories (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	version      INTEGER NOT NULL DEFAULT 1,
	created_at   TIMESTAMP NOT NULL,
	updated_at   TIMESTAMP NOT NULL,
	portfolio_id INTEGER NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
	name         TEXT NOT NULL,
	description  TEXT NOT NULL DEFAULT '',
	position     INTEGER NOT NULL
);
CREATE INDEX categories_portfolio ON categories(portfolio_id, position);

CREATE TABLE projects (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TIMESTAMP NOT NULL,
	updated_at       TIMESTAMP NOT NULL,
	portfolio_id     INTEGER NOT NULL REFERENCES portfolios(id),
	category_id      INTEGER REFERENCES categories(id),
	code             TEXT NOT NULL,
	code_sort        TEXT NOT NULL,
	name             TEXT NOT NULL,
	description      TEXT NOT NULL DEFAULT '',
	owner_id         INTEGER REFERENCES people(id),
	manager_id       INTEGER REFERENCES people(id),
	service_owner_id INTEGER REFERENCES people(id),
	vendors          TEXT NOT NULL DEFAULT '[]',
	start_month      INTEGER,
	end_month        INTEGER,
	continuous       BOOLEAN NOT NULL DEFAULT FALSE,
	mandatory        BOOLEAN NOT NULL DEFAULT FALSE,
	tags             TEXT NOT NULL DEFAULT '[]',
	status           TEXT NOT NULL,
	search_text      TEXT NOT NULL DEFAULT '',
	UNIQUE (portfolio_id, code)
);
CREATE INDEX projects_category ON projects(category_id);
CREATE INDEX projects_portfolio_sort ON projects(portfolio_id, code_sort);
CREATE INDEX projects_owner ON projects(owner_id);
CREATE INDEX projects_manager ON projects(manager_id);
CREATE INDEX projects_service_owner ON projects(service_owner_id);

CREATE TABLE work_packages (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	version     INTEGER NOT NULL DEFAULT 1,
	created_at  TIMESTAMP NOT NULL,
	updated_at  TIMESTAMP NOT NULL,
	project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	parent_id   INTEGER REFERENCES work_packages(id) ON DELETE CASCADE,
	code        TEXT NOT NULL DEFAULT '',
	name        TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	tags        TEXT NOT NULL DEFAULT '[]',
	position    INTEGER NOT NULL
);
CREATE INDEX work_packages_project ON work_packages(project_id, position);
CREATE INDEX work_packages_parent ON work_packages(parent_id);

CREATE TABLE work_package_people (
	work_package_id INTEGER NOT NULL REFERENCES work_packages(id) ON DELETE CASCADE,
	person_id       INTEGER NOT NULL REFERENCES people(id),
	position        INTEGER NOT NULL,
	PRIMARY KEY (work_package_id, person_id)
);
CREATE INDEX work_package_people_person ON work_package_people(person_id);

-- The audit log is only ever inserted into.
CREATE TABLE audit_log (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	at          TIMESTAMP NOT NULL,
	actor_id    INTEGER,
	actor_name  TEXT NOT NULL DEFAULT '',
	action      TEXT NOT NULL,
	entity      TEXT NOT NULL,
	entity_id   INTEGER NOT NULL,
	project_id  INTEGER,
	before_json TEXT,
	after_json  TEXT
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_log_project ON audit_log(project_id);
