package storetest

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

// mustAgent creates an agent with a fresh email and the given capacity.
func mustAgent(t *testing.T, s Store, capacity int) parley.Agent {
	t.Helper()
	a, err := s.CreateAgent(ctx(t), parley.Agent{Email: parley.NewID() + "@example.com", Name: "Agent", Capacity: capacity}, []byte("hash"))
	if err != nil {
		t.Fatalf("CreateAgent: %v", err)
	}
	return a
}

var agentTests = []test{
	{"CreateAndRead", func(t *testing.T, s Store) {
		in := parley.Agent{ID: "", Email: "  Ана.Petrović@Example.COM ", Name: "Ана Петровић", Role: parley.RoleAdmin,
			Teams: []string{"l2", "billing"}, Languages: []string{"SR-latn", "en"}, Skills: []string{"sql", "рефунд"}, Capacity: 7}
		before := time.Now().Add(-time.Minute)
		got, err := s.CreateAgent(ctx(t), in, []byte("$2a$10$hash"))
		if err != nil {
			t.Fatalf("CreateAgent: %v", err)
		}
		want := in
		want.ID, want.CreatedAt = got.ID, got.CreatedAt
		want.Email, want.Languages = "Ана.Petrović@Example.COM", []string{"sr-Latn", "en"}
		if got.ID == "" || got.CreatedAt.Before(before) || !reflect.DeepEqual(got, want) {
			t.Fatalf("CreateAgent = %+v, want %+v with id and now", got, want)
		}
		wantUTC(t, "CreatedAt", got.CreatedAt)
		if a, err := s.Agent(ctx(t), got.ID); err != nil || !reflect.DeepEqual(a, want) {
			t.Errorf("Agent = %+v, %v; want %+v", a, err, want)
		}
		for _, email := range []string{"ана.petrović@example.com", "АНА.PETROVIĆ@EXAMPLE.COM", " Ана.Petrović@Example.COM"} {
			a, hash, err := s.AgentByEmail(ctx(t), email)
			if err != nil || !reflect.DeepEqual(a, want) || string(hash) != "$2a$10$hash" {
				t.Errorf("AgentByEmail(%q) = %+v, %q, %v", email, a, hash, err)
			}
		}
		_, _, err = s.AgentByEmail(ctx(t), "nobody@example.com")
		wantNotFound(t, "AgentByEmail unknown", err)
		_, err = s.Agent(ctx(t), parley.NewID())
		wantNotFound(t, "Agent unknown", err)
	}},
	{"Defaults", func(t *testing.T, s Store) {
		got, err := s.CreateAgent(ctx(t), parley.Agent{Email: "a@example.com", Teams: []string{}, Skills: []string{}}, []byte("h"))
		if err != nil {
			t.Fatalf("CreateAgent: %v", err)
		}
		if got.Role != parley.RoleAgent || got.Capacity != 3 || got.Teams != nil || got.Languages != nil || got.Skills != nil {
			t.Errorf("CreateAgent = %+v; want role agent, capacity 3, nil lists", got)
		}
		if a, err := s.Agent(ctx(t), got.ID); err != nil || !reflect.DeepEqual(a, got) {
			t.Errorf("Agent = %+v, %v; want %+v", a, err, got)
		}
	}},
	{"EmailUniqueIgnoringCase", func(t *testing.T, s Store) {
		a, err := s.CreateAgent(ctx(t), parley.Agent{Email: "Dup@Example.com"}, []byte("h"))
		if err != nil {
			t.Fatalf("CreateAgent: %v", err)
		}
		_, err = s.CreateAgent(ctx(t), parley.Agent{Email: "dup@EXAMPLE.com"}, []byte("h"))
		wantCode(t, err, parley.ECONFLICT)
		_, err = s.CreateAgent(ctx(t), parley.Agent{ID: a.ID, Email: "other@example.com"}, []byte("h"))
		wantCode(t, err, parley.ECONFLICT)
		b := mustAgent(t, s, 0)
		b.Email = "DUP@example.COM"
		_, err = s.UpdateAgent(ctx(t), b)
		wantCode(t, err, parley.ECONFLICT)
		if all, err := s.Agents(ctx(t)); err != nil || len(all) != 2 {
			t.Errorf("Agents = %+v, %v; want the 2 created", all, err)
		}
	}},
	{"RefusesBadInput", func(t *testing.T, s Store) {
		for i, a := range []parley.Agent{
			{}, {Email: "no-at-sign"}, {Email: "a@b", Role: "owner"}, {Email: "a@b", Capacity: -1}, {Email: "a@b", Capacity: 101},
			{Email: "a@b", Name: "bad\xff"}, {Email: "a@b", Languages: []string{"english"}}, {Email: "a@b", Languages: []string{""}},
			{Email: "a@b", Teams: []string{""}}, {Email: "a@b", Skills: []string{"x\x00"}}, {Email: strings.Repeat("a", 250) + "@b.cd"},
		} {
			if _, err := s.CreateAgent(ctx(t), a, []byte("h")); parley.ErrorCode(err) != parley.EINVALID {
				t.Errorf("case %d: CreateAgent(%+v) = %v, want EINVALID", i, a, err)
			}
		}
		_, err := s.CreateAgent(ctx(t), parley.Agent{Email: "a@b"}, nil)
		wantCode(t, err, parley.EINVALID)
		_, err = s.CreateAgent(ctx(t), parley.Agent{Email: "a@b"}, make([]byte, 1025))
		wantCode(t, err, parley.EINVALID)
		if all, err := s.Agents(ctx(t)); err != nil || all != nil {
			t.Errorf("Agents after refusals = %+v, %v; want none", all, err)
		}
	}},
	{"UpdateAndList", func(t *testing.T, s Store) {
		var ids []string
		for _, name := range []string{"Zoë", "Adam", "adam", "Émile"} {
			a, err := s.CreateAgent(ctx(t), parley.Agent{Email: parley.NewID() + "@x.io", Name: name}, []byte("pw-"+name))
			if err != nil {
				t.Fatalf("CreateAgent(%s): %v", name, err)
			}
			ids = append(ids, a.ID)
		}
		all, err := s.Agents(ctx(t))
		if err != nil || len(all) != 4 || all[0].Name != "Adam" || all[1].Name != "Zoë" || all[2].Name != "adam" || all[3].Name != "Émile" {
			t.Fatalf("Agents = %+v, %v; want by name in byte order", all, err)
		}
		up := all[0]
		up.Email, up.Name, up.Role, up.Capacity = "New@x.io", "Adam B", parley.RoleAdmin, 0
		up.Teams, up.Languages, up.Skills = []string{"l1"}, []string{"DE"}, nil
		up.CreatedAt = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
		got, err := s.UpdateAgent(ctx(t), up)
		want := up
		want.CreatedAt, want.Capacity, want.Languages = all[0].CreatedAt, 3, []string{"de"}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("UpdateAgent = %+v, %v; want %+v", got, err, want)
		}
		a, hash, err := s.AgentByEmail(ctx(t), "new@x.io")
		if err != nil || !reflect.DeepEqual(a, want) || string(hash) != "pw-Adam" {
			t.Errorf("AgentByEmail after update = %+v, %q, %v; want the password kept", a, hash, err)
		}
		_, _, err = s.AgentByEmail(ctx(t), all[0].Email)
		wantNotFound(t, "old email", err)
		up.ID = parley.NewID()
		_, err = s.UpdateAgent(ctx(t), up)
		wantNotFound(t, "UpdateAgent unknown", err)
		_, err = s.UpdateAgent(ctx(t), parley.Agent{ID: ids[1], Email: "x@y", Capacity: 500})
		wantCode(t, err, parley.EINVALID)
	}},
	{"Password", func(t *testing.T, s Store) {
		a := mustAgent(t, s, 0)
		if err := s.SetAgentPassword(ctx(t), a.ID, []byte("new-hash")); err != nil {
			t.Fatalf("SetAgentPassword: %v", err)
		}
		if _, hash, err := s.AgentByEmail(ctx(t), a.Email); err != nil || string(hash) != "new-hash" {
			t.Errorf("hash after SetAgentPassword = %q, %v", hash, err)
		}
		wantCode(t, s.SetAgentPassword(ctx(t), a.ID, nil), parley.EINVALID)
		wantNotFound(t, "SetAgentPassword unknown", s.SetAgentPassword(ctx(t), parley.NewID(), []byte("h")))
		if _, hash, err := s.AgentByEmail(ctx(t), a.Email); err != nil || string(hash) != "new-hash" {
			t.Errorf("hash after refusals = %q, %v", hash, err)
		}
	}},
	{"AuthSessions", func(t *testing.T, s Store) {
		a := mustAgent(t, s, 0)
		tok := parley.HashToken(parley.NewToken())
		tehran := time.FixedZone("IRST", 3*3600+1800)
		expires := time.Now().Add(time.Hour).In(tehran)
		if err := s.CreateAuthSession(ctx(t), tok, a.ID, expires); err != nil {
			t.Fatalf("CreateAuthSession: %v", err)
		}
		id, exp, err := s.AuthSession(ctx(t), tok)
		if err != nil || id != a.ID || !exp.Equal(expires.Truncate(time.Microsecond)) || exp.Location() != time.UTC {
			t.Fatalf("AuthSession = %s, %v, %v; want %s, %v in UTC", id, exp, err, a.ID, expires)
		}
		wantCode(t, s.CreateAuthSession(ctx(t), tok, a.ID, expires), parley.ECONFLICT)
		wantCode(t, s.CreateAuthSession(ctx(t), []byte("plaintext-token"), a.ID, expires), parley.EINVALID)
		wantCode(t, s.CreateAuthSession(ctx(t), parley.HashToken("x"), a.ID, time.Time{}), parley.EINVALID)
		wantNotFound(t, "unknown agent", s.CreateAuthSession(ctx(t), parley.HashToken("y"), parley.NewID(), expires))
		old := parley.HashToken(parley.NewToken())
		if err := s.CreateAuthSession(ctx(t), old, a.ID, time.Now().Add(-time.Second)); err != nil {
			t.Fatalf("CreateAuthSession expired: %v", err)
		}
		_, _, err = s.AuthSession(ctx(t), old)
		wantNotFound(t, "expired session", err)
		_, _, err = s.AuthSession(ctx(t), parley.HashToken(parley.NewToken()))
		wantNotFound(t, "unknown session", err)
		for range 2 {
			if err := s.DeleteAuthSession(ctx(t), tok); err != nil {
				t.Fatalf("DeleteAuthSession: %v", err)
			}
		}
		_, _, err = s.AuthSession(ctx(t), tok)
		wantNotFound(t, "deleted session", err)
		if err := s.CreateAuthSession(ctx(t), tok, a.ID, expires); err != nil {
			t.Errorf("binding a signed-out token hash again: %v", err)
		}
	}},
}
