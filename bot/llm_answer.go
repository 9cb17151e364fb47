package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/bot/llm"
)

// Completer writes a grounded answer from the retrieved articles (bot/llm).
type Completer interface {
	Answer(ctx context.Context, req llm.Request, onDelta func(string)) (llm.Answer, error)
}

// SetCompleter turns the optional LLM on (nil turns it off).
func (s *Service) SetCompleter(c Completer) { s.llm = c }

// rewrite asks the LLM to answer from the articles the policy chose,
// streaming it as a draft when drafts are on. A model that cannot answer
// from them hands off; any other failure keeps the extractive answer: never
// silence. Whatever the outcome, a reply that ends a draft names it in
// meta.draft, so the visitor's client swaps the draft for it.
func (s *Service) rewrite(ctx context.Context, k *Knowledge, o Outcome, conv parley.Conversation, seq int64) Outcome {
	var onDelta func(string)
	var dr *drafter
	if s.drafts != nil {
		dr = newDrafter(s.drafts, conv, seq)
		onDelta = func(delta string) { dr.add(ctx, delta) }
	}
	o = s.grounded(ctx, k, o, conv.ContactID, onDelta)
	if dr != nil && dr.sent {
		o.Meta["draft"] = dr.id
	}
	return o
}

func (s *Service) grounded(ctx context.Context, k *Knowledge, o Outcome, visitorID string, onDelta func(string)) Outcome {
	d := o.Decision
	chosen, _ := k.translation(d.Intent, d.Language, "en")
	sources := []parley.SearchHit{{Article: chosen, Passage: k.passage(chosen, o.Question)}}
	for _, h := range k.Hits(o.Question, d.Language, 3) {
		if h.Article.Slug != chosen.Slug {
			sources = append(sources, h)
		}
	}
	ans, err := s.llm.Answer(ctx, llm.Request{VisitorID: visitorID, Question: o.Question, Language: d.Language, Sources: sources}, onDelta)
	switch {
	case errors.Is(err, llm.ErrNoAnswer):
		d.Action, d.HandoffReason, d.Articles = parley.ActionHandoff, ReasonLLMNoAnswer, nil
		o.Decision, o.Reply = d, say(pHandoff, d.Language, o.Latin)
		o.Meta = map[string]any{"action": "handoff", "reason": ReasonLLMNoAnswer, "urgency": d.Urgency, "language": d.Language}
		return o
	case err != nil:
		o.Decision.Reasons = append(o.Decision.Reasons, "llm_fallback:"+llmFailure(err))
		return o
	}
	var refs []parley.ArticleRef
	var b strings.Builder
	b.WriteString(strings.TrimSpace(ans.Text))
	for _, slug := range ans.Citations {
		for _, src := range sources {
			if src.Article.Slug == slug {
				ref := parley.ArticleRef{ID: src.Article.ID, Slug: slug, Title: src.Article.Title, URL: s.cfg.ArticleURL(src.Article)}
				refs = append(refs, ref)
				fmt.Fprintf(&b, "\n\n[%s](%s)", ref.Title, ref.URL)
				break
			}
		}
	}
	d.Articles = refs
	o.Decision, o.Reply = d, b.String()
	o.Meta["articles"], o.Meta["llm"] = refs, true
	return o
}

func llmFailure(err error) string {
	for _, e := range []struct {
		err  error
		name string
	}{{llm.ErrBudget, "budget"}, {llm.ErrCircuitOpen, "circuit_open"}, {llm.ErrUnavailable, "unavailable"}, {llm.ErrInvalidRequest, "invalid"}} {
		if errors.Is(err, e.err) {
			return e.name
		}
	}
	return "error"
}
