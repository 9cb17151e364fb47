-- +goose Up
-- Per-site widget settings: theme, greetings and away messages (JSON maps
-- of language tag → text), and the proactive message rules (a JSON list,
-- always read and replaced whole by the admin API).
ALTER TABLE sites ADD COLUMN theme_color TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN theme_position TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN greetings TEXT NOT NULL DEFAULT '{}';
ALTER TABLE sites ADD COLUMN away TEXT NOT NULL DEFAULT '{}';
ALTER TABLE sites ADD COLUMN proactive_rules TEXT NOT NULL DEFAULT '[]';

-- Things done at most once per period per contact (a proactive rule's
-- message, the NPS survey): the last time each was claimed, so restarts and
-- other nodes respect the period.
CREATE TABLE contact_claims (
	contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	key        TEXT NOT NULL,
	claimed_at INTEGER NOT NULL,
	PRIMARY KEY (contact_id, key)
) STRICT, WITHOUT ROWID;

-- +goose Down
DROP TABLE contact_claims;
ALTER TABLE sites DROP COLUMN proactive_rules;
ALTER TABLE sites DROP COLUMN away;
ALTER TABLE sites DROP COLUMN greetings;
ALTER TABLE sites DROP COLUMN theme_position;
ALTER TABLE sites DROP COLUMN theme_color;
