package api

import (
	"net/http"
	"testing"
)

// A cookie-authenticated logout is a write like any other: a page on
// another site must not be able to sign the agent out.
func TestLogoutNeedsCSRFHeaderWithCookie(t *testing.T) {
	f := newFixture(t)
	tok := f.login(t, "ana@example.com")
	logout := func(csrf bool) int {
		req, _ := http.NewRequest("POST", f.srv.URL+"/api/v1/auth/logout", nil)
		req.AddCookie(&http.Cookie{Name: cookieName, Value: tok})
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
