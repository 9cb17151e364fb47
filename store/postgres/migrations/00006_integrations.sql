-- +goose Up
-- API tokens for integrations: only SHA-256 hashes of their secrets are
-- stored. Unset times are NULL.
CREATE TABLE api_tokens (
	id           text PRIMARY KEY,
	name         text NOT NULL,
	role         text NOT NULL CHECK (role IN ('agent', 'admin')),
	token_hash   bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
	created_by   text NOT NULL,
	created_at   timestamptz NOT NULL,
	last_used_at timestamptz,
	expires_at   timestamptz,
	revoked      boolean NOT NULL DEFAULT false
);

-- Outgoing webhook endpoints. The secret signs deliveries, so it is kept.
CREATE TABLE webhooks (
	id          text PRIMARY KEY,
	url         text NOT NULL,
	events      jsonb NOT NULL DEFAULT '[]',
	description text NOT NULL DEFAULT '',
	active      boolean NOT NULL,
	secret      text NOT NULL,
	created_at  timestamptz NOT NULL,
	updated_at  timestamptz NOT NULL
);

-- The outbox: one row per activity and endpoint, written before any attempt,
-- so nothing is lost across restarts. A claimed row stays pending with
-- next_at moved to the end of its lease; nodes claim with SKIP LOCKED.
CREATE TABLE webhook_deliveries (
	id          text PRIMARY KEY,
	webhook_id  text NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
	activity_id text NOT NULL,
	event       text NOT NULL,
	payload     bytea NOT NULL,
	status      text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
	attempt     integer NOT NULL DEFAULT 0,
	status_code integer NOT NULL DEFAULT 0,
	error       text NOT NULL DEFAULT '',
	next_at     timestamptz NOT NULL,
	created_at  timestamptz NOT NULL,
	updated_at  timestamptz NOT NULL,
	UNIQUE (webhook_id, activity_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_recent ON webhook_deliveries (webhook_id, created_at);

-- How far the activities have been turned into deliveries (Activity.N).
CREATE TABLE webhook_cursor (
	id      smallint PRIMARY KEY CHECK (id = 1),
	after_n bigint NOT NULL
);
INSERT INTO webhook_cursor (id, after_n) VALUES (1, 0);

-- +goose Down
DROP TABLE webhook_cursor;
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
DROP TABLE api_tokens;
