package api

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// TestWebhookPrivateTargetsRefused: by default an endpoint on loopback, a
// private network or link-local is a 400 at create and at update naming
// the option; with WebhookAllowPrivate it is accepted.
func TestWebhookPrivateTargetsRefused(t *testing.T) {
	f := newIntegrationFixture(t)
	admin := f.login(t, "root@example.com")
	st, out := f.call(t, "POST", "/api/v1/webhooks", admin, map[string]any{"url": "https://93.184.216.34/in"})
	if st != 201 {
		t.Fatalf("public endpoint: %d %v", st, out)
	}
	id := out["webhook"].(map[string]any)["id"].(string)
	for _, u := range []string{"http://127.0.0.1:8080/in", "http://10.0.0.5/in", "http://192.168.1.1/", "http://[::1]/in",
		"http://169.254.169.254/latest/meta-data/", "http://localhost:9000/"} {
		for _, m := range []string{"POST", "PUT"} {
			path := "/api/v1/webhooks"
			if m == "PUT" {
				path += "/" + id
			}
			st, out := f.call(t, m, path, admin, map[string]any{"url": u})
			e, _ := out["error"].(map[string]any)
			msg, _ := e["message"].(string)
			if st != 400 || !strings.Contains(msg, "private address") || !strings.Contains(msg, "--webhook-allow-private") {
				t.Errorf("%s %s: %d %v", m, u, st, out)
			}
		}
	}
	f.srv.Close()
	f.srv = httptest.NewServer(New(Config{Store: f.db, WebhookAllowPrivate: true}).Handler())
	t.Cleanup(f.srv.Close)
	if st, out := f.call(t, "POST", "/api/v1/webhooks", admin, map[string]any{"url": "http://10.0.0.5/in"}); st != 201 {
		t.Errorf("10.0.0.5 with WebhookAllowPrivate: %d %v", st, out)
	}
}
