-- +goose Up
-- Files added to conversations, and their bytes in the database every node
-- reaches: uploads are limited (10 MiB by default), so bytea is reasonable,
-- and one content-addressed row serves every attachment with those bytes.
CREATE TABLE attachment_blobs (
	sha256 text PRIMARY KEY,
	data   bytea NOT NULL
);
CREATE TABLE attachments (
	id              text PRIMARY KEY,
	conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
	uploader_kind   text NOT NULL,
	uploader_id     text NOT NULL,
	filename        text NOT NULL,
	content_type    text NOT NULL,
	size            bigint NOT NULL,
	sha256          text NOT NULL REFERENCES attachment_blobs (sha256),
	created_at      timestamptz NOT NULL
);
CREATE INDEX attachments_conversation ON attachments (conversation_id);
-- The key that signs attachment links: one row, made on first use.
CREATE TABLE attachment_keys (
	id  integer PRIMARY KEY CHECK (id = 1),
	key bytea NOT NULL
);

-- +goose Down
DROP TABLE attachment_keys;
DROP TABLE attachments;
DROP TABLE attachment_blobs;
