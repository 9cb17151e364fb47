package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/gorilla/websocket"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/gateway/protocol"
)

// AgentAuth authenticates a console's upgrade request (the API's session).
type AgentAuth interface {
	Authenticate(r *http.Request) (parley.Agent, error)
}

// AgentPresence records agents' presence; Poke tells the router.
type AgentPresence interface {
	Set(ctx context.Context, agentID string, p parley.Presence) error
}

// AgentConfig configures the agents' websocket (GET /ws/agent).
type AgentConfig struct {
	Auth      AgentAuth
	Presence  AgentPresence
	Publisher interface {
		Publish(ctx context.Context, ev parley.Event) error
	}
	Poke func() // presence changed: let the router look again
}

// agentEvent is the console's frame: {"type":"event", ...the event}.
type agentEvent struct {
	Type           string               `json:"type"`
	Kind           string               `json:"kind"`
	SiteID         string               `json:"site_id"`
	ConversationID string               `json:"conversation_id"`
	Message        *agentMessage        `json:"message,omitempty"`
	Status         *protocol.StatusJSON `json:"status,omitempty"`
	Author         *agentAuthor         `json:"author,omitempty"`
	On             bool                 `json:"on,omitempty"`
	Seq            int64                `json:"seq,omitempty"`
	Comment        string               `json:"comment,omitempty"` // sla_breach: the target; offer (handoff.EventOffer): why
}

type agentAuthor struct {
	Kind string `json:"kind"`
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

func toAgentAuthor(a parley.Author) agentAuthor {
	return agentAuthor{Kind: string(a.Kind), ID: a.ID, Name: a.Name}
}

type agentMessage struct {
	Seq       int64           `json:"seq"`
	ID        string          `json:"id"`
	Author    agentAuthor     `json:"author"`
	Text      string          `json:"text"`
	Private   bool            `json:"private"`
	Meta      json.RawMessage `json:"meta,omitempty"`
	CreatedAt time.Time       `json:"created_at"`
}

func (d *delivery) agentFrame() []byte {
	d.agentOnce.Do(func() {
		ev := &d.ev
		f := agentEvent{Type: "event", Kind: string(ev.Kind), SiteID: ev.SiteID, ConversationID: ev.ConversationID, On: ev.On, Seq: ev.Seq}
		if ev.Kind == parley.EventBreach || ev.Kind == "offer" { // not csat: visitors' words stay out of the feed
			f.Comment = ev.Comment
		}
		if ev.Status != nil {
			st := protocol.StatusOf(*ev.Status)
			f.Status = &st
		}
		if ev.Author != nil {
			a := toAgentAuthor(*ev.Author)
			f.Author = &a
		}
		if m := ev.Message; m != nil {
			f.Message = &agentMessage{Seq: m.Seq, ID: m.ID, Author: toAgentAuthor(m.Author), Text: m.Text, Private: m.Private, Meta: m.Meta, CreatedAt: m.CreatedAt}
		}
		d.agentBytes, _ = json.Marshal(f)
	})
	return d.agentBytes
}

// agentConn is one console: a writer goroutine for events, a reader for
// presence and typing. Slow consoles are dropped and reload their lists.
type agentConn struct {
	ws    *websocket.Conn
	agent parley.Agent
	out   chan []byte
	done  chan struct{}
	once  sync.Once
}

func (a *agentConn) deliver(d *delivery) {
	if d.ev.Kind == parley.EventDraft {
		return // consoles show the bot's message once it is written
	}
	select {
	case a.out <- d.agentFrame():
	default:
		a.stop()
	}
}

func (a *agentConn) stop() { a.once.Do(func() { close(a.done) }) }

// ServeAgents handles GET /ws/agent.
func (s *Server) ServeAgents(cfg AgentConfig) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		agent, err := cfg.Auth.Authenticate(r)
		if err != nil {
			s.refuse(w, http.StatusUnauthorized, "agent_auth", "sign in first")
			return
		}
		// Same-origin only: the console is served by this server.
		if o := r.Header.Get("Origin"); o != "" && o != "http://"+r.Host && o != "https://"+r.Host {
			s.refuse(w, http.StatusForbidden, "agent_origin", "origin not allowed")
			return
		}
		ws, err := s.upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		a := &agentConn{ws: ws, agent: agent, out: make(chan []byte, 1024), done: make(chan struct{})}
		s.mu.Lock()
		s.agents[a] = struct{}{}
		s.mu.Unlock()
		s.cfg.Hub.subscribeAll(a)
		go s.agentWriter(a)
		go s.agentReader(a, cfg)
	})
}

func (s *Server) agentWriter(a *agentConn) {
	ping := time.NewTicker(s.cfg.PingInterval)
	defer ping.Stop()
	defer a.ws.Close()
	for {
		select {
		case f := <-a.out:
			_ = a.ws.SetWriteDeadline(time.Now().Add(s.cfg.WriteTimeout))
			if a.ws.WriteMessage(websocket.TextMessage, f) != nil {
				a.stop()
				return
			}
		case <-ping.C:
			if a.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(s.cfg.WriteTimeout)) != nil {
				a.stop()
				return
			}
		case <-a.done:
			_ = a.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(CloseTryAgainLater, "reconnect"), time.Now().Add(time.Second))
			return
		}
	}
}

type agentFrame struct {
	Type           string `json:"type"`
	Status         string `json:"status"`
	ConversationID string `json:"conversation_id"`
	On             bool   `json:"on"`
}

// maxAgentFrame bounds one console frame; its fields are short.
const maxAgentFrame = 4096

// decodeAgentFrame reads one console frame. Only presence (with a known
// status) and typing (with a conversation id) are acted on; any other
// well-formed frame is ignored (ok false), so an older or newer console
// never breaks the socket. An error means the frame was not JSON.
func decodeAgentFrame(b []byte) (f agentFrame, ok bool, err error) {
	if len(b) > maxAgentFrame {
		return f, false, errAgentFrameTooLarge
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return agentFrame{}, false, err
	}
	switch f.Type {
	case "presence":
		switch parley.Presence(f.Status) {
		case parley.PresenceOnline, parley.PresenceAway, parley.PresenceOffline:
			return f, true, nil
		}
	case "typing":
		return f, f.ConversationID != "" && len(f.ConversationID) <= 64 && !strings.ContainsFunc(f.ConversationID, unicode.IsControl), nil
	}
	return f, false, nil
}

var errAgentFrameTooLarge = errors.New("agent frame too large")

// agentError is what a console is told when one of its frames is refused.
type agentError struct {
	Type           string `json:"type"` // "error"
	Code           string `json:"code"`
	Message        string `json:"message"`
	ConversationID string `json:"conversation_id,omitempty"`
}

func (s *Server) agentReader(a *agentConn, cfg AgentConfig) {
	defer func() {
		s.mu.Lock()
		delete(s.agents, a)
		// Another console of the same agent on this node keeps them
		// present; one on another node restores it with its heartbeat.
		stillHere := false
		for o := range s.agents {
			stillHere = stillHere || o.agent.ID == a.agent.ID
		}
		s.mu.Unlock()
		s.cfg.Hub.unsubscribeAll(a)
		a.stop()
		if cfg.Presence != nil && !stillHere {
			_ = cfg.Presence.Set(context.Background(), a.agent.ID, parley.PresenceOffline)
			pokeIf(cfg.Poke)
		}
	}()
	a.ws.SetReadLimit(maxAgentFrame)
	alive := func() { _ = a.ws.SetReadDeadline(time.Now().Add(s.cfg.PingInterval + s.cfg.PongTimeout)) }
	alive()
	a.ws.SetPongHandler(func(string) error { alive(); return nil })
	for {
		_, b, err := a.ws.ReadMessage()
		if err != nil {
			return
		}
		f, ok, err := decodeAgentFrame(b)
		if err != nil {
			return
		}
		alive()
		if !ok {
			continue
		}
		ctx, cancel := context.WithTimeout(s.ctx, 5*time.Second)
		switch f.Type {
		case "presence": // also the heartbeat: consoles resend it every 20 s
			if cfg.Presence != nil {
				_ = cfg.Presence.Set(ctx, a.agent.ID, parley.Presence(f.Status))
				pokeIf(cfg.Poke)
			}
		case "typing":
			if cfg.Publisher != nil {
				s.agentTyping(ctx, a, cfg, f)
			}
		}
		cancel()
	}
}

// agentTyping publishes an agent's typing on a conversation they may act on
// (parley.Conversation.ActBy, the rule the REST calls use) and tells the
// console why otherwise.
func (s *Server) agentTyping(ctx context.Context, a *agentConn, cfg AgentConfig, f agentFrame) {
	c, err := s.cfg.Store.Conversation(ctx, f.ConversationID)
	if err == nil {
		err = c.ActBy(a.agent)
	}
	if err != nil {
		code := parley.ErrorCode(err)
		if code == parley.EINTERNAL {
			s.cfg.Log.Warn("agent typing", "agent", a.agent.ID, "conversation", f.ConversationID, "err", err)
		}
		b, _ := json.Marshal(agentError{Type: "error", Code: code, Message: parley.ErrorMessage(err), ConversationID: f.ConversationID})
		select {
		case a.out <- b:
		default: // the console is not reading; its writer drops it
		}
		return
	}
	au := parley.Author{Kind: parley.AuthorAgent, ID: a.agent.ID, Name: a.agent.Name}
	_ = cfg.Publisher.Publish(ctx, parley.Event{Kind: parley.EventTyping, ConversationID: f.ConversationID, Author: &au, On: f.On})
}

func pokeIf(f func()) {
	if f != nil {
		f()
	}
}
