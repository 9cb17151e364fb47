-- +goose Up
-- Readers' "was this helpful?" votes on help-center article pages. Keyed by
-- slug and language, not article id: a vote outlives a republish or an
-- unpublished translation.
CREATE TABLE article_votes (
	id         INTEGER PRIMARY KEY,
	site_id    TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
	slug       TEXT NOT NULL,
	language   TEXT NOT NULL,
	helpful    INTEGER NOT NULL CHECK (helpful IN (0, 1)),
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX article_votes_site ON article_votes (site_id, created_at);

-- +goose Down
DROP TABLE article_votes;
