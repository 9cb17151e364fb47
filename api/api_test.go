package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/bot"
	"github.com/parley-chat/parley/handoff"
	"github.com/parley-chat/parley/inmem"
	"github.com/parley-chat/parley/librarian"
	"github.com/parley-chat/parley/store/sqlite"
)

type fixture struct {
	srv    *httptest.Server
	db     *sqlite.DB
	agent  parley.Agent
	other  parley.Agent
	admin  parley.Agent
	convID string
	lib    *librarian.Librarian
	api    *Server
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "api.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	hash, _ := bcrypt.GenerateFromPassword([]byte("correct horse"), bcrypt.MinCost)
	mk := func(email string, role parley.Role) parley.Agent {
		a, err := db.CreateAgent(ctx, parley.Agent{Email: email, Name: strings.Split(email, "@")[0], Role: role, Teams: []string{"l1"}, Capacity: 3}, hash)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	f := &fixture{db: db, agent: mk("ana@example.com", parley.RoleAgent), other: mk("bo@example.com", parley.RoleAgent), admin: mk("root@example.com", parley.RoleAdmin)}
	if _, err := db.PutTeam(ctx, parley.Team{Key: "l1", Name: "General"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.PutTeam(ctx, parley.Team{Key: "billing", Name: "Billing"}); err != nil {
		t.Fatal(err)
	}
	site, _ := db.EnsureSite(ctx, parley.Site{Key: "demo"})
	sess, _ := db.CreateSession(ctx, site.ID, parley.HashToken(parley.NewToken()), parley.Contact{})
	f.convID = sess.Conversation.ID
	db.AppendMessage(ctx, parley.Message{ConversationID: f.convID, Author: parley.Author{Kind: parley.AuthorVisitor}, Text: "I need a person"})
	if _, err := db.Enqueue(ctx, f.convID, parley.Conversation{Team: "l1", Urgency: parley.UrgencyHigh, HandoffReason: "human_requested", QueuedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	desk := handoff.New(handoff.Config{Store: db, Desk: db})
	f.lib = librarian.New(db, bot.NewService(bot.Config{}), nil)
	api := New(Config{Store: db, Desk: desk, Curator: f.lib,
		Limiter: inmem.NewLimiter(nil), LoginRate: parley.Rate{Count: 5, Period: time.Hour, Burst: 5}})
	f.api = api
	f.srv = httptest.NewServer(api.Handler())
	t.Cleanup(f.srv.Close)
	return f
}

// call sends a JSON request with a bearer token ("" for none).
func (f *fixture) call(t *testing.T, method, path, token string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	return f.send(t, method, path, token, "", rd)
}

// send sends body with contentType ("" for none) and a bearer token ("" for
// none), and decodes the JSON answer.
func (f *fixture) send(t *testing.T, method, path, token, contentType string, body io.Reader) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, f.srv.URL+path, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func (f *fixture) login(t *testing.T, email string) string {
	t.Helper()
	st, out := f.call(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": "correct horse"})
	if st != 200 {
		t.Fatalf("login %s: %d %v", email, st, out)
	}
	return out["token"].(string)
}

func errCode(out map[string]any) string {
	e, _ := out["error"].(map[string]any)
	s, _ := e["code"].(string)
	return s
}

func TestNothingWithoutSignIn(t *testing.T) {
	f := newFixture(t)
	for _, r := range [][2]string{{"GET", "/api/v1/conversations"}, {"GET", "/api/v1/conversations/" + f.convID},
		{"POST", "/api/v1/conversations/" + f.convID + "/assign"}, {"POST", "/api/v1/conversations/" + f.convID + "/messages"},
		{"POST", "/api/v1/conversations/" + f.convID + "/transfer"}, {"POST", "/api/v1/conversations/" + f.convID + "/resolve"}, {"GET", "/api/v1/me"}} {
		if st, out := f.call(t, r[0], r[1], "", map[string]any{}); st != 401 || errCode(out) != "unauthorized" {
			t.Errorf("%s %s: %d %v", r[0], r[1], st, out)
		}
		if st, _ := f.call(t, r[0], r[1], "forged-token", map[string]any{}); st != 401 {
			t.Errorf("%s %s with a forged token: %d", r[0], r[1], st)
		}
	}
}

func TestLogin(t *testing.T) {
	f := newFixture(t)
	st1, out1 := f.call(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "ana@example.com", "password": "wrong"})
	st2, out2 := f.call(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "nobody@example.com", "password": "wrong"})
	if st1 != 401 || st2 != 401 || errCode(out1) != errCode(out2) {
		t.Fatalf("wrong password %d %v; unknown email %d %v: must look alike", st1, out1, st2, out2)
	}
	if st, out := f.call(t, "POST", "/api/v1/auth/login", "", map[string]any{"email": "ana@example.com", "password": "x", "admin": true}); st != 400 || !strings.Contains(out["error"].(map[string]any)["message"].(string), "admin") {
		t.Fatalf("unknown field: %d %v", st, out)
	}
	tok := f.login(t, "ANA@example.com")
	if st, out := f.call(t, "GET", "/api/v1/me", tok, nil); st != 200 || out["email"] != "ana@example.com" {
		t.Fatalf("me: %d %v", st, out)
	}
	for range 5 {
		f.call(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "ana@example.com", "password": "guess"})
	}
	if st, out := f.call(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "ana@example.com", "password": "guess"}); st != 429 {
		t.Fatalf("brute force not limited: %d %v", st, out)
	}
}

// cookiePost sends a POST authenticated by the session cookie alone, with
// or without the CSRF header, and returns the status.
func (f *fixture) cookiePost(t *testing.T, path, session, body string, csrf bool) int {
	t.Helper()
	req, _ := http.NewRequest("POST", f.srv.URL+path, strings.NewReader(body))
	req.AddCookie(&http.Cookie{Name: cookieName, Value: session})
	if csrf {
		req.Header.Set(csrfHeader, "1")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestCookieWritesNeedCSRFHeader(t *testing.T) {
	f := newFixture(t)
	tok := f.login(t, "ana@example.com")
	do := func(csrf bool) int {
		return f.cookiePost(t, "/api/v1/conversations/"+f.convID+"/assign", tok, `{}`, csrf)
	}
	if st := do(false); st != 403 {
		t.Fatalf("cookie write without CSRF header: %d", st)
	}
	if st := do(true); st != 200 {
		t.Fatalf("cookie write with CSRF header: %d", st)
	}
}

func TestAssignReplyTransferResolve(t *testing.T) {
	f := newFixture(t)
	ana, bo, root := f.login(t, "ana@example.com"), f.login(t, "bo@example.com"), f.login(t, "root@example.com")
	base := "/api/v1/conversations/" + f.convID
	if st, out := f.call(t, "GET", "/api/v1/conversations?mode=queued", ana, nil); st != 200 || len(out["conversations"].([]any)) != 1 {
		t.Fatalf("queue: %d %v", st, out)
	}
	if st, _ := f.call(t, "POST", base+"/assign", ana, map[string]string{"agent_id": f.other.ID}); st != 403 {
		t.Fatalf("agent assigned someone else: %d", st)
	}
	if st, out := f.call(t, "POST", base+"/assign", ana, map[string]string{}); st != 200 || out["conversation"].(map[string]any)["assignee_id"] != f.agent.ID {
		t.Fatalf("assign to me: %d %v", st, out)
	}
	if st, out := f.call(t, "POST", base+"/assign", bo, map[string]string{}); st != 409 || errCode(out) != "conflict" {
		t.Fatalf("second claim: %d %v", st, out)
	}
	if st, _ := f.call(t, "POST", base+"/messages", ana, map[string]any{"text": "Hi, I'm Ana. Looking now."}); st != 201 {
		t.Fatalf("reply: %d", st)
	}
	if st, _ := f.call(t, "POST", base+"/messages", root, map[string]any{"text": "note for Ana", "private": true}); st != 201 {
		t.Fatalf("note: %d", st) // an admin's: agents may not act on others' conversations (TestOthersConversationIsOffLimits)
	}
	if st, out := f.call(t, "POST", base+"/messages", ana, map[string]any{"text": "   "}); st != 400 {
		t.Fatalf("empty reply: %d %v", st, out)
	}
	st, out := f.call(t, "GET", base, bo, nil)
	msgs := out["messages"].([]any)
	if st != 200 || len(msgs) != 3 || msgs[2].(map[string]any)["private"] != true {
		t.Fatalf("transcript: %d %v", st, out)
	}
	if c := out["conversation"].(map[string]any); c["first_response_at"] == nil || c["urgency"] != "high" || c["contact"] == nil {
		t.Fatalf("conversation: %v", c)
	}
	if st, _ := f.call(t, "POST", base+"/transfer", ana, map[string]string{"team": "nope"}); st != 404 {
		t.Fatalf("transfer to unknown team: %d", st)
	}
	if st, out := f.call(t, "POST", base+"/transfer", ana, map[string]string{"team": "billing"}); st != 200 || out["conversation"].(map[string]any)["mode"] != "queued" {
		t.Fatalf("transfer: %d %v", st, out)
	}
	if st, _ := f.call(t, "POST", base+"/assign", root, map[string]string{"agent_id": f.other.ID}); st != 200 {
		t.Fatalf("admin assigns bo: %d", st)
	}
	if st, out := f.call(t, "POST", base+"/resolve", bo, nil); st != 200 || out["conversation"].(map[string]any)["mode"] != "resolved" {
		t.Fatalf("resolve: %d %v", st, out)
	}
	_, out = f.call(t, "GET", base, bo, nil)
	last := out["messages"].([]any)
	if m := last[len(last)-1].(map[string]any); !strings.Contains(string(mustJSON(m["meta"])), "csat_requested") {
		t.Fatalf("no CSAT request after a person resolved: %v", m)
	}
}

func TestBadInputIsNamed(t *testing.T) {
	f := newFixture(t)
	tok := f.login(t, "ana@example.com")
	if st, out := f.call(t, "GET", "/api/v1/conversations?mode=open", tok, nil); st != 400 || !strings.Contains(out["error"].(map[string]any)["message"].(string), "mode") {
		t.Fatalf("bad mode: %d %v", st, out)
	}
	if st, _ := f.call(t, "GET", "/api/v1/conversations/does-not-exist", tok, nil); st != 404 {
		t.Fatalf("unknown conversation: %d", st)
	}
	if st, out := f.call(t, "GET", "/api/v1/nothing-here", tok, nil); st != 404 || errCode(out) != "not_found" {
		t.Fatalf("unknown route: %d %v", st, out)
	}
}

func mustJSON(v any) []byte { b, _ := json.Marshal(v); return b }
