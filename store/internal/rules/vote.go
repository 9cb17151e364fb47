package rules

import "github.com/parley-chat/parley"

// ArticleVote checks a help-center vote before it is stored.
func ArticleVote(v parley.ArticleVote) error {
	switch {
	case v.SiteID == "":
		return parley.Errorf(parley.EINVALID, "article vote without site")
	case v.Slug == "" || len(v.Slug) > 100:
		return parley.Errorf(parley.EINVALID, "article vote needs a slug of 1–100 bytes")
	case v.Language == "" || len(v.Language) > 35:
		return parley.Errorf(parley.EINVALID, "article vote needs a language tag")
	}
	return nil
}
