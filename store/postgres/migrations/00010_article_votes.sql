-- +goose Up
-- Readers' "was this helpful?" votes on help-center article pages. Keyed by
-- slug and language, not article id: a vote outlives a republish or an
-- unpublished translation.
CREATE TABLE article_votes (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	site_id    text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
	slug       text NOT NULL,
	language   text NOT NULL,
	helpful    boolean NOT NULL,
	created_at timestamptz NOT NULL
);
CREATE INDEX article_votes_site ON article_votes (site_id, created_at);

-- +goose Down
DROP TABLE article_votes;
