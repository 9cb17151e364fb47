-- +goose Up
-- The bot's decisions. n (the rowid) is the recording order, which breaks
-- ties between equal times; the index holds it, so listing needs no sort.
CREATE TABLE decisions (
	n               INTEGER PRIMARY KEY,
	id              TEXT NOT NULL UNIQUE,
	conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
	message_seq     INTEGER NOT NULL,
	reply_seq       INTEGER NOT NULL DEFAULT 0,
	action          TEXT NOT NULL,
	handoff_reason  TEXT NOT NULL DEFAULT '',
	intent          TEXT NOT NULL DEFAULT '',
	confidence      REAL NOT NULL DEFAULT 0,
	language        TEXT NOT NULL DEFAULT '',
	urgency         TEXT NOT NULL DEFAULT '',
	frustrated      INTEGER NOT NULL DEFAULT 0,
	reasons         TEXT NOT NULL DEFAULT '[]',
	articles        TEXT NOT NULL DEFAULT '[]',
	created_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX decisions_conversation ON decisions (conversation_id, created_at);

-- +goose Down
DROP TABLE decisions;
