package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/handoff"
	"github.com/parley-chat/parley/inmem"
)

// A cookie-authenticated logout is a write like any other: a page on
// another site must not be able to sign the agent out.
func TestLogoutNeedsCSRFHeaderWithCookie(t *testing.T) {
	f := newFixture(t)
	tok := f.login(t, "ana@example.com")
	logout := func(csrf bool) int { return f.cookiePost(t, "/api/v1/auth/logout", tok, "", csrf) }
	if st := logout(false); st != 403 {
		t.Fatalf("cookie logout without %s: %d, want 403", csrfHeader, st)
	}
	if st, out := f.call(t, "GET", "/api/v1/me", tok, nil); st != 200 {
		t.Fatalf("the session ended without the CSRF header: %d %v", st, out)
	}
	if st := logout(true); st != 204 {
		t.Fatalf("cookie logout with %s: %d, want 204", csrfHeader, st)
	}
	if st, _ := f.call(t, "GET", "/api/v1/me", tok, nil); st != 401 {
		t.Fatalf("session still valid after logout: %d", st)
	}
}

// clock is a settable time for tests of delays.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// newAuthServer serves f's database with cfg's changes (e.g. behind a proxy).
func newAuthServer(t *testing.T, f *fixture, change func(*Config)) *httptest.Server {
	t.Helper()
	cfg := Config{Store: f.db, Desk: handoff.New(handoff.Config{Store: f.db, Desk: f.db}), Curator: f.lib,
		Limiter: inmem.NewLimiter(nil), LoginRate: parley.Rate{Count: 5, Period: time.Hour, Burst: 5}}
	change(&cfg)
	srv := httptest.NewServer(New(cfg).Handler())
	t.Cleanup(srv.Close)
	return srv
}

// loginFrom signs in from a client address given as X-Forwarded-For.
func loginFrom(t *testing.T, srv *httptest.Server, xff, email, password string) (*http.Response, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(map[string]string{"email": email, "password": password})
	req, _ := http.NewRequest("POST", srv.URL+"/api/v1/auth/login", bytes.NewReader(b))
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp, out
}

// Behind a proxy every login comes from the proxy's address: the limit must
// key on the client the proxy names (as the gateway does), or one client
// locks everyone out; without --trust-forwarded-for the header is ignored.
func TestLoginLimitKeysOnTheGatewaysClientIP(t *testing.T) {
	f := newFixture(t)
	proxied := newAuthServer(t, f, func(c *Config) { c.TrustForwardedFor = true })
	for i := range 5 { // unknown emails: only the per-IP limit counts them
		if resp, out := loginFrom(t, proxied, "198.51.100.7, 203.0.113.1", fmt.Sprintf("nobody%d@example.com", i), "guess"); resp.StatusCode != 401 {
			t.Fatalf("attempt %d: %d %v", i, resp.StatusCode, out)
		}
	}
	if resp, out := loginFrom(t, proxied, "198.51.100.7, 203.0.113.1", "nobody9@example.com", "guess"); resp.StatusCode != 429 {
		t.Fatalf("client 203.0.113.1 over its limit: %d %v", resp.StatusCode, out)
	}
	// The first hop is the client's own claim: changing it does not escape.
	if resp, _ := loginFrom(t, proxied, "10.9.9.9, 203.0.113.1", "nobody9@example.com", "guess"); resp.StatusCode != 429 {
		t.Fatalf("a forged first hop escaped the limit: %d", resp.StatusCode)
	}
	if resp, out := loginFrom(t, proxied, "203.0.113.2", "ana@example.com", "correct horse"); resp.StatusCode != 200 {
		t.Fatalf("another client behind the same proxy was locked out: %d %v", resp.StatusCode, out)
	}

	direct := newAuthServer(t, f, func(c *Config) {})
	for i := range 5 {
		loginFrom(t, direct, fmt.Sprintf("203.0.113.%d", 10+i), fmt.Sprintf("x%d@example.com", i), "guess")
	}
	if resp, _ := loginFrom(t, direct, "203.0.113.99", "y@example.com", "guess"); resp.StatusCode != 429 {
		t.Fatalf("without --trust-forwarded-for a made-up X-Forwarded-For escaped the limit: %d", resp.StatusCode)
	}
}

// Guessing one account's password from many addresses meets a delay that
// grows with each failure; the answer is the same for unknown emails, a
// correct password does not get through while the delay runs, and success
// clears it.
func TestLoginBackoffPerAccount(t *testing.T) {
	f := newFixture(t)
	clk := &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	srv := newAuthServer(t, f, func(c *Config) {
		c.TrustForwardedFor, c.Now = true, clk.Now
		c.LoginRate = parley.Rate{Count: 1000, Period: time.Minute, Burst: 1000}
	})
	ip := 0
	attempt := func(email, password string) (int, int, map[string]any) {
		ip++
		resp, out := loginFrom(t, srv, fmt.Sprintf("203.0.113.%d", ip), email, password)
		ra, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
		return resp.StatusCode, ra, out
	}
	for _, email := range []string{"ana@example.com", "nobody@example.com"} {
		for i := range loginFreeFailures {
			if st, _, out := attempt(email, "guess"); st != 401 {
				t.Fatalf("%s failure %d: %d %v", email, i, st, out)
			}
		}
		st, first, out := attempt(email, "correct horse")
		if st != 429 || first < 1 || errCode(out) != "rate_limited" || !strings.Contains(out["error"].(map[string]any)["message"].(string), "this account") {
			t.Fatalf("%s after %d failures: %d Retry-After %d %v", email, loginFreeFailures, st, first, out)
		}
		clk.Add(time.Duration(first) * time.Second)
		if st, _, _ := attempt(email, "guess"); st != 401 {
			t.Fatalf("%s after the delay: %d", email, st)
		}
		st, second, _ := attempt(email, "guess")
		if st != 429 || second <= first {
			t.Fatalf("%s: the delay did not grow: %d, Retry-After %d then %d", email, st, first, second)
		}
	}
	clk.Add(time.Hour)
	if st, _, out := attempt("ana@example.com", "correct horse"); st != 200 {
		t.Fatalf("the right password after the delay: %d %v", st, out)
	}
	if st, _, _ := attempt("ana@example.com", "guess"); st != 401 {
		t.Fatalf("success did not clear the failures: %d", st)
	}
	// Other accounts were never delayed.
	if st, _, out := attempt("bo@example.com", "correct horse"); st != 200 {
		t.Fatalf("another account: %d %v", st, out)
	}
}

// The session cookie is Secure whenever the browser reached us over HTTPS:
// directly, through a proxy we trust to say so, or as --public-url says.
func TestSessionCookieSecure(t *testing.T) {
	f := newFixture(t)
	for _, tt := range []struct {
		name   string
		trust  bool
		public string
		proto  string
		want   bool
	}{
		{"plain http", false, "", "", false},
		{"forwarded https, proxy trusted", true, "", "https", true},
		{"forwarded https, proxy not trusted", false, "", "https", false},
		{"forwarded http, proxy trusted", true, "", "http", false},
		{"public url https", false, "https://chat.example.com", "", true},
		{"public url http", false, "http://127.0.0.1:8080", "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := newAuthServer(t, f, func(c *Config) {
				c.TrustForwardedFor, c.PublicURL = tt.trust, tt.public
				c.LoginRate = parley.Rate{Count: 100, Period: time.Minute, Burst: 100}
			})
			send := func(path string, body string, cookie string) *http.Response {
				req, _ := http.NewRequest("POST", srv.URL+path, strings.NewReader(body))
				if tt.proto != "" {
					req.Header.Set("X-Forwarded-Proto", tt.proto)
				}
				if cookie != "" {
					req.AddCookie(&http.Cookie{Name: cookieName, Value: cookie})
					req.Header.Set(csrfHeader, "1")
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				return resp
			}
			resp := send("/api/v1/auth/login", `{"email":"ana@example.com","password":"correct horse"}`, "")
			var c *http.Cookie
			for _, k := range resp.Cookies() {
				if k.Name == cookieName {
					c = k
				}
			}
			if c == nil || c.Secure != tt.want || !c.HttpOnly {
				t.Fatalf("login cookie %+v, want Secure=%v", c, tt.want)
			}
			resp = send("/api/v1/auth/logout", "", c.Value)
			if cs := resp.Cookies(); resp.StatusCode != 204 || len(cs) != 1 || cs[0].Secure != tt.want {
				t.Fatalf("logout: %d %+v, want a cleared cookie with Secure=%v", resp.StatusCode, cs, tt.want)
			}
		})
	}
}

func TestOpenAPIServersIsThePublicURL(t *testing.T) {
	f := newFixture(t)
	if _, ok := f.api.OpenAPI()["servers"]; ok {
		t.Fatal("servers without a public URL")
	}
	srv := newAuthServer(t, f, func(c *Config) { c.PublicURL = "https://chat.example.com" })
	resp, err := http.Get(srv.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var doc struct{ Servers []struct{ URL string } }
	json.NewDecoder(resp.Body).Decode(&doc)
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "https://chat.example.com" {
		t.Fatalf("servers %+v", doc.Servers)
	}
}
