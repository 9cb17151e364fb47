-- +goose Up
CREATE TABLE articles (
	id         TEXT PRIMARY KEY,
	site_id    TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
	slug       TEXT NOT NULL,
	language   TEXT NOT NULL,
	title      TEXT NOT NULL DEFAULT '',
	body       TEXT NOT NULL DEFAULT '',
	collection TEXT NOT NULL DEFAULT '',
	status     TEXT NOT NULL,
	questions  TEXT NOT NULL DEFAULT '[]',
	version    INTEGER NOT NULL,
	updated_by TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	UNIQUE (site_id, slug, language)
) STRICT;

-- Every version of every article, the current one included.
CREATE TABLE article_versions (
	article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	version    INTEGER NOT NULL,
	slug       TEXT NOT NULL,
	language   TEXT NOT NULL,
	title      TEXT NOT NULL,
	body       TEXT NOT NULL,
	collection TEXT NOT NULL,
	status     TEXT NOT NULL,
	questions  TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (article_id, version)
) STRICT;

-- +goose Down
DROP TABLE article_versions;
DROP TABLE articles;
