-- +goose Up
-- Files added to conversations. The bytes live under the data directory
-- (attachments/ab/cdef…, named by their SHA-256), so the database holds
-- only what describes them.
CREATE TABLE attachments (
	id              TEXT PRIMARY KEY,
	conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
	uploader_kind   TEXT NOT NULL,
	uploader_id     TEXT NOT NULL,
	filename        TEXT NOT NULL,
	content_type    TEXT NOT NULL,
	size            INTEGER NOT NULL,
	sha256          TEXT NOT NULL,
	created_at      INTEGER NOT NULL
);
CREATE INDEX attachments_conversation ON attachments (conversation_id);
-- The key that signs attachment links: one row, made on first use.
CREATE TABLE attachment_keys (
	id  INTEGER PRIMARY KEY CHECK (id = 1),
	key BLOB NOT NULL
);

-- +goose Down
DROP TABLE attachment_keys;
DROP TABLE attachments;
