-- +goose Up
-- What visitors and agents call a site's bot; empty is the default name.
ALTER TABLE sites ADD COLUMN bot_name TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE sites DROP COLUMN bot_name;
