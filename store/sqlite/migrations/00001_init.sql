-- +goose Up
-- Times are INTEGER microseconds since the Unix epoch (UTC), the precision
-- PostgreSQL keeps, so both stores return equal values.
CREATE TABLE sites (
	id                TEXT PRIMARY KEY,
	key               TEXT NOT NULL UNIQUE,
	name              TEXT NOT NULL DEFAULT '',
	allowed_origins   TEXT NOT NULL DEFAULT '[]',
	identity_secret   TEXT NOT NULL DEFAULT '',
	identity_required INTEGER NOT NULL DEFAULT 0,
	created_at        INTEGER NOT NULL
) STRICT;

CREATE TABLE contacts (
	id         TEXT PRIMARY KEY,
	site_id    TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
	segment    TEXT NOT NULL,
	user_id    TEXT NOT NULL DEFAULT '',
	email      TEXT NOT NULL DEFAULT '',
	name       TEXT NOT NULL DEFAULT '',
	locale     TEXT NOT NULL DEFAULT '',
	attributes TEXT NOT NULL DEFAULT '{}',
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX contacts_site_user ON contacts (site_id, user_id) WHERE user_id <> '';

-- Only SHA-256 hashes of visitor tokens are stored.
CREATE TABLE visitor_tokens (
	site_id    TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
	token_hash BLOB NOT NULL,
	contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (site_id, token_hash)
) STRICT;

CREATE TABLE conversations (
	id         TEXT PRIMARY KEY,
	site_id    TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
	contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	mode       TEXT NOT NULL,
	language   TEXT NOT NULL DEFAULT '',
	last_seq   INTEGER NOT NULL DEFAULT 0,
	read_seq   INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX conversations_contact ON conversations (contact_id, created_at);

CREATE TABLE messages (
	conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
	seq             INTEGER NOT NULL,
	id              TEXT NOT NULL UNIQUE,
	client_id       TEXT NOT NULL DEFAULT '',
	author_kind     TEXT NOT NULL,
	author_id       TEXT NOT NULL DEFAULT '',
	author_name     TEXT NOT NULL DEFAULT '',
	text            TEXT NOT NULL,
	private         INTEGER NOT NULL DEFAULT 0,
	meta            TEXT,
	created_at      INTEGER NOT NULL,
	PRIMARY KEY (conversation_id, seq)
) STRICT;
CREATE UNIQUE INDEX messages_client_id ON messages (conversation_id, client_id) WHERE client_id <> '';

CREATE TABLE message_feedback (
	conversation_id TEXT NOT NULL,
	seq             INTEGER NOT NULL,
	helpful         INTEGER NOT NULL,
	created_at      INTEGER NOT NULL,
	PRIMARY KEY (conversation_id, seq),
	FOREIGN KEY (conversation_id, seq) REFERENCES messages (conversation_id, seq) ON DELETE CASCADE
) STRICT;

CREATE TABLE csat (
	conversation_id TEXT PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
	score           INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
	comment         TEXT NOT NULL DEFAULT '',
	created_at      INTEGER NOT NULL
) STRICT;

-- +goose Down
DROP TABLE csat;
DROP TABLE message_feedback;
DROP TABLE messages;
DROP TABLE conversations;
DROP TABLE visitor_tokens;
DROP TABLE contacts;
DROP TABLE sites;
