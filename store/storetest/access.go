package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

// Access: disabling and deleting agents, and ending sessions and tokens
// whenever a credential changes.

// mustSignIn gives agentID a sign-in session and returns its hash.
func mustSignIn(t *testing.T, s Store, agentID string) []byte {
	t.Helper()
	h := parley.HashToken(parley.NewToken())
	if err := s.CreateAuthSession(ctx(t), h, agentID, time.Now().Add(time.Hour)); err != nil {
		t.Fatalf("CreateAuthSession: %v", err)
	}
	return h
}

func wantSignedIn(t *testing.T, s Store, what string, h []byte, want bool) {
	t.Helper()
	_, _, err := s.AuthSession(ctx(t), h)
	switch {
	case want && err != nil:
		t.Errorf("%s: session ended: %v", what, err)
	case !want && !errors.Is(err, parley.ErrNotFound):
		t.Errorf("%s: session still valid (%v)", what, err)
	}
}

// mustToken creates an API token on behalf of agentID.
func mustToken(t *testing.T, s Store, agentID string) parley.APIToken {
	t.Helper()
	tok, err := s.CreateAPIToken(ctx(t), parley.APIToken{Name: "ci", Role: parley.RoleAdmin, CreatedBy: agentID}, parley.HashToken(parley.NewToken()))
	if err != nil {
		t.Fatalf("CreateAPIToken: %v", err)
	}
	return tok
}

func wantRevoked(t *testing.T, s Store, what string, id string, want bool) {
	t.Helper()
	ts, err := s.APITokens(ctx(t))
	if err != nil {
		t.Fatalf("APITokens: %v", err)
	}
	for _, tok := range ts {
		if tok.ID == id {
			if tok.Revoked != want {
				t.Errorf("%s: token revoked = %v, want %v", what, tok.Revoked, want)
			}
			return
		}
	}
	t.Errorf("%s: token %s is gone", what, id)
}

var accessTests = []test{
	{"DisableEndsSessionsAndTokens", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		a, b := mustAgent(t, s, 2), mustAgent(t, s, 2)
		a1, a2, b1 := mustSignIn(t, s, a.ID), mustSignIn(t, s, a.ID), mustSignIn(t, s, b.ID)
		ta, tb := mustToken(t, s, a.ID), mustToken(t, s, b.ID)
		got, err := s.SetAgentState(ctx(t), a.ID, parley.AgentDisabled)
		if err != nil || got.State != parley.AgentDisabled || got.ID != a.ID || got.Email != a.Email {
			t.Fatalf("SetAgentState(disabled) = %+v, %v", got, err)
		}
		wantSignedIn(t, s, "disabled agent", a1, false)
		wantSignedIn(t, s, "disabled agent's other session", a2, false)
		wantSignedIn(t, s, "another agent", b1, true)
		wantRevoked(t, s, "disabled agent's token", ta.ID, true)
		wantRevoked(t, s, "another agent's token", tb.ID, false)
		if g, err := s.Agent(ctx(t), a.ID); err != nil || g.State != parley.AgentDisabled || g.Active() {
			t.Errorf("Agent = %+v, %v; want disabled", g, err)
		}
		if g, _, err := s.AgentByEmail(ctx(t), a.Email); err != nil || g.State != parley.AgentDisabled {
			t.Errorf("AgentByEmail = %+v, %v; want the disabled agent", g, err)
		}
		if all, err := s.Agents(ctx(t)); err != nil || len(all) != 2 {
			t.Errorf("Agents = %+v, %v; want both, the disabled one too", all, err)
		}
		c := mustEnqueue(t, s, site.ID, parley.Conversation{Team: "l1"})
		_, err = s.Claim(ctx(t), c.ID, a.ID)
		wantCode(t, err, parley.ECONFLICT)
		_, err = s.Assign(ctx(t), c.ID, a.ID)
		wantCode(t, err, parley.ECONFLICT)
		if got, err := s.SetAgentState(ctx(t), a.ID, parley.AgentActive); err != nil || !got.Active() {
			t.Fatalf("SetAgentState(active) = %+v, %v", got, err)
		}
		wantSignedIn(t, s, "enabled again: old sessions stay ended", a1, false)
		mustClaim(t, s, c.ID, a.ID)
	}},
	{"DeleteKeepsHistory", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		a, admin := mustAgent(t, s, 2), mustAgent(t, s, 2)
		a1 := mustSignIn(t, s, a.ID)
		ta := mustToken(t, s, a.ID)
		c := mustEnqueue(t, s, site.ID, parley.Conversation{Team: "l1"})
		mustClaim(t, s, c.ID, a.ID)
		m := mustAppend(t, s, parley.Message{ConversationID: c.ID, Author: parley.Author{Kind: parley.AuthorAgent, ID: a.ID, Name: a.Name}, Text: "hello"})
		got, err := s.SetAgentState(ctx(t), a.ID, parley.AgentDeleted)
		if err != nil || got.State != parley.AgentDeleted || got.Name != a.Name {
			t.Fatalf("SetAgentState(deleted) = %+v, %v", got, err)
		}
		wantSignedIn(t, s, "deleted agent", a1, false)
		wantRevoked(t, s, "deleted agent's token", ta.ID, true)
		if g, err := s.Agent(ctx(t), a.ID); err != nil || g.Name != a.Name || g.State != parley.AgentDeleted {
			t.Errorf("Agent(deleted) = %+v, %v; want it kept for history", g, err)
		}
		if all, err := s.Agents(ctx(t)); err != nil || len(all) != 1 || all[0].ID != admin.ID {
			t.Errorf("Agents = %+v, %v; want the deleted one left out", all, err)
		}
		_, _, err = s.AgentByEmail(ctx(t), a.Email)
		wantNotFound(t, "AgentByEmail(deleted)", err)
		if conv, err := s.Conversation(ctx(t), c.ID); err != nil || conv.AssigneeID != a.ID {
			t.Errorf("Conversation = %+v, %v; want still assigned to the deleted agent (the caller requeues)", conv, err)
		}
		if ms, err := s.Messages(ctx(t), c.ID, 0, 10, true); err != nil || len(ms) == 0 || ms[len(ms)-1].ID != m.ID || ms[len(ms)-1].Author.ID != a.ID {
			t.Errorf("Messages = %+v, %v; want the agent's message with its author", ms, err)
		}
		if _, err := s.CreateAgent(ctx(t), parley.Agent{Email: a.Email}, []byte("h")); err != nil {
			t.Errorf("CreateAgent with a deleted agent's email: %v", err)
		}
		_, err = s.SetAgentState(ctx(t), a.ID, parley.AgentActive)
		wantCode(t, err, parley.ECONFLICT)
		_, err = s.UpdateAgent(ctx(t), a)
		wantNotFound(t, "UpdateAgent(deleted)", err)
		wantNotFound(t, "SetAgentPassword(deleted)", s.SetAgentPassword(ctx(t), a.ID, []byte("h2")))
		err = s.CreateAuthSession(ctx(t), parley.HashToken(parley.NewToken()), a.ID, time.Now().Add(time.Hour))
		wantCode(t, err, parley.ECONFLICT)
	}},
	{"CredentialChangesEndSessions", func(t *testing.T, s Store) {
		a, b := mustAgent(t, s, 2), mustAgent(t, s, 2)
		a1, b1 := mustSignIn(t, s, a.ID), mustSignIn(t, s, b.ID)
		ta := mustToken(t, s, a.ID)
		if err := s.SetAgentPassword(ctx(t), a.ID, []byte("new-hash")); err != nil {
			t.Fatal(err)
		}
		wantSignedIn(t, s, "after a password change", a1, false)
		wantSignedIn(t, s, "another agent after a password change", b1, true)
		wantRevoked(t, s, "after a password change", ta.ID, true)

		a2 := mustSignIn(t, s, a.ID)
		ta2 := mustToken(t, s, a.ID)
		up := a
		up.Name, up.Capacity = "Renamed", 5
		if _, err := s.UpdateAgent(ctx(t), up); err != nil {
			t.Fatal(err)
		}
		wantSignedIn(t, s, "after a change of name only", a2, true)
		wantRevoked(t, s, "after a change of name only", ta2.ID, false)
		up.Role = parley.RoleAdmin
		if got, err := s.UpdateAgent(ctx(t), up); err != nil || got.Role != parley.RoleAdmin || !got.Active() {
			t.Fatalf("UpdateAgent(role) = %+v, %v", got, err)
		}
		wantSignedIn(t, s, "after a change of role", a2, false)
		wantRevoked(t, s, "after a change of role", ta2.ID, true)
		wantSignedIn(t, s, "another agent after a change of role", b1, true)
	}},
	{"SignOutEverywhere", func(t *testing.T, s Store) {
		a, b := mustAgent(t, s, 2), mustAgent(t, s, 2)
		a1, a2, b1 := mustSignIn(t, s, a.ID), mustSignIn(t, s, a.ID), mustSignIn(t, s, b.ID)
		ta := mustToken(t, s, a.ID)
		if err := s.DeleteAgentSessions(ctx(t), a.ID); err != nil {
			t.Fatal(err)
		}
		wantSignedIn(t, s, "first session", a1, false)
		wantSignedIn(t, s, "second session", a2, false)
		wantSignedIn(t, s, "another agent", b1, true)
		wantRevoked(t, s, "tokens are not sessions", ta.ID, false)
		if err := s.DeleteAgentSessions(ctx(t), a.ID); err != nil {
			t.Errorf("again, with none left: %v", err)
		}
		if g, err := s.Agent(ctx(t), a.ID); err != nil || !g.Active() {
			t.Errorf("Agent = %+v, %v; want still active", g, err)
		}
	}},
	{"StateBadInput", func(t *testing.T, s Store) {
		a := mustAgent(t, s, 2)
		_, err := s.SetAgentState(ctx(t), a.ID, "suspended")
		wantCode(t, err, parley.EINVALID)
		_, err = s.SetAgentState(ctx(t), parley.NewID(), parley.AgentDisabled)
		wantNotFound(t, "SetAgentState(unknown)", err)
	}},
}
