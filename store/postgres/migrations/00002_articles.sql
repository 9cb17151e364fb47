-- +goose Up
CREATE TABLE articles (
	id         text PRIMARY KEY,
	site_id    text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
	slug       text NOT NULL,
	language   text NOT NULL,
	title      text NOT NULL DEFAULT '',
	body       text NOT NULL DEFAULT '',
	collection text NOT NULL DEFAULT '',
	status     text NOT NULL,
	questions  jsonb NOT NULL DEFAULT '[]',
	version    integer NOT NULL,
	updated_by text NOT NULL DEFAULT '',
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL,
	CONSTRAINT articles_site_slug_language UNIQUE (site_id, slug, language)
);

-- Every version of every article, the current one included.
CREATE TABLE article_versions (
	article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	version    integer NOT NULL,
	slug       text NOT NULL,
	language   text NOT NULL,
	title      text NOT NULL,
	body       text NOT NULL,
	collection text NOT NULL,
	status     text NOT NULL,
	questions  jsonb NOT NULL,
	updated_by text NOT NULL,
	updated_at timestamptz NOT NULL,
	PRIMARY KEY (article_id, version)
);

-- +goose Down
DROP TABLE article_versions;
DROP TABLE articles;
