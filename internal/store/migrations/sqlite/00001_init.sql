-- Granska monitoring schema, version 1 (SQLite). The Postgres file of the
-- same number creates the same tables; only the id and blob types differ.
-- Times are BIGINT microseconds since 1970 UTC (0: none); booleans INTEGER
-- 0/1; lists and settings are JSON text.

-- +goose Up
CREATE TABLE orgs (
	id      INTEGER PRIMARY KEY AUTOINCREMENT,
	name    TEXT    NOT NULL UNIQUE,
	created BIGINT  NOT NULL
);
CREATE TABLE users (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	email         TEXT    NOT NULL UNIQUE,
	name          TEXT    NOT NULL,
	password_hash TEXT    NOT NULL,
	created       BIGINT  NOT NULL
);
CREATE TABLE memberships (
	org_id  BIGINT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
	user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	role    TEXT   NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
	PRIMARY KEY (org_id, user_id)
);
CREATE INDEX memberships_user ON memberships(user_id);
CREATE TABLE sessions (
	id_hash TEXT   NOT NULL PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf    TEXT   NOT NULL,
	created BIGINT NOT NULL,
	expires BIGINT NOT NULL
);
CREATE INDEX sessions_expires ON sessions(expires);
CREATE TABLE tokens (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id    BIGINT  NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
	name      TEXT    NOT NULL,
	hash      TEXT    NOT NULL UNIQUE,
	role      TEXT    NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
	created   BIGINT  NOT NULL,
	last_used BIGINT  NOT NULL DEFAULT 0
);
CREATE TABLE sites (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id        BIGINT  NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
	name          TEXT    NOT NULL,
	url_key       TEXT    NOT NULL,
	urls          TEXT    NOT NULL,
	scope         TEXT    NOT NULL,
	sample        TEXT    NOT NULL,
	schedule      TEXT    NOT NULL,
	lang          TEXT    NOT NULL,
	public_sector INTEGER NOT NULL,
	alerts        TEXT    NOT NULL,
	retain        INTEGER NOT NULL,
	next_run      BIGINT  NOT NULL,
	created       BIGINT  NOT NULL,
	updated       BIGINT  NOT NULL,
	UNIQUE (org_id, url_key)
);
CREATE TABLE runs (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	site_id        BIGINT  NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
	status         TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
	trigger_kind   TEXT    NOT NULL,
	slot           BIGINT  NOT NULL,
	reason         TEXT    NOT NULL,
	queued         BIGINT  NOT NULL,
	started        BIGINT  NOT NULL,
	finished       BIGINT  NOT NULL,
	counts         TEXT    NOT NULL,
	failed         INTEGER NOT NULL DEFAULT 0,
	evidence_bytes BIGINT  NOT NULL,
	pruned         INTEGER NOT NULL
);
CREATE INDEX runs_site ON runs(site_id, id);
-- The sparkline reads this index only.
CREATE INDEX runs_spark ON runs(site_id, status, id, failed);
CREATE UNIQUE INDEX runs_one_active ON runs(site_id) WHERE status IN ('queued', 'running');
CREATE UNIQUE INDEX runs_slot ON runs(site_id, slot) WHERE slot <> 0;
CREATE TABLE pages (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	run_id    BIGINT  NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
	url       TEXT    NOT NULL,
	template  TEXT    NOT NULL,
	status    INTEGER NOT NULL,
	error     TEXT    NOT NULL,
	failed    INTEGER NOT NULL,
	cant_tell INTEGER NOT NULL,
	result    TEXT,
	recorded  BIGINT  NOT NULL,
	UNIQUE (run_id, url)
);
CREATE TABLE run_state (
	run_id BIGINT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
	name   TEXT   NOT NULL,
	data   BLOB   NOT NULL,
	PRIMARY KEY (run_id, name)
);
CREATE TABLE findings (
	run_id      BIGINT  NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
	fingerprint TEXT    NOT NULL,
	rule        TEXT    NOT NULL,
	code        TEXT    NOT NULL,
	outcome     TEXT    NOT NULL,
	impact      TEXT    NOT NULL,
	wcag        TEXT    NOT NULL,
	en          TEXT    NOT NULL,
	message     TEXT    NOT NULL,
	message_sv  TEXT    NOT NULL,
	selector    TEXT    NOT NULL,
	snippet     TEXT    NOT NULL,
	crop        TEXT    NOT NULL,
	occurrences INTEGER NOT NULL,
	pages       TEXT    NOT NULL,
	state       TEXT    NOT NULL,
	issue_id    BIGINT  NOT NULL,
	PRIMARY KEY (run_id, fingerprint)
);
CREATE INDEX findings_issue ON findings(issue_id, run_id);
CREATE TABLE issues (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	site_id     BIGINT  NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
	fingerprint TEXT    NOT NULL,
	rule        TEXT    NOT NULL,
	impact      TEXT    NOT NULL,
	state       TEXT    NOT NULL CHECK (state IN ('new', 'recurring', 'fixed', 'reopened')),
	state_run   BIGINT  NOT NULL,
	first_seen  BIGINT  NOT NULL,
	last_seen   BIGINT  NOT NULL,
	UNIQUE (site_id, fingerprint)
);
CREATE INDEX issues_state ON issues(site_id, state, state_run);
CREATE TABLE issue_events (
	issue_id BIGINT NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
	run_id   BIGINT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
	state    TEXT   NOT NULL,
	PRIMARY KEY (issue_id, run_id)
);
CREATE TABLE blobs (
	run_id       BIGINT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
	name         TEXT   NOT NULL,
	content_type TEXT   NOT NULL,
	size         BIGINT NOT NULL,
	data         BLOB   NOT NULL,
	created      BIGINT NOT NULL,
	PRIMARY KEY (run_id, name)
);

-- +goose Down
DROP TABLE blobs;
DROP TABLE issue_events;
DROP TABLE issues;
DROP TABLE findings;
DROP TABLE run_state;
DROP TABLE pages;
DROP TABLE runs;
DROP TABLE sites;
DROP TABLE tokens;
DROP TABLE sessions;
DROP TABLE memberships;
DROP TABLE users;
DROP TABLE orgs;
