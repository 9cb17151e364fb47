package gateway

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/inmem"
)

type oneAgent struct{ parley.Agent }

func (o oneAgent) Authenticate(*http.Request) (parley.Agent, error) { return o.Agent, nil }

// TestSecondConsoleKeepsAgentOnline: closing one of an agent's two consoles
// leaves them online; closing the last makes them offline.
func TestSecondConsoleKeepsAgentOnline(t *testing.T) {
	ts := newTestServer(t, nil)
	presence := inmem.NewPresence(time.Minute, nil)
	srv := httptest.NewServer(ts.gw.ServeAgents(AgentConfig{Auth: oneAgent{parley.Agent{ID: "ana", Name: "Ana"}}, Presence: presence}))
	t.Cleanup(srv.Close)
	url := "ws" + strings.TrimPrefix(srv.URL, "http")
	open := func() *websocket.Conn {
		c, _, err := websocket.DefaultDialer.Dial(url, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.WriteJSON(map[string]string{"type": "presence", "status": "online"}); err != nil {
			t.Fatal(err)
		}
		return c
	}
	consoles := func() int {
		ts.gw.mu.Lock()
		defer ts.gw.mu.Unlock()
		return len(ts.gw.agents)
	}
	state := func() parley.Presence {
		all, _ := presence.All(context.Background())
		return all["ana"]
	}
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !ok(); time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("waited 10s for %s", what)
			}
		}
	}
	first, second := open(), open()
	waitFor("two consoles online", func() bool { return consoles() == 2 && state() == parley.PresenceOnline })
	first.Close()
	waitFor("the first console to be gone", func() bool { return consoles() == 1 })
	if got := state(); got != parley.PresenceOnline {
		t.Fatalf("with a console still open the agent is %q; want online", got)
	}
	second.Close()
	waitFor("the agent to go offline with the last console", func() bool { return consoles() == 0 && state() != parley.PresenceOnline })
}
