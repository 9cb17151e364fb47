-- +goose Up
-- Who changed which setting, when, to what. n is the paging cursor.
CREATE TABLE audit_log (
	n        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id       text NOT NULL UNIQUE,
	at       timestamptz NOT NULL,
	actor_id text NOT NULL DEFAULT '',
	actor    text NOT NULL DEFAULT '',
	action   text NOT NULL,
	target   text NOT NULL DEFAULT '',
	detail   text NOT NULL DEFAULT ''
);

-- Admin-defined intents that route to a team instead of an article.
CREATE TABLE intents (
	id         text PRIMARY KEY,
	site_id    text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
	name       text NOT NULL,
	team       text NOT NULL DEFAULT '',
	human_only boolean NOT NULL DEFAULT false,
	phrases    jsonb NOT NULL DEFAULT '[]',
	updated_at timestamptz NOT NULL,
	UNIQUE (site_id, name)
);

CREATE TABLE bot_settings (
	site_id    text PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
	settings   jsonb NOT NULL,
	updated_at timestamptz NOT NULL
);

-- Replaying recent questions reads decisions newest first.
CREATE INDEX decisions_recent ON decisions (created_at DESC, n DESC);

-- +goose Down
DROP INDEX decisions_recent;
DROP TABLE bot_settings;
DROP TABLE intents;
DROP TABLE audit_log;
