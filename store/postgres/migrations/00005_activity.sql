-- +goose Up
-- Business events, each written in the same transaction as the change it
-- records. n is the store order and readers' cursor. Identity values are
-- taken before commit, so transactions may commit out of n order: writers
-- hold a shared advisory lock from taking n until they commit, and readers
-- take it exclusively, so a reader sees every n below the highest it reads.
CREATE TABLE activities (
	n               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id              text NOT NULL UNIQUE,
	kind            text NOT NULL,
	site_id         text NOT NULL DEFAULT '',
	conversation_id text NOT NULL DEFAULT '',
	article_id      text NOT NULL DEFAULT '',
	agent_id        text NOT NULL DEFAULT '',
	team            text NOT NULL DEFAULT '',
	reason          text NOT NULL DEFAULT '',
	score           integer NOT NULL DEFAULT 0,
	at              timestamptz NOT NULL
);
-- Reports: handoffs in a window, and one conversation's events after a time.
CREATE INDEX activities_kind_at ON activities (kind, at);
CREATE INDEX activities_conversation ON activities (conversation_id, kind, at) WHERE conversation_id <> '';

-- Net promoter score, 0–10, one per conversation (the last one wins).
CREATE TABLE nps (
	conversation_id text PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
	score           integer NOT NULL CHECK (score BETWEEN 0 AND 10),
	comment         text NOT NULL DEFAULT '',
	created_at      timestamptz NOT NULL
);

-- Reports select by time. None of these columns changes on an append, so
-- appends' conversation updates stay HOT.
CREATE INDEX csat_created ON csat (created_at);
CREATE INDEX nps_created ON nps (created_at);
CREATE INDEX decisions_created ON decisions (created_at) INCLUDE (action);
CREATE INDEX messages_visitor_at ON messages (created_at) INCLUDE (conversation_id) WHERE author_kind = 'visitor';
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
