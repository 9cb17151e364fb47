package mail

import (
	"cmp"
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/parley-chat/parley"
)

// Store is what the emails read.
type Store interface {
	Conversation(ctx context.Context, id string) (parley.Conversation, error)
	Contact(ctx context.Context, id string) (parley.Contact, error)
	SiteByID(ctx context.Context, id string) (parley.Site, error)
	Messages(ctx context.Context, conversationID string, afterSeq int64, limit int, withPrivate bool) ([]parley.Message, error)
	ClaimForContact(ctx context.Context, contactID, key string, every time.Duration) (bool, error)
}

// Queue takes a message to send later (Outbox).
type Queue interface{ Enqueue(m Message) error }

// Online tells whether a visitor's websocket follows a conversation now
// (gateway.Hub).
type Online interface {
	VisitorConnected(conversationID string) bool
}

// ServiceConfig configures a Service; zero values take the defaults.
type ServiceConfig struct {
	Store  Store
	Queue  Queue
	Links  *Links
	Online Online // nil: every visitor counts as away
	// BaseURL is the server's public address: links are BaseURL/c/TOKEN.
	BaseURL string
	// ReplyAfter is how long an agent's reply waits before it is emailed
	// to a visitor who is not connected (default 2m; negative: never).
	ReplyAfter time.Duration
	// TranscriptEvery is the least time between two transcripts of one
	// conversation (default 5m).
	TranscriptEvery time.Duration
	Log             *slog.Logger
}

// Service sends transcripts and emails agents' replies to visitors who
// have left.
type Service struct {
	cfg     ServiceConfig
	mu      sync.Mutex
	ctx     context.Context
	pending map[string]*time.Timer // conversation → its reply email's timer
	closed  bool
	wg      sync.WaitGroup
}

// NewService returns a service; Run ties its timers to a context.
func NewService(cfg ServiceConfig) *Service {
	cfg.ReplyAfter = cmp.Or(cfg.ReplyAfter, 2*time.Minute)
	cfg.TranscriptEvery = cmp.Or(cfg.TranscriptEvery, 5*time.Minute)
	cfg.Log = cmp.Or(cfg.Log, slog.Default())
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	return &Service{cfg: cfg, ctx: context.Background(), pending: map[string]*time.Timer{}}
}

// Run waits for ctx to end, then drops the reply emails still waiting
// (they live in memory) and waits for those being composed.
func (s *Service) Run(ctx context.Context) {
	s.mu.Lock()
	s.ctx = ctx
	s.mu.Unlock()
	<-ctx.Done()
	s.mu.Lock()
	s.closed = true
	for id, t := range s.pending {
		if t.Stop() {
			s.wg.Done()
		}
		delete(s.pending, id)
	}
	s.mu.Unlock()
	s.wg.Wait()
}

func (s *Service) link(conversationID string) string {
	return s.cfg.BaseURL + "/c/" + s.cfg.Links.Sign(conversationID)
}

// AgentReplied is called once an agent's public reply is stored. The
// first reply of a quiet spell starts a timer; when it fires, a visitor
// who is not connected and has not written since gets every reply of the
// spell in one email.
func (s *Service) AgentReplied(_ context.Context, c parley.Conversation, m parley.Message) {
	if s.cfg.ReplyAfter < 0 || m.Private {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.pending[c.ID] != nil {
		return
	}
	s.wg.Add(1)
	from := m.Seq - 1
	s.pending[c.ID] = time.AfterFunc(s.cfg.ReplyAfter, func() {
		defer s.wg.Done()
		s.mu.Lock()
		delete(s.pending, c.ID)
		ctx := s.ctx
		s.mu.Unlock()
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := s.emailReplies(ctx, c.ID, from); err != nil && ctx.Err() == nil {
			s.cfg.Log.Warn("mail: reply email", "conversation", c.ID, "err", err)
		}
	})
}

func (s *Service) emailReplies(ctx context.Context, conversationID string, after int64) error {
	if s.cfg.Online != nil && s.cfg.Online.VisitorConnected(conversationID) {
		return nil
	}
	c, err := s.cfg.Store.Conversation(ctx, conversationID)
	if err != nil {
		return err
	}
	ct, err := s.cfg.Store.Contact(ctx, c.ContactID)
	if err != nil || ct.Email == "" {
		return err
	}
	msgs, err := s.cfg.Store.Messages(ctx, conversationID, after, 100, false)
	if err != nil {
		return err
	}
	var replies []parley.Message
	for _, m := range msgs {
		switch m.Author.Kind {
		case parley.AuthorVisitor:
			return nil // back on another node, or wrote since: seen it
		case parley.AuthorAgent:
			replies = append(replies, m)
		}
	}
	if len(replies) == 0 {
		return nil
	}
	site, err := s.cfg.Store.SiteByID(ctx, c.SiteID)
	if err != nil {
		return err
	}
	l := newLetter(ct.Email, cmpOr(c.Language, ct.Locale), siteName(site), false)
	l.messages, l.link = replies, s.link(conversationID)
	return s.cfg.Queue.Enqueue(l.render())
}

func siteName(s parley.Site) string {
	if s.Name != "" {
		return s.Name
	}
	return s.Key
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
