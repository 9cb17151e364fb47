-- +goose Up
-- How far agents have read a conversation (the console's read marker), so
-- the visitor can be shown that a person has seen their messages.
ALTER TABLE conversations ADD COLUMN agent_read_seq INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE conversations DROP COLUMN agent_read_seq;
