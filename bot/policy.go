package bot

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/bot/lang"
	"github.com/parley-chat/parley/bot/signal"
)

// Handoff reasons, recorded with the decision.
const (
	ReasonHumanRequested = "human_requested"
	ReasonCritical       = "critical_urgency"
	ReasonHighUrgency    = "high_urgency"
	ReasonFrustration    = "frustration"
	ReasonSegment        = "segment_skips_bot"
	ReasonRepetition     = "repetition"
	ReasonAutomationCap  = "automation_cap"
	ReasonNotHelped      = "not_helped"
	ReasonHumanOnly      = "human_only_intent"
	ReasonLowConfidence  = "low_confidence"
	ReasonNoKnowledge    = "no_knowledge"
	ReasonLLMNoAnswer    = "llm_no_answer"
)

// Config is the bot's policy; zero values take the documented defaults.
type Config struct {
	// Threshold is the confidence needed to answer; 0 takes the one the
	// site's classifier chose on its held-out data (intent.Model.Threshold).
	Threshold float64
	// AutomationCap is the most bot answers in a row, none marked
	// helpful, before a person takes over (DefaultAutomationCap). It is a
	// ceiling: the bot hands off sooner on signs that it is failing (see
	// failing).
	AutomationCap int
	SkipSegments  []parley.Segment // segments that go straight to people
	// ArticleURL links an article in answers (default "/help/SLUG?lang=LANG").
	ArticleURL func(parley.Article) string
	// Signals says which contacts count as enterprise (nil: the defaults).
	Signals *signal.Policy
	// BypassHigh hands high-urgency conversations to people too (critical
	// ones always go).
	BypassHigh bool
}

// With overrides c with a site's settings; their zero values keep c's.
func (c Config) With(s parley.BotSettings) Config {
	if s.Threshold > 0 {
		c.Threshold = s.Threshold
	}
	if s.AutomationCap > 0 {
		c.AutomationCap = s.AutomationCap
	}
	if len(s.SkipSegments) > 0 {
		c.SkipSegments = s.SkipSegments
	}
	if s.BypassUrgency == parley.UrgencyHigh {
		c.BypassHigh = true
	}
	return c
}

// DefaultAutomationCap is the default ceiling of bot answers in a row.
// Answers that went well cost nothing, so it is high: it is there for a
// visitor who keeps asking without saying whether anything helped.
const DefaultAutomationCap = 10

// notHelpedLimit is how many "that did not help" signals (a 👎 on an
// answer or words saying so) since the last 👍 send the visitor to a person.
const notHelpedLimit = 2

func (c Config) withDefaults() Config {
	if c.AutomationCap == 0 {
		c.AutomationCap = DefaultAutomationCap
	}
	if c.ArticleURL == nil {
		c.ArticleURL = func(a parley.Article) string { return "/help/" + a.Slug + "?lang=" + a.Language }
	}
	if c.Signals == nil {
		p := signal.DefaultPolicy()
		c.Signals = &p
	}
	return c
}

// Turn is one visitor message with the conversation state the policy reads.
type Turn struct {
	Kind         parley.EventKind // EventMessage, or EventHuman for the widget's button
	Seq          int64            // the message decided on
	Conversation parley.Conversation
	Contact      parley.Contact
	History      []parley.Message  // recent visitor-visible messages, oldest first, including Seq
	Decisions    []parley.Decision // recent decisions, oldest first
	Feedback     map[int64]bool    // bot message seq → helpful
}

// Outcome is a decision and, unless silent, the reply to send.
type Outcome struct {
	Decision parley.Decision
	Reply    string
	Meta     map[string]any
	Team     string // for a routed handoff
	Question string // the visitor text decided on
	Latin    bool   // a Serbian visitor writing in Latin script
}

// Decide applies the policy to one turn. Pure: no I/O.
func Decide(k *Knowledge, cfg Config, t Turn) Outcome {
	cfg = cfg.withDefaults()
	d := parley.Decision{ConversationID: t.Conversation.ID, MessageSeq: t.Seq, Reasons: []string{}}
	if t.Conversation.Mode != parley.ModeBot {
		return silent(d, "not_bot_mode")
	}
	if spokeSince(t.History, t.Seq) {
		return silent(d, "already_replied")
	}
	text := recentVisitorText(t.History, t.Seq)
	fallback := cmp.Or(t.Conversation.Language, baseLang(t.Contact.Locale), "en")
	d.Language = lang.DetectWithFallback(text, fallback)
	if d.Language == "" {
		d.Language = fallback
	}
	d.Language = baseLang(d.Language)
	latin := isLatinSerbian(d.Language, text)
	as := cfg.Signals.Assess(signal.Input{Text: text, Lang: d.Language, RecentVisitorTexts: earlierVisitorTexts(t.History, t.Seq),
		Attributes: t.Contact.Attributes, Segment: string(t.Contact.Segment)})
	d.Urgency, d.Frustrated = parley.Urgency(as.Urgency), as.Frustrated
	d.Reasons = append(d.Reasons, as.Reasons...)

	reply := func(o Outcome) Outcome {
		o.Decision.Language, o.Question, o.Latin = d.Language, text, latin
		return o
	}
	handoff := func(reason string) Outcome {
		d.Action, d.HandoffReason = parley.ActionHandoff, reason
		return reply(Outcome{Decision: d, Reply: say(pHandoff, d.Language, latin),
			Meta: map[string]any{"action": "handoff", "reason": reason, "urgency": d.Urgency, "language": d.Language}})
	}
	switch {
	case t.Kind == parley.EventHuman || signal.HumanRequest(text, d.Language):
		return handoff(ReasonHumanRequested)
	case as.Urgency == signal.Critical:
		return urgent(k, cfg, handoff(ReasonCritical), text, latin)
	case as.Urgency == signal.High && cfg.BypassHigh:
		return urgent(k, cfg, handoff(ReasonHighUrgency), text, latin)
	case as.Frustrated:
		return handoff(ReasonFrustration)
	case slices.Contains(cfg.SkipSegments, t.Contact.Segment):
		return handoff(ReasonSegment)
	case as.Repeated:
		return handoff(ReasonRepetition)
	case notHelped(t.Decisions, t.Feedback, as.Unhelped) >= notHelpedLimit:
		return handoff(ReasonNotHelped)
	case answersWithoutHelpful(t.Decisions, t.Feedback) >= cfg.AutomationCap:
		return handoff(ReasonAutomationCap)
	case k == nil || k.model == nil:
		return handoff(ReasonNoKnowledge)
	}

	p := k.model.Predict(text)
	d.Intent, d.Confidence = p.Label, p.Confidence
	threshold := cmp.Or(cfg.Threshold, k.model.Threshold())
	v := Judge(p, threshold)
	if r, ok := k.routes[p.Label]; ok && v == Answer {
		o := handoff(ReasonHumanOnly)
		if !r.HumanOnly {
			o.Decision.HandoffReason = "routed_intent"
		}
		o.Team = r.Team
		return o
	}
	found := k.Hits(text, d.Language, passageHits) // for the dispute, the buttons and the passage
	hits := k.evidentHits(text, found)
	if v == Answer && k.bySlug[p.Label] != nil && disputed(p.Label, hits) {
		v = Clarify
		d.Reasons = append(d.Reasons, "clarify:search_disagrees")
	}
	if v == Answer && k.bySlug[p.Label] != nil {
		o := answer(k, cfg, d, text, latin, found)
		o.Meta["evidence"] = round(p.Evidence)
		return reply(o)
	}
	// Two unsure turns in a row: the bot is failing this visitor.
	if last, ok := lastOf(t.Decisions); ok && last.Action == parley.ActionClarify {
		return handoff(ReasonLowConfidence)
	}
	if c := candidates(p, v, k.withLeader(text, hits, found)); len(c) > 0 {
		return reply(clarify(k, d, c, latin))
	}
	d.Reasons = append(d.Reasons, declineReason(p, threshold))
	return reply(clarify(k, d, nil, latin))
}

// declineReason says why a prediction was not answered.
func declineReason(p intentPrediction, threshold float64) string {
	switch {
	case p.Label == outOfScope:
		return "declined:out_of_scope"
	case p.Evidence < MinEvidence:
		return "declined:no_evidence"
	case p.Confidence < threshold:
		return "declined:low_confidence"
	}
	return "declined:no_article"
}

// urgent adds to an urgency handoff the article the bot would have
// answered with: a leaked API key is a security incident a person must
// see, and the visitor should not wait for one to revoke the key as the
// article says. The article is the classifier's answer when it would
// answer and search does not dispute it, else search's best evident hit
// when the classifier finds that plausible too (a Suggestion: "revoke"
// also reads as cancelling a subscription); a person follows either way.
// Reason handoff:with_article.
func urgent(k *Knowledge, cfg Config, o Outcome, text string, latin bool) Outcome {
	if k == nil || k.model == nil {
		return o
	}
	p := k.model.Predict(text)
	if _, routed := k.routes[p.Label]; routed {
		return o
	}
	d := o.Decision
	found := k.Hits(text, d.Language, passageHits)
	hits := k.evidentHits(text, found)
	d.Intent, d.Confidence = "", 0
	if Judge(p, cmp.Or(cfg.Threshold, k.model.Threshold())) == Answer && !disputed(p.Label, hits) {
		d.Intent, d.Confidence = p.Label, p.Confidence
	} else if len(hits) > 0 {
		for _, s := range Suggestions(p) {
			if s.Label == hits[0].Label {
				d.Intent, d.Confidence = s.Label, s.Prob
			}
		}
	}
	if k.bySlug[d.Intent] == nil {
		return o
	}
	ref, body := articleReply(k, cfg, d.Intent, d.Language, text, latin, found)
	d.Articles, d.Reasons = []parley.ArticleRef{ref}, append(d.Reasons, "handoff:with_article")
	o.Decision = d
	o.Reply += "\n\n" + say(pMeanwhile, d.Language, latin) + "\n\n" + body
	o.Meta["intent"], o.Meta["confidence"], o.Meta["articles"] = d.Intent, round(d.Confidence), d.Articles
	return o
}

func answer(k *Knowledge, cfg Config, d parley.Decision, text string, latin bool, found []parley.SearchHit) Outcome {
	ref, body := articleReply(k, cfg, d.Intent, d.Language, text, latin, found)
	d.Action, d.Articles = parley.ActionAnswer, []parley.ArticleRef{ref}
	return Outcome{Decision: d, Reply: body, Meta: map[string]any{
		"action": "answer", "intent": d.Intent, "confidence": round(d.Confidence), "language": d.Language,
		"urgency": d.Urgency, "articles": d.Articles,
	}}
}

// articleReply is slug's article as the bot gives it in lang: a note when
// it is in another language, the title, the passage that answers text
// and the link.
func articleReply(k *Knowledge, cfg Config, slug, lang, text string, latin bool, found []parley.SearchHit) (parley.ArticleRef, string) {
	a, native := k.translation(slug, lang, "en")
	title, passage := a.Title, k.passageIn(a, text, lang, found)
	if a.Language == "sr" && latin {
		title, passage = SerbianToLatin(title), SerbianToLatin(passage)
	}
	url := cfg.ArticleURL(a)
	var b strings.Builder
	if !native {
		b.WriteString(say(pOtherLanguage, lang, latin) + "\n\n")
	}
	more := pReadMore
	if strings.HasPrefix(passage, "…") || strings.HasSuffix(passage, "…") { // kb left part out: say so
		more = pReadRest
	}
	fmt.Fprintf(&b, "**%s**\n\n%s\n\n[%s](%s)", title, passage, say(more, lang, latin), url)
	return parley.ArticleRef{ID: a.ID, Slug: a.Slug, Title: a.Title, URL: url}, b.String()
}

func clarify(k *Knowledge, d parley.Decision, top []intentAlt, latin bool) Outcome {
	d.Action = parley.ActionClarify
	var sugg []map[string]string
	var b strings.Builder
	for _, alt := range top {
		if alt.Prob < 0.1 || k.bySlug[alt.Label] == nil || len(sugg) == 3 {
			continue
		}
		a, _ := k.translation(alt.Label, d.Language, "en")
		title := a.Title
		if a.Language == "sr" && latin {
			title = SerbianToLatin(title)
		}
		sugg = append(sugg, map[string]string{"slug": a.Slug, "title": title})
		fmt.Fprintf(&b, "\n- %s", title)
	}
	text := say(pClarifyNone, d.Language, latin)
	if len(sugg) > 0 {
		text = say(pClarify, d.Language, latin) + b.String()
	}
	return Outcome{Decision: d, Reply: text, Meta: map[string]any{
		"action": "clarify", "intent": d.Intent, "confidence": round(d.Confidence), "language": d.Language,
		"urgency": d.Urgency, "suggestions": sugg,
	}}
}

func silent(d parley.Decision, why string) Outcome {
	d.Action = parley.ActionSilent
	d.Reasons = append(d.Reasons, "silent:"+why)
	return Outcome{Decision: d}
}

// isLatinSerbian reports a Serbian visitor writing in Latin script.
func isLatinSerbian(language, text string) bool {
	return language == "sr" && lang.Detect(text).Script == lang.Latin
}
