package webchat_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/crypto/bcrypt"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/api"
	"github.com/parley-chat/parley/bot"
	"github.com/parley-chat/parley/gateway"
	"github.com/parley-chat/parley/handoff"
	"github.com/parley-chat/parley/inmem"
	"github.com/parley-chat/parley/store/sqlite"
	"github.com/parley-chat/parley/webchat"
)

const consolePassword = "correct horse battery"

// consoleServer is all of Parley in-process, as cmd/parley wires it for the
// console: sqlite store, demo site and KB, bot, desk with routing and
// presence, gateway (visitors and agents), REST API, widget and console.
type consoleServer struct {
	t        *testing.T
	Store    *sqlite.DB
	Site     parley.Site
	Desk     *handoff.Desk
	Presence *inmem.Presence
	Mail     *testMail // transcripts the widget asks for
	URL      string
	mux      *http.ServeMux

	gwCfg      gateway.Config
	agentCfg   gateway.AgentConfig
	node       atomic.Pointer[gateway.Server] // the gateway serving websockets now
	agentsDown atomic.Bool                    // refuse /ws/agent (a node outage)
}

func (s *consoleServer) newNode() {
	s.t.Helper()
	gw, err := gateway.New(s.gwCfg)
	if err != nil {
		s.t.Fatal(err)
	}
	s.node.Store(gw)
}

// dropAgents replaces the gateway: the old one shuts down (consoles are
// told to reconnect) and, while down is set, /ws/agent refuses them.
func (s *consoleServer) dropAgents(down bool) {
	s.t.Helper()
	s.agentsDown.Store(down)
	old := s.node.Load()
	s.newNode()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	old.Shutdown(ctx)
}

func startConsoleServer(t *testing.T) *consoleServer {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "parley.db"))
	if err != nil {
		t.Fatal(err)
	}
	s := &consoleServer{t: t, Store: db, Presence: inmem.NewPresence(0, nil), mux: http.NewServeMux()}
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
	for _, team := range []parley.Team{{Key: "l1", Name: "General"}, {Key: "billing", Name: "Billing"}} {
		if _, err := db.PutTeam(ctx, team); err != nil {
			t.Fatal(err)
		}
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	hub := gateway.NewHub(log)
	broker := inmem.NewBroker(hub.Receive)
	b := bot.NewService(bot.Config{})
	b.SetKnowledge(s.Site.ID, know)
	pub := gateway.EventPublisher{Broker: broker}
	s.Desk = handoff.New(handoff.Config{Store: db, Desk: db, Router: db, Presence: s.Presence, Bot: b, Publisher: pub, Log: log})
	bg, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = s.Desk.Run(bg) })
	s.gwCfg = gateway.Config{Store: db, Hub: hub, Broker: broker, Local: inmem.NewLimiter(nil),
		Dispatcher: s.Desk, Log: log, Limits: highLimits}
	s.Mail = startMail(t, db)
	s.gwCfg.Transcripts = s.Mail.svc
	s.newNode()
	apiServer := api.New(api.Config{Store: db, Desk: s.Desk, Limiter: inmem.NewLimiter(nil), Log: log, Publisher: pub})
	s.agentCfg = gateway.AgentConfig{Auth: apiServer, Presence: s.Presence, Publisher: pub, Poke: s.Desk.Poke}
	s.mux.HandleFunc("GET /ws/visitor", func(w http.ResponseWriter, r *http.Request) { s.node.Load().ServeHTTP(w, r) })
	s.mux.HandleFunc("GET /ws/agent", func(w http.ResponseWriter, r *http.Request) {
		if s.agentsDown.Load() {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		s.node.Load().ServeAgents(s.agentCfg).ServeHTTP(w, r)
	})
	s.mux.Handle("/api/v1/", apiServer.Handler())
	s.mux.Handle("GET /console", webchat.Console())
	s.mux.Handle("GET /console/", webchat.Console())
	s.mux.Handle("GET /admin", webchat.Admin())
	s.mux.Handle("GET /admin/", webchat.Admin())
	s.mux.Handle("GET /widget.js", webchat.Widget())
	s.mux.Handle("GET /widget/", webchat.Widget())
	s.mux.Handle("GET /demo", webchat.Widget())
	srv := httptest.NewServer(s.mux)
	s.URL = srv.URL
	t.Cleanup(func() {
		sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer scancel()
		s.node.Load().Shutdown(sctx)
		srv.Close()
		cancel()
		wg.Wait()
		db.Close()
	})
	return s
}

// agent creates an agent who signs in with consolePassword.
func (s *consoleServer) agent(email, name string, teams ...string) parley.Agent {
	s.t.Helper()
	hash, err := bcrypt.GenerateFromPassword([]byte(consolePassword), bcrypt.MinCost)
	if err != nil {
		s.t.Fatal(err)
	}
	a, err := s.Store.CreateAgent(context.Background(), parley.Agent{Email: email, Name: name, Role: parley.RoleAgent,
		Teams: teams, Capacity: 5}, hash)
	if err != nil {
		s.t.Fatal(err)
	}
	return a
}

// presence is what the registry says of an agent now.
func (s *consoleServer) presence(agentID string) parley.Presence {
	all, _ := s.Presence.All(context.Background())
	return all[agentID]
}

// queued puts a conversation with one visitor message straight into the
// queue (no bot), as a handoff would.
func (s *consoleServer) queued(text string, e parley.Conversation) parley.Conversation {
	s.t.Helper()
	ctx := context.Background()
	sess, err := s.Store.CreateSession(ctx, s.Site.ID, parley.HashToken(parley.NewToken()), parley.Contact{})
	if err != nil {
		s.t.Fatal(err)
	}
	if _, _, err := s.Store.AppendMessage(ctx, parley.Message{ConversationID: sess.Conversation.ID, ClientID: "c1",
		Author: parley.Author{Kind: parley.AuthorVisitor, ID: sess.Contact.ID}, Text: text}); err != nil {
		s.t.Fatal(err)
	}
	if e.QueuedAt.IsZero() {
		e.QueuedAt = time.Now()
	}
	c, err := s.Store.Enqueue(ctx, sess.Conversation.ID, e)
	if err != nil {
		s.t.Fatal(err)
	}
	s.Desk.Poke()
	return c
}

// wsVisitor is a websocket client speaking PROTOCOL.md; a reader goroutine
// keeps every frame it receives, in order.
type wsVisitor struct {
	t      *testing.T
	ws     *websocket.Conn
	mu     sync.Mutex
	frames []map[string]any
	raw    []string
	conv   string
}

func dialWSVisitor(t *testing.T, baseURL string, hello map[string]any) *wsVisitor {
	t.Helper()
	u := "ws" + strings.TrimPrefix(baseURL, "http") + "/ws/visitor?site=demo"
	ws, _, err := websocket.DefaultDialer.Dial(u, nil)
	if err != nil {
		t.Fatalf("dial %s: %v", u, err)
	}
	v := &wsVisitor{t: t, ws: ws}
	t.Cleanup(func() { ws.Close() })
	go func() {
		for {
			_, data, err := ws.ReadMessage()
			if err != nil {
				return
			}
			var f map[string]any
			if json.Unmarshal(data, &f) == nil {
				v.mu.Lock()
				v.frames = append(v.frames, f)
				v.raw = append(v.raw, string(data))
				v.mu.Unlock()
			}
		}
	}()
	if hello == nil {
		hello = map[string]any{}
	}
	hello["type"], hello["token"], hello["last_seq"] = "hello", "", 0
	v.send(hello)
	w := v.wait("welcome", func(f map[string]any) bool { return f["type"] == "welcome" })
	v.conv, _ = w["conversation_id"].(string)
	return v
}

func (v *wsVisitor) send(f map[string]any) {
	v.t.Helper()
	b, _ := json.Marshal(f)
	if err := v.ws.WriteMessage(websocket.TextMessage, b); err != nil {
		v.t.Fatal(err)
	}
}

func (v *wsVisitor) say(id, text string) {
	v.send(map[string]any{"type": "send", "client_id": id, "text": text})
}

// wait returns the first frame (of all received) matching pred, polling
// for up to 20 s.
func (v *wsVisitor) wait(what string, pred func(map[string]any) bool) map[string]any {
	v.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		v.mu.Lock()
		for _, f := range v.frames {
			if pred(f) {
				v.mu.Unlock()
				return f
			}
		}
		n := len(v.frames)
		v.mu.Unlock()
		if time.Now().After(deadline) {
			v.t.Fatalf("visitor: timed out waiting for %s (%d frames: %s)", what, n, strings.Join(v.rawFrames(), "\n"))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (v *wsVisitor) rawFrames() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]string(nil), v.raw...)
}

// textFrame matches a message frame whose text contains s.
func textFrame(s string) func(map[string]any) bool {
	return func(f map[string]any) bool {
		t, _ := f["text"].(string)
		return f["type"] == "message" && strings.Contains(t, s)
	}
}

func authorKind(f map[string]any) string {
	a, _ := f["author"].(map[string]any)
	k, _ := a["kind"].(string)
	return k
}

func metaEvent(f map[string]any) string {
	m, _ := f["meta"].(map[string]any)
	e, _ := m["event"].(string)
	return e
}
