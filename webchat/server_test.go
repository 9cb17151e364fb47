package webchat_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/bot"
	"github.com/parley-chat/parley/gateway"
	"github.com/parley-chat/parley/handoff"
	"github.com/parley-chat/parley/inmem"
	"github.com/parley-chat/parley/kb"
	"github.com/parley-chat/parley/kb/demo"
	"github.com/parley-chat/parley/store/sqlite"
	"github.com/parley-chat/parley/webchat"
)

const identitySecret = "test-identity-secret"

// parleyServer is Parley built in-process the way cmd/parley's Open does
// (sqlite store, demo site and KB, bot, desk, gateway, widget routes), with
// the gateway swappable so a test can restart it on the same store and
// address, and take it down (the websocket refused) in between.
type parleyServer struct {
	t     *testing.T
	Store *sqlite.DB
	Site  parley.Site
	URL   string
	know  *bot.Knowledge
	lim   gateway.Limits
	node  atomic.Pointer[node]
	down  atomic.Bool
	llm   bot.Completer // read by start: set it, then restart
	Help  *webchat.Help // /help, searching the bot's knowledge
}

// node is everything above the store: hub, broker, bot, desk, gateway.
type node struct {
	gw     *gateway.Server
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func startParley(t *testing.T, lim gateway.Limits) *parleyServer {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "parley.db"))
	if err != nil {
		t.Fatal(err)
	}
	s := &parleyServer{t: t, Store: db, lim: lim}
	if s.Site, err = db.EnsureSite(ctx, parley.Site{Key: "demo", Name: "Demo", IdentitySecret: identitySecret}); err != nil {
		t.Fatal(err)
	}
	arts, know := demoKnowledge(t)
	for _, a := range arts {
		a.SiteID, a.UpdatedBy = s.Site.ID, "test"
		if _, err := db.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	s.know = know
	s.start()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ws/visitor", func(w http.ResponseWriter, r *http.Request) {
		if s.down.Load() {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		s.node.Load().gw.ServeHTTP(w, r)
	})
	mux.Handle("GET /", webchat.Widget())
	s.Help = webchat.NewHelp(webchat.HelpConfig{Store: db, Search: func(string) webchat.Searcher { return s.know }})
	mux.Handle("GET /help", s.Help)
	mux.Handle("GET /help/", s.Help)
	mux.Handle("POST /help/", s.Help)
	srv := httptest.NewServer(mux)
	s.URL = srv.URL
	t.Cleanup(func() {
		s.stop(s.node.Load())
		srv.Close()
		db.Close()
	})
	return s
}

func (s *parleyServer) start() {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	n := &node{}
	bg, cancel := context.WithCancel(context.Background())
	n.cancel = cancel
	hub := gateway.NewHub(log)
	broker := inmem.NewBroker(hub.Receive)
	b := bot.NewService(bot.Config{})
	b.SetKnowledge(s.Site.ID, s.know)
	if s.llm != nil {
		b.SetCompleter(s.llm)
		b.SetDrafts(gateway.EventPublisher{Broker: broker})
	}
	desk := handoff.New(handoff.Config{Store: s.Store, Bot: b, Publisher: gateway.EventPublisher{Broker: broker}, Log: log})
	n.wg.Go(func() { _ = desk.Run(bg) })
	gw, err := gateway.New(gateway.Config{Store: s.Store, Hub: hub, Broker: broker, Local: inmem.NewLimiter(nil),
		Dispatcher: desk, Log: log, Limits: s.lim})
	if err != nil {
		s.t.Fatal(err)
	}
	n.gw = gw
	s.node.Store(n)
}

func (s *parleyServer) stop(n *node) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	n.gw.Shutdown(ctx)
	n.cancel()
	n.wg.Wait()
}

// restart replaces the node: a new one on the same store takes new
// connections, then the old one shuts down (its visitors get close 1012).
func (s *parleyServer) restart() {
	old := s.node.Load()
	s.start()
	s.stop(old)
}

// publish stores m in the visitor's conversation as an agent would and
// fans it out; it returns the stored message.
func (s *parleyServer) publish(ev parley.Event) {
	s.t.Helper()
	ev.SiteID = s.Site.ID
	if err := s.node.Load().gw.Publish(context.Background(), ev); err != nil {
		s.t.Fatal(err)
	}
}

func (s *parleyServer) agentSays(conversationID, name, text string) {
	s.t.Helper()
	m, _, err := s.Store.AppendMessage(context.Background(), parley.Message{ConversationID: conversationID,
		Author: parley.Author{Kind: parley.AuthorAgent, ID: "agent-1", Name: name}, Text: text,
		ClientID: "agent:" + parley.NewID()})
	if err != nil {
		s.t.Fatal(err)
	}
	s.publish(parley.Event{Kind: parley.EventMessage, ConversationID: conversationID, Message: &m})
}

// setStatus stores the mode and tells the visitor the status.
func (s *parleyServer) setStatus(conversationID string, st parley.Status) {
	s.t.Helper()
	if _, err := s.Store.SetMode(context.Background(), conversationID, st.Mode); err != nil {
		s.t.Fatal(err)
	}
	s.publish(parley.Event{Kind: parley.EventStatus, ConversationID: conversationID, Status: &st})
}

// demoKnowledge returns the demo KB (with fixed article ids, so every
// test's store holds the same articles) and the bot's knowledge, built once
// per test binary. The classifier is trained on the English articles only:
// training on all seven languages takes minutes under -race, and these tests
// need real answers, not the classifier's multilingual accuracy (bot's tests
// cover that). PARLEY_SCREENSHOTS=1 trains on everything.
func demoKnowledge(t *testing.T) ([]parley.Article, *bot.Knowledge) {
	demoKB.once.Do(func() {
		arts, err := demo.Articles()
		if err != nil {
			demoKB.err = err
			return
		}
		var train []parley.Article
		for i := range arts {
			arts[i].ID = "demo-" + arts[i].Slug + "-" + arts[i].Language
			if arts[i].Language == "en" || os.Getenv("PARLEY_SCREENSHOTS") != "" {
				train = append(train, arts[i])
			}
		}
		demoKB.arts = arts
		demoKB.know, demoKB.err = bot.Build(context.Background(), train, nil, kb.NewIndex(train))
	})
	if demoKB.err != nil {
		t.Fatal(demoKB.err)
	}
	return demoKB.arts, demoKB.know
}

var demoKB struct {
	once sync.Once
	arts []parley.Article
	know *bot.Knowledge
	err  error
}

var highLimits = gateway.Limits{
	ContactMessages: parley.Rate{Count: 10000, Period: time.Minute, Burst: 1000},
	IPMessages:      parley.Rate{Count: 10000, Period: time.Minute, Burst: 1000},
	IPNewVisitors:   parley.Rate{Count: 10000, Period: time.Minute, Burst: 1000},
}
