-- Feedback on accessibility, sent through the accessibility statement's
-- form by anyone, signed in or not. The sender's name and e-mail are kept
-- here only. How often an address sends is counted in login_failures,
-- under the key "feedback:ADDR".
CREATE TABLE feedback (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	created_at      TIMESTAMP NOT NULL,
	message         TEXT NOT NULL,
	sender_name     TEXT NOT NULL DEFAULT '',
	sender_email    TEXT NOT NULL DEFAULT '',
	page_url        TEXT NOT NULL DEFAULT '',
	lang            TEXT NOT NULL DEFAULT '',
	handled_at      TIMESTAMP,
	handled_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
	handled_by_name TEXT NOT NULL DEFAULT ''
);
