-- +goose Up
-- API tokens for integrations: only SHA-256 hashes of their secrets are
-- stored. Unset times are NULL.
CREATE TABLE api_tokens (
	id           TEXT PRIMARY KEY,
	name         TEXT NOT NULL,
	role         TEXT NOT NULL CHECK (role IN ('agent', 'admin')),
	token_hash   BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
	created_by   TEXT NOT NULL,
	created_at   INTEGER NOT NULL,
	last_used_at INTEGER,
	expires_at   INTEGER,
	revoked      INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Outgoing webhook endpoints. The secret signs deliveries, so it is kept.
CREATE TABLE webhooks (
	id          TEXT PRIMARY KEY,
	url         TEXT NOT NULL,
	events      TEXT NOT NULL DEFAULT '[]',
	description TEXT NOT NULL DEFAULT '',
	active      INTEGER NOT NULL,
	secret      TEXT NOT NULL,
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL
) STRICT;

-- The outbox: one row per activity and endpoint, written before any attempt,
-- so nothing is lost across restarts. A claimed row stays pending with
-- next_at moved to the end of its lease.
CREATE TABLE webhook_deliveries (
	id          TEXT PRIMARY KEY,
	webhook_id  TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
	activity_id TEXT NOT NULL,
	event       TEXT NOT NULL,
	payload     BLOB NOT NULL,
	status      TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
	attempt     INTEGER NOT NULL DEFAULT 0,
	status_code INTEGER NOT NULL DEFAULT 0,
	error       TEXT NOT NULL DEFAULT '',
	next_at     INTEGER NOT NULL,
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL,
	UNIQUE (webhook_id, activity_id)
) STRICT;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_recent ON webhook_deliveries (webhook_id, created_at);

-- How far the activities have been turned into deliveries (Activity.N).
CREATE TABLE webhook_cursor (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	after_n INTEGER NOT NULL
) STRICT;
INSERT INTO webhook_cursor (id, after_n) VALUES (1, 0);

-- +goose Down
DROP TABLE webhook_cursor;
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
DROP TABLE api_tokens;
