package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// With the accept step, the console shows the offer with its reason and
// an Accept button; accepting assigns the conversation to the agent.
func TestConsoleAcceptsAnOffer(t *testing.T) {
	cfg := testConfig(t)
	cfg.RouteAcceptRequired = true
	var out strings.Builder
	if err := run(context.Background(), []string{"user", "add", "--email", "ana@example.com", "--password", "correct horse",
		"--role", "agent", "--name", "Ana", "--data-dir", cfg.DataDir}, &out, &out); err != nil {
		t.Fatal(err)
	}
	m := startMain(t, cfg)
	visitor := dialVisitor(t, m.Addr.String())
	conv := visitor.hello("", 0)["conversation_id"].(string)
	visitor.send(map[string]any{"type": "human", "client_id": "h"})
	visitor.expect("status", "mode", "queued")

	b := newBrowser(t)
	b.navigate("http://" + m.Addr.String() + "/console")
	b.wait("the sign-in form", `!document.querySelector('#login').hidden`)
	b.fill("#email", "ana@example.com")
	b.fill("#password", "correct horse")
	b.click("#login-form button[type=submit]")
	row := fmt.Sprintf(`#offers .offer[data-conversation=%q]`, conv)
	b.wait("the offer", fmt.Sprintf(`/least busy 0\//.test(document.querySelector(%q)?.textContent ?? '')`, row))
	b.click(row + " .accept")
	if a := visitor.expect("status", "mode", "assigned")["agent"].(map[string]any); a["name"] != "Ana" {
		t.Fatalf("assigned to %v", a)
	}
	b.wait("the offer gone and the conversation open", fmt.Sprintf(`!document.querySelector(%q) && location.hash === '#c/' + %q`, row, conv))
}
