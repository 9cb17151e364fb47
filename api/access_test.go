package api

import (
	"net/http"
	"testing"

	"github.com/parley-chat/parley"
)

// An admin's password reset, a change of role and disabling all end the
// person's sessions at once (they used to last their 12 hours).
func TestCredentialChangesEndSessions(t *testing.T) {
	f := newFixture(t)
	root := f.login(t, "root@example.com")
	body := func(role, password string) map[string]any {
		return map[string]any{"name": "ana", "role": role, "password": password, "teams": []string{"l1"}, "capacity": 3}
	}
	ana := f.login(t, "ana@example.com")
	if st, out := f.call(t, "PUT", "/api/v1/agents/"+f.agent.ID, root, body("agent", "")); st != 200 {
		t.Fatalf("rename: %d %v", st, out)
	}
	if st, _ := f.call(t, "GET", "/api/v1/me", ana, nil); st != 200 {
		t.Fatalf("a change of nothing that matters ended the session: %d", st)
	}
	if st, out := f.call(t, "PUT", "/api/v1/agents/"+f.agent.ID, root, body("agent", "a brand new secret")); st != 200 {
		t.Fatalf("password reset: %d %v", st, out)
	}
	if st, _ := f.call(t, "GET", "/api/v1/me", ana, nil); st != 401 {
		t.Fatalf("the old session survived a password reset: %d", st)
	}
	st, out := f.call(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "ana@example.com", "password": "a brand new secret"})
	if st != 200 {
		t.Fatalf("login with the new password: %d %v", st, out)
	}
	ana = out["token"].(string)
	if st, out := f.call(t, "PUT", "/api/v1/agents/"+f.agent.ID, root, body("admin", "")); st != 200 {
		t.Fatalf("promote: %d %v", st, out)
	}
	if st, _ := f.call(t, "GET", "/api/v1/me", ana, nil); st != 401 {
		t.Fatalf("the session survived a change of role: %d", st)
	}
	if st, _ := f.call(t, "GET", "/api/v1/me", root, nil); st != 200 {
		t.Fatalf("the admin's own session ended: %d", st)
	}
}

func TestDisableAndDeleteAgent(t *testing.T) {
	f := newFixture(t)
	root, bo := f.login(t, "root@example.com"), f.login(t, "bo@example.com")
	ana := f.login(t, "ana@example.com")
	base := "/api/v1/conversations/" + f.convID
	if st, out := f.call(t, "POST", base+"/assign", ana, map[string]any{}); st != 200 {
		t.Fatalf("assign: %d %v", st, out)
	}
	if st, _ := f.call(t, "POST", base+"/messages", ana, map[string]any{"text": "Ana here"}); st != 201 {
		t.Fatalf("reply: %d", st)
	}
	disable := map[string]any{"name": "ana", "role": "agent", "teams": []string{"l1"}, "capacity": 3, "disabled": true}
	if st, out := f.call(t, "PUT", "/api/v1/agents/"+f.agent.ID, bo, disable); st != 403 {
		t.Fatalf("an agent disabled another: %d %v", st, out)
	}
	st, out := f.call(t, "PUT", "/api/v1/agents/"+f.agent.ID, root, disable)
	if st != 200 || out["agent"].(map[string]any)["state"] != "disabled" {
		t.Fatalf("disable: %d %v", st, out)
	}
	if st, _ := f.call(t, "GET", "/api/v1/me", ana, nil); st != 401 {
		t.Fatalf("a disabled agent's session still works: %d", st)
	}
	st, out = f.call(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "ana@example.com", "password": "correct horse"})
	if st != 403 || errCode(out) != "forbidden" {
		t.Fatalf("a disabled agent signed in: %d %v", st, out)
	}
	st, out = f.call(t, "GET", base, root, nil)
	conv, msgs := out["conversation"].(map[string]any), out["messages"].([]any)
	if a, _ := conv["assignee_id"].(string); st != 200 || conv["mode"] != "queued" || a != "" {
		t.Fatalf("the disabled agent's conversation was not requeued: %d %v", st, conv)
	}
	last := msgs[len(msgs)-1].(map[string]any)
	if a, _ := last["author"].(map[string]any); a == nil || a["id"] != f.agent.ID {
		// the reply keeps its author whatever the agent's state
		found := false
		for _, m := range msgs {
			if a, _ := m.(map[string]any)["author"].(map[string]any); a != nil && a["id"] == f.agent.ID {
				found = true
			}
		}
		if !found {
			t.Fatalf("the disabled agent's reply lost its author: %v", msgs)
		}
	}
	self := map[string]any{"name": "root", "role": "admin", "teams": []string{"l1"}, "capacity": 3, "disabled": true}
	if st, out := f.call(t, "PUT", "/api/v1/agents/"+f.admin.ID, root, self); st != 400 {
		t.Fatalf("an admin disabled themselves: %d %v", st, out)
	}
	disable["disabled"] = false
	if st, out := f.call(t, "PUT", "/api/v1/agents/"+f.agent.ID, root, disable); st != 200 || out["agent"].(map[string]any)["state"] != "active" {
		t.Fatalf("enable: %d %v", st, out)
	}

	if st, out := f.call(t, "DELETE", "/api/v1/agents/"+f.admin.ID, root, nil); st != 400 {
		t.Fatalf("an admin deleted themselves: %d %v", st, out)
	}
	if st, out := f.call(t, "DELETE", "/api/v1/agents/"+f.agent.ID, root, nil); st != 204 {
		t.Fatalf("delete: %d %v", st, out)
	}
	if st, _ := f.call(t, "DELETE", "/api/v1/agents/"+f.agent.ID, root, nil); st != 409 {
		t.Fatalf("delete twice: %d", st)
	}
	_, out = f.call(t, "GET", "/api/v1/agents", root, nil)
	for _, a := range out["agents"].([]any) {
		if a.(map[string]any)["id"] == f.agent.ID {
			t.Fatalf("a deleted agent is listed: %v", a)
		}
	}
	st, out = f.call(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "ana@example.com", "password": "correct horse"})
	if st != 401 {
		t.Fatalf("a deleted agent signed in: %d %v", st, out)
	}
	if st, out := f.call(t, "POST", "/api/v1/agents", root, map[string]any{"email": "ana@example.com", "name": "Ana again", "role": "agent", "password": "another secret"}); st != 201 {
		t.Fatalf("the deleted agent's email is not free: %d %v", st, out)
	}
	if a, err := f.db.Agent(t.Context(), f.agent.ID); err != nil || a.State != parley.AgentDeleted || a.Name != "ana" {
		t.Fatalf("the deleted agent's row (history's author): %+v %v", a, err)
	}
}

func TestSignOutEverywhere(t *testing.T) {
	f := newFixture(t)
	laptop, phone, other := f.login(t, "ana@example.com"), f.login(t, "ana@example.com"), f.login(t, "bo@example.com")
	// With the cookie it is a write like any other: the CSRF header is needed.
	req, _ := http.NewRequest("POST", f.srv.URL+"/api/v1/auth/logout-everywhere", nil)
	req.AddCookie(&http.Cookie{Name: cookieName, Value: laptop})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Fatalf("without the CSRF header: %d", resp.StatusCode)
	}
	req.Header.Set(csrfHeader, "1")
	if resp, err = http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 204 || len(resp.Cookies()) != 1 || resp.Cookies()[0].MaxAge >= 0 {
		t.Fatalf("sign out everywhere: %d %v", resp.StatusCode, resp.Cookies())
	}
	for name, tok := range map[string]string{"this browser": laptop, "the phone": phone} {
		if st, _ := f.call(t, "GET", "/api/v1/me", tok, nil); st != 401 {
			t.Errorf("%s is still signed in: %d", name, st)
		}
	}
	if st, _ := f.call(t, "GET", "/api/v1/me", other, nil); st != 200 {
		t.Errorf("another agent was signed out: %d", st)
	}
	if st, _ := f.call(t, "POST", "/api/v1/auth/logout-everywhere", "", nil); st != 401 {
		t.Errorf("signed out: %d", st)
	}
}
