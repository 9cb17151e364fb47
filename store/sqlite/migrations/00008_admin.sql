-- +goose Up
-- Who changed which setting, when, to what. n is the paging cursor.
CREATE TABLE audit_log (
	n        INTEGER PRIMARY KEY,
	id       TEXT NOT NULL UNIQUE,
	at       INTEGER NOT NULL,
	actor_id TEXT NOT NULL DEFAULT '',
	actor    TEXT NOT NULL DEFAULT '',
	action   TEXT NOT NULL,
	target   TEXT NOT NULL DEFAULT '',
	detail   TEXT NOT NULL DEFAULT ''
) STRICT;

-- Admin-defined intents that route to a team instead of an article.
CREATE TABLE intents (
	id         TEXT PRIMARY KEY,
	site_id    TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
	name       TEXT NOT NULL,
	team       TEXT NOT NULL DEFAULT '',
	human_only INTEGER NOT NULL DEFAULT 0,
	phrases    TEXT NOT NULL DEFAULT '[]',
	updated_at INTEGER NOT NULL,
	UNIQUE (site_id, name)
) STRICT;

CREATE TABLE bot_settings (
	site_id    TEXT PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
	settings   TEXT NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;

-- Replaying recent questions reads decisions newest first.
CREATE INDEX decisions_recent ON decisions (created_at);

-- +goose Down
DROP INDEX decisions_recent;
DROP TABLE bot_settings;
DROP TABLE intents;
DROP TABLE audit_log;
