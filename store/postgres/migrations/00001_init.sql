-- +goose Up
CREATE TABLE sites (
	id                text PRIMARY KEY,
	key               text NOT NULL UNIQUE,
	name              text NOT NULL DEFAULT '',
	allowed_origins   jsonb NOT NULL DEFAULT '[]',
	identity_secret   text NOT NULL DEFAULT '',
	identity_required boolean NOT NULL DEFAULT false,
	created_at        timestamptz NOT NULL
);

CREATE TABLE contacts (
	id         text PRIMARY KEY,
	site_id    text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
	segment    text NOT NULL,
	user_id    text NOT NULL DEFAULT '',
	email      text NOT NULL DEFAULT '',
	name       text NOT NULL DEFAULT '',
	locale     text NOT NULL DEFAULT '',
	attributes jsonb NOT NULL DEFAULT '{}',
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX contacts_site_user ON contacts (site_id, user_id) WHERE user_id <> '';

-- Only SHA-256 hashes of visitor tokens are stored.
CREATE TABLE visitor_tokens (
	site_id    text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
	token_hash bytea NOT NULL CHECK (length(token_hash) = 32),
	contact_id text NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	created_at timestamptz NOT NULL,
	PRIMARY KEY (site_id, token_hash)
);
CREATE INDEX visitor_tokens_contact ON visitor_tokens (contact_id);

CREATE TABLE conversations (
	id         text PRIMARY KEY,
	site_id    text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
	contact_id text NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	mode       text NOT NULL,
	language   text NOT NULL DEFAULT '',
	last_seq   bigint NOT NULL DEFAULT 0,
	read_seq   bigint NOT NULL DEFAULT 0,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);
CREATE INDEX conversations_contact ON conversations (contact_id, created_at DESC);

CREATE TABLE messages (
	conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
	seq             bigint NOT NULL,
	id              text NOT NULL UNIQUE,
	client_id       text NOT NULL DEFAULT '',
	author_kind     text NOT NULL,
	author_id       text NOT NULL DEFAULT '',
	author_name     text NOT NULL DEFAULT '',
	text            text NOT NULL,
	private         boolean NOT NULL DEFAULT false,
	meta            jsonb,
	created_at      timestamptz NOT NULL,
	PRIMARY KEY (conversation_id, seq)
);
-- The safety net under the row lock on conversations: one message per client id.
CREATE UNIQUE INDEX messages_client_id ON messages (conversation_id, client_id) WHERE client_id <> '';

CREATE TABLE message_feedback (
	conversation_id text NOT NULL,
	seq             bigint NOT NULL,
	helpful         boolean NOT NULL,
	created_at      timestamptz NOT NULL,
	PRIMARY KEY (conversation_id, seq),
	FOREIGN KEY (conversation_id, seq) REFERENCES messages (conversation_id, seq) ON DELETE CASCADE
);

CREATE TABLE csat (
	conversation_id text PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
	score           smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
	comment         text NOT NULL DEFAULT '',
	created_at      timestamptz NOT NULL
);

-- +goose Down
DROP TABLE csat;
DROP TABLE message_feedback;
DROP TABLE messages;
DROP TABLE conversations;
DROP TABLE visitor_tokens;
DROP TABLE contacts;
DROP TABLE sites;
