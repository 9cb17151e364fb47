package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// The bot's "Read the full article" link names the site and opens the
// help center's page on this server: the whole article, 200.
func TestBotLinksToTheHelpCenter(t *testing.T) {
	m := startMain(t, testConfig(t))
	c := dialVisitor(t, m.Addr.String())
	c.hello("", 0)
	c.send(map[string]any{"type": "send", "client_id": "q", "text": "How can I reset my password? I forgot it"})
	text, meta := botReply(t, c)
	arts, _ := meta["articles"].([]any)
	if len(arts) == 0 {
		t.Fatalf("no articles in %v", meta)
	}
	link, _ := arts[0].(map[string]any)["url"].(string)
	if link != "/help/reset-password?site=demo&lang=en" || !strings.Contains(text, link) {
		t.Fatalf("article link %q in %q", link, text)
	}
	res, err := http.Get("http://" + m.Addr.String() + link)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	page, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(page), "<h1>How to reset your password</h1>") ||
		!strings.Contains(string(page), "Choose a new password of at least 10 characters") {
		t.Errorf("GET %s: %d\n%.300s", link, res.StatusCode, page)
	}
}
