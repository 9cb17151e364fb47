-- +goose Up
-- The desk's part of a conversation. Unset times are NULL. urgency_rank is
-- parley.UrgencyRank(urgency), written by the store, so the queue's order
-- (most urgent, earliest first-response due, longest waiting) is an index.
-- No index holds updated_at, which every append changes: an index on it
-- turned 998 of 1000 appends' conversation updates from HOT to non-HOT (new
-- entries in every index of the table). Lists of the bot and resolved modes
-- (most recently updated first) scan and top-N sort instead.
ALTER TABLE conversations
	ADD COLUMN team               text NOT NULL DEFAULT '',
	ADD COLUMN assignee_id        text NOT NULL DEFAULT '',
	ADD COLUMN urgency            text NOT NULL DEFAULT '',
	ADD COLUMN urgency_rank       smallint NOT NULL DEFAULT 1,
	ADD COLUMN handoff_reason     text NOT NULL DEFAULT '',
	ADD COLUMN queued_at          timestamptz,
	ADD COLUMN first_response_due timestamptz,
	ADD COLUMN next_response_due  timestamptz,
	ADD COLUMN resolution_due     timestamptz,
	ADD COLUMN first_response_at  timestamptz,
	ADD COLUMN resolved_at        timestamptz;
UPDATE conversations SET queued_at = updated_at WHERE mode = 'queued';

-- Only queued conversations, in queue order.
CREATE INDEX conversations_queue ON conversations
	(urgency_rank DESC, first_response_due NULLS LAST, queued_at, id) WHERE mode = 'queued';
-- An agent's load (capacity checks) and the assigned list.
CREATE INDEX conversations_assigned ON conversations (assignee_id) WHERE mode = 'assigned';

CREATE TABLE agents (
	id            text PRIMARY KEY,
	email         text NOT NULL,
	email_key     text NOT NULL, -- lower-cased email: unique ignoring case
	name          text NOT NULL DEFAULT '',
	role          text NOT NULL,
	teams         jsonb NOT NULL DEFAULT '[]',
	languages     jsonb NOT NULL DEFAULT '[]',
	skills        jsonb NOT NULL DEFAULT '[]',
	capacity      integer NOT NULL CHECK (capacity BETWEEN 1 AND 100),
	password_hash bytea NOT NULL,
	created_at    timestamptz NOT NULL,
	CONSTRAINT agents_email_key UNIQUE (email_key)
);

-- Agents' sign-in sessions; only SHA-256 hashes of their tokens are stored.
CREATE TABLE auth_sessions (
	token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
	agent_id   text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
	expires_at timestamptz NOT NULL,
	created_at timestamptz NOT NULL
);
CREATE INDEX auth_sessions_agent ON auth_sessions (agent_id, expires_at);

CREATE TABLE teams (
	id    text PRIMARY KEY,
	key   text NOT NULL UNIQUE,
	name  text NOT NULL DEFAULT '',
	hours jsonb NOT NULL DEFAULT '{}'
);

-- Targets in nanoseconds (time.Duration); position keeps the order put.
CREATE TABLE sla_policies (
	position          integer PRIMARY KEY,
	urgency           text NOT NULL DEFAULT '',
	segment           text NOT NULL DEFAULT '',
	first_response_ns bigint NOT NULL,
	next_response_ns  bigint NOT NULL,
	resolution_ns     bigint NOT NULL,
	business_hours    boolean NOT NULL,
	UNIQUE (urgency, segment)
);

-- +goose Down
DROP TABLE sla_policies;
DROP TABLE teams;
DROP TABLE auth_sessions;
DROP TABLE agents;
DROP INDEX conversations_assigned;
DROP INDEX conversations_queue;
ALTER TABLE conversations
	DROP COLUMN resolved_at, DROP COLUMN first_response_at, DROP COLUMN resolution_due,
	DROP COLUMN next_response_due, DROP COLUMN first_response_due, DROP COLUMN queued_at,
	DROP COLUMN handoff_reason, DROP COLUMN urgency_rank, DROP COLUMN urgency,
	DROP COLUMN assignee_id, DROP COLUMN team;
