package codec

import (
	"encoding/json"

	"github.com/parley-chat/parley"
)

// DecisionLists returns the stored JSON forms of a decision's Reasons and
// Articles ("[]" for none).
func DecisionLists(d parley.Decision) (reasons, articles []byte) {
	articles = []byte("[]")
	if len(d.Articles) > 0 {
		articles, _ = json.Marshal(d.Articles) // strings always marshal
	}
	return Origins(d.Reasons), articles
}

// ParseDecision fills a scanned decision's Reasons and Articles from their
// stored JSON; empty lists are nil.
func ParseDecision(d *parley.Decision, reasons, articles []byte) error {
	var err error
	if d.Reasons, err = ParseOrigins(reasons); err != nil {
		return err
	}
	d.Articles, err = parseJSON[[]parley.ArticleRef](articles, "")
	return err
}
