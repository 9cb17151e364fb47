-- +goose Up
-- The desk's part of a conversation. Unset times are NULL. urgency_rank is
-- parley.UrgencyRank(urgency), written by the store, so the queue's order
-- (most urgent, earliest first-response due, longest waiting) is an index.
-- No index holds updated_at, which every append changes: lists of the bot
-- and resolved modes (most recently updated first) scan instead, which the
-- embedded store's scale allows, and appends stay as cheap as they were.
ALTER TABLE conversations ADD COLUMN team TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN assignee_id TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN urgency TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN urgency_rank INTEGER NOT NULL DEFAULT 1;
ALTER TABLE conversations ADD COLUMN handoff_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN queued_at INTEGER;
ALTER TABLE conversations ADD COLUMN first_response_due INTEGER;
ALTER TABLE conversations ADD COLUMN next_response_due INTEGER;
ALTER TABLE conversations ADD COLUMN resolution_due INTEGER;
ALTER TABLE conversations ADD COLUMN first_response_at INTEGER;
ALTER TABLE conversations ADD COLUMN resolved_at INTEGER;
UPDATE conversations SET queued_at = updated_at WHERE mode = 'queued';

-- Only queued conversations, in queue order: a due time of NULL sorts last.
CREATE INDEX conversations_queue ON conversations
	(urgency_rank DESC, first_response_due IS NULL, first_response_due, queued_at, id) WHERE mode = 'queued';
-- An agent's load (capacity checks) and the assigned list.
CREATE INDEX conversations_assigned ON conversations (assignee_id) WHERE mode = 'assigned';

CREATE TABLE agents (
	id            TEXT PRIMARY KEY,
	email         TEXT NOT NULL,
	email_key     TEXT NOT NULL UNIQUE, -- lower-cased email: unique ignoring case
	name          TEXT NOT NULL DEFAULT '',
	role          TEXT NOT NULL,
	teams         TEXT NOT NULL DEFAULT '[]',
	languages     TEXT NOT NULL DEFAULT '[]',
	skills        TEXT NOT NULL DEFAULT '[]',
	capacity      INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 100),
	password_hash BLOB NOT NULL,
	created_at    INTEGER NOT NULL
) STRICT;

-- Agents' sign-in sessions; only SHA-256 hashes of their tokens are stored.
CREATE TABLE auth_sessions (
	token_hash BLOB PRIMARY KEY CHECK (length(token_hash) = 32),
	agent_id   TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
	expires_at INTEGER NOT NULL,
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX auth_sessions_agent ON auth_sessions (agent_id, expires_at);

CREATE TABLE teams (
	id    TEXT PRIMARY KEY,
	key   TEXT NOT NULL UNIQUE,
	name  TEXT NOT NULL DEFAULT '',
	hours TEXT NOT NULL DEFAULT '{}'
) STRICT;

-- Targets in nanoseconds (time.Duration); position keeps the order put.
CREATE TABLE sla_policies (
	position          INTEGER PRIMARY KEY,
	urgency           TEXT NOT NULL DEFAULT '',
	segment           TEXT NOT NULL DEFAULT '',
	first_response_ns INTEGER NOT NULL,
	next_response_ns  INTEGER NOT NULL,
	resolution_ns     INTEGER NOT NULL,
	business_hours    INTEGER NOT NULL,
	UNIQUE (urgency, segment)
) STRICT;

-- +goose Down
DROP TABLE sla_policies;
DROP TABLE teams;
DROP TABLE auth_sessions;
DROP TABLE agents;
DROP INDEX conversations_assigned;
DROP INDEX conversations_queue;
ALTER TABLE conversations DROP COLUMN resolved_at;
ALTER TABLE conversations DROP COLUMN first_response_at;
ALTER TABLE conversations DROP COLUMN resolution_due;
ALTER TABLE conversations DROP COLUMN next_response_due;
ALTER TABLE conversations DROP COLUMN first_response_due;
ALTER TABLE conversations DROP COLUMN queued_at;
ALTER TABLE conversations DROP COLUMN handoff_reason;
ALTER TABLE conversations DROP COLUMN urgency_rank;
ALTER TABLE conversations DROP COLUMN urgency;
ALTER TABLE conversations DROP COLUMN assignee_id;
ALTER TABLE conversations DROP COLUMN team;
