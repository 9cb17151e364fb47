-- +goose Up
-- An agent is active (''), disabled or deleted. Agents are never removed:
-- conversations, messages and the audit log keep their author. A deleted
-- agent's email_key becomes 'deleted:ID', freeing the address.
ALTER TABLE agents ADD COLUMN state text NOT NULL DEFAULT '' CHECK (state IN ('', 'disabled', 'deleted'));
-- Revoking the tokens a person created when their credentials change.
CREATE INDEX api_tokens_created_by ON api_tokens (created_by) WHERE NOT revoked;

-- +goose Down
DROP INDEX api_tokens_created_by;
ALTER TABLE agents DROP COLUMN state;
