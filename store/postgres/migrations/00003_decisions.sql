-- +goose Up
-- The bot's decisions. n is the recording order, which breaks ties between
-- equal times.
CREATE TABLE decisions (
	n               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id              text NOT NULL UNIQUE,
	conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
	message_seq     bigint NOT NULL,
	reply_seq       bigint NOT NULL DEFAULT 0,
	action          text NOT NULL,
	handoff_reason  text NOT NULL DEFAULT '',
	intent          text NOT NULL DEFAULT '',
	confidence      double precision NOT NULL DEFAULT 0,
	language        text NOT NULL DEFAULT '',
	urgency         text NOT NULL DEFAULT '',
	frustrated      boolean NOT NULL DEFAULT false,
	reasons         jsonb NOT NULL DEFAULT '[]',
	articles        jsonb NOT NULL DEFAULT '[]',
	created_at      timestamptz NOT NULL
);
CREATE INDEX decisions_conversation ON decisions (conversation_id, created_at, n);

-- +goose Down
DROP TABLE decisions;
