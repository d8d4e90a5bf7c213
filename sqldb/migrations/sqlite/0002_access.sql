-- People and access: users, sessions, API tokens, role grants, login
-- throttling and settings.
CREATE TABLE users (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	version       INTEGER NOT NULL DEFAULT 1,
	created_at    TIMESTAMP NOT NULL,
	updated_at    TIMESTAMP NOT NULL,
	email         TEXT NOT NULL UNIQUE,
	name          TEXT NOT NULL,
	admin         BOOLEAN NOT NULL DEFAULT FALSE,
	disabled      BOOLEAN NOT NULL DEFAULT FALSE,
	password_hash TEXT NOT NULL DEFAULT '',
	oidc_issuer   TEXT,
	oidc_subject  TEXT,
	last_login_at TIMESTAMP,
	search_text   TEXT NOT NULL DEFAULT '',
	UNIQUE (oidc_issuer, oidc_subject)
);

CREATE TABLE sessions (
	secret_hash  TEXT PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf         TEXT NOT NULL,
	created_at   TIMESTAMP NOT NULL,
	last_seen_at TIMESTAMP NOT NULL,
	expires_at   TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	name         TEXT NOT NULL,
	prefix       TEXT NOT NULL UNIQUE,
	secret_hash  TEXT NOT NULL,
	created_at   TIMESTAMP NOT NULL,
	last_used_at TIMESTAMP,
	revoked_at   TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE grants (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	role         TEXT NOT NULL,
	portfolio_id INTEGER REFERENCES portfolios(id) ON DELETE CASCADE,
	project_id   INTEGER REFERENCES projects(id) ON DELETE CASCADE,
	created_at   TIMESTAMP NOT NULL
);
CREATE INDEX grants_user ON grants(user_id);
CREATE UNIQUE INDEX grants_unique ON grants(user_id, role, COALESCE(portfolio_id, 0), COALESCE(project_id, 0));

CREATE TABLE login_failures (
	id  INTEGER PRIMARY KEY AUTOINCREMENT,
	key TEXT NOT NULL,
	at  TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_actor ON audit_log(actor_id);
