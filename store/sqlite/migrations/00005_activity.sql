-- +goose Up
-- Business events, each written in the same transaction as the change it
-- records. n (the rowid) is the store order and readers' cursor: the single
-- writer commits rows in n order, so a reader never sees n+1 before n.
CREATE TABLE activities (
	n               INTEGER PRIMARY KEY,
	id              TEXT NOT NULL UNIQUE,
	kind            TEXT NOT NULL,
	site_id         TEXT NOT NULL DEFAULT '',
	conversation_id TEXT NOT NULL DEFAULT '',
	article_id      TEXT NOT NULL DEFAULT '',
	agent_id        TEXT NOT NULL DEFAULT '',
	team            TEXT NOT NULL DEFAULT '',
	reason          TEXT NOT NULL DEFAULT '',
	score           INTEGER NOT NULL DEFAULT 0,
	at              INTEGER NOT NULL
) STRICT;
-- Reports: handoffs in a window, and one conversation's events after a time.
CREATE INDEX activities_kind_at ON activities (kind, at);
CREATE INDEX activities_conversation ON activities (conversation_id, kind, at) WHERE conversation_id <> '';

-- Net promoter score, 0–10, one per conversation (the last one wins).
CREATE TABLE nps (
	conversation_id TEXT PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
	score           INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
	comment         TEXT NOT NULL DEFAULT '',
	created_at      INTEGER NOT NULL
) STRICT;

-- Reports select by time. None of these columns changes on an append.
CREATE INDEX csat_created ON csat (created_at);
CREATE INDEX nps_created ON nps (created_at);
CREATE INDEX decisions_created ON decisions (created_at);
CREATE INDEX messages_visitor_at ON messages (created_at, conversation_id) WHERE author_kind = 'visitor';
CREATE INDEX conversations_first_response ON conversations (first_response_at) WHERE first_response_at IS NOT NULL;
CREATE INDEX conversations_resolved ON conversations (resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX conversations_first_due ON conversations (first_response_due) WHERE first_response_due IS NOT NULL;
CREATE INDEX conversations_resolution_due ON conversations (resolution_due) WHERE resolution_due IS NOT NULL;

-- +goose Down
DROP INDEX conversations_resolution_due;
DROP INDEX conversations_first_due;
DROP INDEX conversations_resolved;
DROP INDEX conversations_first_response;
DROP INDEX messages_visitor_at;
DROP INDEX decisions_created;
DROP INDEX nps_created;
DROP INDEX csat_created;
DROP TABLE nps;
DROP TABLE activities;
