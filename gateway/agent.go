package gateway

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"time"

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
	a.ws.SetReadLimit(4096)
	alive := func() { _ = a.ws.SetReadDeadline(time.Now().Add(s.cfg.PingInterval + s.cfg.PongTimeout)) }
	alive()
	a.ws.SetPongHandler(func(string) error { alive(); return nil })
	for {
		var f agentFrame
		if err := a.ws.ReadJSON(&f); err != nil {
			return
		}
		alive()
		ctx, cancel := context.WithTimeout(s.ctx, 5*time.Second)
		switch f.Type {
		case "presence": // also the heartbeat: consoles resend it every 20 s
			p := parley.Presence(f.Status)
			if cfg.Presence != nil && (p == parley.PresenceOnline || p == parley.PresenceAway || p == parley.PresenceOffline) {
				_ = cfg.Presence.Set(ctx, a.agent.ID, p)
				pokeIf(cfg.Poke)
			}
		case "typing":
			if cfg.Publisher != nil && f.ConversationID != "" {
				au := parley.Author{Kind: parley.AuthorAgent, ID: a.agent.ID, Name: a.agent.Name}
				_ = cfg.Publisher.Publish(ctx, parley.Event{Kind: parley.EventTyping, ConversationID: f.ConversationID, Author: &au, On: f.On})
			}
		}
		cancel()
	}
}

func pokeIf(f func()) {
	if f != nil {
		f()
	}
}
