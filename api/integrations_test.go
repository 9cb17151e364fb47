package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

// newIntegrationFixture is the API fixture with the integrations store and
// the audit trail configured.
func newIntegrationFixture(t *testing.T) *fixture {
	f := newFixture(t)
	f.srv.Close()
	f.srv = httptest.NewServer(New(Config{Store: f.db}).Handler())
	t.Cleanup(f.srv.Close)
	return f
}

// mintToken creates an API token as admin and returns its secret and id.
func (f *fixture) mintToken(t *testing.T, admin, role string) (string, string) {
	t.Helper()
	st, out := f.call(t, "POST", "/api/v1/tokens", admin, map[string]any{"name": "CRM " + role, "role": role})
	if st != 201 {
		t.Fatalf("create token: %d %v", st, out)
	}
	secret, _ := out["secret"].(string)
	tok, _ := out["token"].(map[string]any)
	if !strings.HasPrefix(secret, parley.APITokenPrefix) || tok["id"] == "" || tok["role"] != role || tok["revoked"] != false {
		t.Fatalf("create token answered %v", out)
	}
	return secret, tok["id"].(string)
}

func TestAPITokens(t *testing.T) {
	f := newIntegrationFixture(t)
	admin := f.login(t, "root@example.com")
	adminTok, adminID := f.mintToken(t, admin, "admin")
	agentTok, _ := f.mintToken(t, admin, "agent")

	st, me := f.call(t, "GET", "/api/v1/me", adminTok, nil)
	if st != 200 || me["id"] != "token:"+adminID || me["name"] != "CRM admin" || me["role"] != "admin" {
		t.Errorf("me with an admin token: %d %v", st, me)
	}
	if st, _ := f.call(t, "GET", "/api/v1/webhooks", adminTok, nil); st != 200 {
		t.Errorf("admin token on an admin route: %d", st)
	}
	if st, out := f.call(t, "GET", "/api/v1/webhooks", agentTok, nil); st != 403 {
		t.Errorf("agent token on an admin route: %d %v", st, out)
	}
	if st, _ := f.call(t, "GET", "/api/v1/conversations", agentTok, nil); st != 200 {
		t.Errorf("agent token on an agent route: %d", st)
	}
	// A token, even an admin's, cannot mint, list or revoke tokens.
	for _, r := range [][2]string{{"POST", "/api/v1/tokens"}, {"GET", "/api/v1/tokens"}, {"DELETE", "/api/v1/tokens/" + adminID}} {
		st, out := f.call(t, r[0], r[1], adminTok, map[string]any{"name": "more", "role": "admin"})
		if st != 403 || !strings.Contains(out["error"].(map[string]any)["message"].(string), "API tokens cannot manage tokens") {
			t.Errorf("%s %s with a token: %d %v", r[0], r[1], st, out)
		}
	}
	st, list := f.call(t, "GET", "/api/v1/tokens", admin, nil)
	toks, _ := list["tokens"].([]any)
	if st != 200 || len(toks) != 2 {
		t.Fatalf("list: %d %v", st, list)
	}
	for _, x := range toks {
		m := x.(map[string]any)
		if _, leaked := m["secret"]; leaked || m["created_by"] != f.admin.ID {
			t.Errorf("listed token %v", m)
		}
		if m["id"] == adminID && m["last_used_at"] == nil {
			t.Errorf("a used token shows no last use: %v", m)
		}
	}
	if st, _ := f.call(t, "DELETE", "/api/v1/tokens/"+adminID, admin, nil); st != 204 {
		t.Fatalf("revoke: %d", st)
	}
	if st, out := f.call(t, "GET", "/api/v1/me", adminTok, nil); st != 401 || errCode(out) != "unauthorized" {
		t.Errorf("revoked token: %d %v", st, out)
	}
	if st, _ := f.call(t, "DELETE", "/api/v1/tokens/nope", admin, nil); st != 404 {
		t.Errorf("revoke unknown: %d", st)
	}
	if st, _ := f.call(t, "GET", "/api/v1/me", parley.APITokenPrefix+parley.NewToken(), nil); st != 401 {
		t.Errorf("unknown token: %d", st)
	}
	// Never from a cookie: a cookie rides along on other sites' requests.
	req, _ := http.NewRequest("GET", f.srv.URL+"/api/v1/me", nil)
	req.AddCookie(&http.Cookie{Name: cookieName, Value: agentTok})
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 401 {
		t.Errorf("token in a cookie: %v %v", resp.StatusCode, err)
	} else {
		resp.Body.Close()
	}
	entries, err := f.db.AuditLog(t.Context(), 0, 50)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
		if strings.Contains(e.Detail, adminTok) || strings.Contains(e.Detail, "pat_") {
			t.Errorf("audit detail holds a secret: %s", e.Detail)
		}
	}
	if got := strings.Join(actions, ","); !strings.Contains(got, "token.create") || !strings.Contains(got, "token.revoke") {
		t.Errorf("audit actions = %s", got)
	}
}

func TestAPITokenExpiry(t *testing.T) {
	f := newIntegrationFixture(t)
	admin := f.login(t, "root@example.com")
	soon := time.Now().Add(time.Hour)
	st, out := f.call(t, "POST", "/api/v1/tokens", admin, map[string]any{"name": "n", "role": "agent", "expires_at": soon})
	if st != 201 {
		t.Fatalf("create: %d %v", st, out)
	}
	id := out["token"].(map[string]any)["id"].(string)
	f.srv.Close()
	later := New(Config{Store: f.db, Now: func() time.Time { return soon.Add(time.Second) }})
	f.srv = httptest.NewServer(later.Handler())
	if st, _ := f.call(t, "GET", "/api/v1/me", out["secret"].(string), nil); st != 401 {
		t.Errorf("expired token %s: %d", id, st)
	}
	for name, body := range map[string]map[string]any{
		"past expiry":  {"name": "n", "role": "agent", "expires_at": time.Now().Add(-time.Hour)},
		"no name":      {"name": " ", "role": "agent"},
		"unknown role": {"name": "n", "role": "owner"},
		"extra field":  {"name": "n", "role": "agent", "scopes": []string{"all"}},
	} {
		if st, out := f.call(t, "POST", "/api/v1/tokens", f.login(t, "root@example.com"), body); st != 400 || errCode(out) != "invalid" {
			t.Errorf("%s: %d %v", name, st, out)
		}
	}
}

func TestIntegrationsAuthorization(t *testing.T) {
	f := newIntegrationFixture(t)
	agent := f.login(t, "ana@example.com")
	for _, r := range [][2]string{{"GET", "/api/v1/tokens"}, {"POST", "/api/v1/tokens"}, {"DELETE", "/api/v1/tokens/x"},
		{"GET", "/api/v1/webhooks"}, {"POST", "/api/v1/webhooks"}, {"PUT", "/api/v1/webhooks/x"},
		{"DELETE", "/api/v1/webhooks/x"}, {"GET", "/api/v1/webhooks/x/deliveries"}} {
		if st, out := f.call(t, r[0], r[1], "", map[string]any{}); st != 401 || errCode(out) != "unauthorized" {
			t.Errorf("%s %s unauthenticated: %d %v", r[0], r[1], st, out)
		}
		if st, out := f.call(t, r[0], r[1], agent, map[string]any{}); st != 403 || errCode(out) != "forbidden" {
			t.Errorf("%s %s as an agent: %d %v", r[0], r[1], st, out)
		}
	}
}

func TestWebhooksREST(t *testing.T) {
	f := newIntegrationFixture(t)
	admin := f.login(t, "root@example.com")
	st, out := f.call(t, "POST", "/api/v1/webhooks", admin, map[string]any{"url": "https://crm.example.com/in",
		"events": []string{"conversation.resolved", "csat.received"}, "description": "CRM"})
	if st != 201 {
		t.Fatalf("create: %d %v", st, out)
	}
	hook := out["webhook"].(map[string]any)
	id := hook["id"].(string)
	if !strings.HasPrefix(out["secret"].(string), "whsec_") || hook["active"] != true || len(hook["events"].([]any)) != 2 {
		t.Errorf("create answered %v", out)
	}
	if _, leaked := hook["secret"]; leaked {
		t.Error("the webhook object carries its secret")
	}
	for name, body := range map[string]map[string]any{
		"ftp url":       {"url": "ftp://example.com/x"},
		"relative url":  {"url": "/hooks"},
		"no url":        {"description": "x"},
		"unknown event": {"url": "https://example.com", "events": []string{"conversation.deleted"}},
		"unknown field": {"url": "https://example.com", "secret": "mine"},
	} {
		if st, out := f.call(t, "POST", "/api/v1/webhooks", admin, body); st != 400 || errCode(out) != "invalid" {
			t.Errorf("%s: %d %v", name, st, out)
		}
	}
	st, out = f.call(t, "PUT", "/api/v1/webhooks/"+id, admin, map[string]any{"url": "http://93.184.216.34/in", "events": []string{}, "active": false})
	if up := out["webhook"].(map[string]any); st != 200 || up["url"] != "http://93.184.216.34/in" || up["active"] != false || len(up["events"].([]any)) != 0 {
		t.Errorf("update: %d %v", st, out)
	}
	if st, out := f.call(t, "PUT", "/api/v1/webhooks/"+id, admin, map[string]any{"url": "gopher://x"}); st != 400 {
		t.Errorf("update to a bad url: %d %v", st, out)
	}
	if st, _ := f.call(t, "PUT", "/api/v1/webhooks/nope", admin, map[string]any{"url": "https://x.example"}); st != 404 {
		t.Errorf("update unknown: %d", st)
	}
	stored, _ := f.db.Webhook(t.Context(), id)
	if err := f.db.EnqueueWebhookDeliveries(t.Context(), 0, 1, []parley.WebhookDelivery{{WebhookID: id, ActivityID: "a1",
		Event: parley.ActivityResolved, Payload: []byte(`{}`)}}); err != nil {
		t.Fatal(err)
	}
	st, out = f.call(t, "GET", "/api/v1/webhooks/"+id+"/deliveries", admin, nil)
	ds, _ := out["deliveries"].([]any)
	if st != 200 || len(ds) != 1 || ds[0].(map[string]any)["event"] != "conversation.resolved" ||
		ds[0].(map[string]any)["status"] != "pending" || ds[0].(map[string]any)["next_retry"] == nil {
		t.Errorf("deliveries: %d %v", st, out)
	}
	if st, _ := f.call(t, "GET", "/api/v1/webhooks/"+id+"/deliveries?limit=0", admin, nil); st != 400 {
		t.Errorf("limit=0: %d", st)
	}
	st, out = f.call(t, "GET", "/api/v1/webhooks", admin, nil)
	if list := out["webhooks"].([]any); st != 200 || len(list) != 1 {
		t.Errorf("list: %d %v", st, out)
	}
	if st, _ := f.call(t, "DELETE", "/api/v1/webhooks/"+id, admin, nil); st != 204 {
		t.Errorf("delete: %d", st)
	}
	if st, _ := f.call(t, "GET", "/api/v1/webhooks/"+id+"/deliveries", admin, nil); st != 404 {
		t.Errorf("deliveries of a deleted webhook: %d", st)
	}
	entries, _ := f.db.AuditLog(t.Context(), 0, 50)
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
		if strings.Contains(e.Detail, stored.Secret) {
			t.Errorf("audit detail holds the signing secret: %s", e.Detail)
		}
	}
	for _, want := range []string{"webhook.create", "webhook.update", "webhook.delete"} {
		if !strings.Contains(strings.Join(actions, ","), want) {
			t.Errorf("audit actions %v lack %s", actions, want)
		}
	}
}

// TestAPITokenCannotMintCredentials: a leaked admin token must not open a way
// in that outlives its revocation — no new admin with a password, no password
// reset, no promotion, no new identity secret for signing visitors' ids.
func TestAPITokenCannotMintCredentials(t *testing.T) {
	f := newFixture(t)
	admin := f.login(t, "root@example.com")
	tok, _ := f.mintToken(t, admin, "admin")
	forbidden := func(what string, st int, out map[string]any) {
		t.Helper()
		e, _ := out["error"].(map[string]any)
		msg, _ := e["message"].(string)
		if st != 403 || !strings.Contains(msg, "API tokens cannot") {
			t.Errorf("%s with a token: %d %v", what, st, out)
		}
	}
	st, out := f.call(t, "POST", "/api/v1/agents", tok, map[string]any{"email": "mole@example.com", "name": "Mole", "role": "admin", "password": "a long secret"})
	forbidden("create an admin", st, out)
	path := "/api/v1/agents/" + f.admin.ID
	st, out = f.call(t, "PUT", path, tok, map[string]any{"name": "root", "role": "admin", "password": "taken over!", "teams": []string{"l1"}, "capacity": 3})
	forbidden("reset an admin's password", st, out)
	st, out = f.call(t, "PUT", "/api/v1/agents/"+f.agent.ID, tok, map[string]any{"name": "ana", "role": "admin", "teams": []string{"l1"}, "capacity": 3})
	forbidden("promote an agent", st, out)
	st, out = f.call(t, "PUT", "/api/v1/sites/demo", tok, map[string]any{"name": "Demo", "identity_secret": "known-to-the-attacker"})
	forbidden("set the identity secret", st, out)

	if _, _, err := f.db.AgentByEmail(t.Context(), "mole@example.com"); err == nil {
		t.Error("the token created an agent")
	}
	if st, _ := f.call(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "root@example.com", "password": "taken over!"}); st == 200 {
		t.Error("the token's password reset took effect")
	}
	if a, _ := f.db.Agent(t.Context(), f.agent.ID); a.Role != parley.RoleAgent {
		t.Errorf("agent's role is now %q", a.Role)
	}
	// What is no credential stays open to a token: an agent's teams and capacity.
	st, out = f.call(t, "PUT", "/api/v1/agents/"+f.agent.ID, tok, map[string]any{"name": "Ana", "role": "agent", "teams": []string{"billing"}, "capacity": 5})
	if st != 200 {
		t.Errorf("token changing an agent's teams: %d %v", st, out)
	}
	// A person with the same role still can.
	st, out = f.call(t, "PUT", "/api/v1/agents/"+f.agent.ID, admin, map[string]any{"name": "Ana", "role": "agent", "password": "a new secret", "teams": []string{"l1"}, "capacity": 3})
	if st != 200 {
		t.Errorf("admin resetting a password: %d %v", st, out)
	}
}
