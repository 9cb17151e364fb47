package bot

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	"github.com/parley-chat/parley"
)

// Service answers for every site: it holds each site's Knowledge (swapped
// whole on publish) and turns a turn's state into a Turn for Decide.
type Service struct {
	cfg    Config
	llm    Completer // optional
	drafts Publisher // optional: streams LLM answers as drafts

	mu        sync.RWMutex
	knowledge map[string]*Knowledge // by site id
}

// NewService returns a bot with the policy cfg. It reads no store: Respond
// decides on the state the turn read.
func NewService(cfg Config) *Service {
	return &Service{cfg: cfg.withDefaults(), knowledge: map[string]*Knowledge{}}
}

// SetKnowledge installs a site's freshly built knowledge.
func (s *Service) SetKnowledge(siteID string, k *Knowledge) {
	s.mu.Lock()
	s.knowledge[siteID] = k
	s.mu.Unlock()
}

// Knowledge returns a site's current knowledge (nil when none).
func (s *Service) Knowledge(siteID string) *Knowledge {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.knowledge[siteID]
}

// Respond decides on one visitor event from the state the turn read
// (parley.TurnState) and returns the decision and, unless silent, the reply
// to append (not yet stored). It reads nothing; with an LLM it streams
// drafts while it writes.
func (s *Service) Respond(ctx context.Context, ev parley.Event, st parley.TurnState) (parley.Decision, *parley.Message, error) {
	conv := st.Conversation
	t := Turn{Kind: ev.Kind, Conversation: conv, Contact: st.Contact, History: st.History, Decisions: st.Decisions, Feedback: st.Feedback}
	if ev.Message != nil {
		t.Seq = ev.Message.Seq
		t.History = withMessage(t.History, *ev.Message)
	}
	k := s.Knowledge(conv.SiteID)
	o := Decide(k, s.config(k), t)
	if o.Decision.Action == parley.ActionAnswer && s.llm != nil {
		o = s.rewrite(ctx, k, o, conv, t.Seq)
	}
	o.Decision.Team = o.Team
	if o.Reply == "" {
		return o.Decision, nil, nil
	}
	meta, err := json.Marshal(o.Meta)
	if err != nil {
		return parley.Decision{}, nil, fmt.Errorf("bot: meta: %w", err)
	}
	return o.Decision, &parley.Message{ConversationID: conv.ID, Author: parley.Author{Kind: parley.AuthorBot, Name: "Parley"},
		Text: o.Reply, Meta: meta, ClientID: fmt.Sprintf("bot:%d", t.Seq)}, nil
}

// withMessage is h with the event's message in seq order: the event carries
// it, so a history read a moment before it was stored still decides on it.
func withMessage(h []parley.Message, m parley.Message) []parley.Message {
	if m.Private || m.Seq == 0 || slices.ContainsFunc(h, func(x parley.Message) bool { return x.Seq == m.Seq }) {
		return h
	}
	i, _ := slices.BinarySearchFunc(h, m.Seq, func(x parley.Message, seq int64) int { return cmp.Compare(x.Seq, seq) })
	return slices.Insert(slices.Clone(h), i, m)
}

// config is the policy for k's site.
func (s *Service) config(k *Knowledge) Config {
	if k == nil {
		return s.cfg
	}
	return s.cfg.With(k.settings)
}

// Simulate decides what the bot would answer to text, as the first message
// of a new conversation of a visitor with locale, against k (which need not
// be installed: drafts can be tried before publishing). Pure: no I/O.
func (s *Service) Simulate(k *Knowledge, siteID, text, locale string) Outcome {
	conv := parley.Conversation{ID: "simulated", SiteID: siteID, Mode: parley.ModeBot}
	msg := parley.Message{ConversationID: conv.ID, Seq: 1, Author: parley.Author{Kind: parley.AuthorVisitor}, Text: text}
	o := Decide(k, s.config(k), Turn{Kind: parley.EventMessage, Seq: 1, Conversation: conv,
		Contact: parley.Contact{Segment: parley.SegmentVisitor, Locale: locale}, History: []parley.Message{msg}})
	o.Decision.Team = o.Team
	return o
}
