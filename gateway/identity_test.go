package gateway

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/gateway/protocol"
)

// An identity JWT is a short-lived proof; one that claims to be valid for
// years is a leaked credential waiting to happen, so it is refused.
func TestJWTLifetimeIsCapped(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	sign := func(exp time.Time) string {
		s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": "u1", "exp": exp.Unix()}).SignedString([]byte("secret"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	for _, tt := range []struct {
		name string
		exp  time.Time
		want string // "" accepted, else a part of the error
	}{
		{"an hour", now.Add(time.Hour), ""},
		{"exactly the cap", now.Add(MaxIdentityJWTLifetime), ""},
		{"just past the cap", now.Add(MaxIdentityJWTLifetime + time.Minute), "exp is more than 24h ahead"},
		{"ten years", now.AddDate(10, 0, 0), "exp is more than 24h ahead"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := verifyJWT("secret", sign(tt.exp), now)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("got %v, want an error with %q", err, tt.want)
			}
		})
	}
}

// user_hash proves user_id and nothing else: the email, name and attributes
// sent beside it are the browser's word, so they never replace what a JWT
// proved, nor reach the contact at all (docs/protocol.md, "Signed-in users").
func TestUserHashDoesNotRewriteProfile(t *testing.T) {
	ts := newTestServer(t, nil)
	origin := http.Header{"Origin": {"https://shop.example"}}
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": "u-prof", "exp": time.Now().Add(time.Hour).Unix(),
		"email": "verified@example.com", "name": "Vera", "attributes": map[string]any{"plan": "business"}}).SignedString([]byte("test-secret"))
	if err != nil {
		t.Fatal(err)
	}
	c := ts.dial(t, "shop", origin)
	c.send(map[string]any{"type": "hello", "token": "", "identity": map[string]any{"jwt": tok}})
	w := c.expect("welcome")
	contactID := w["contact"].(map[string]any)["id"].(string)

	c2 := ts.dial(t, "shop", origin)
	c2.send(map[string]any{"type": "hello", "token": "", "identity": map[string]any{
		"user_id": "u-prof", "user_hash": UserHash("test-secret", "u-prof"),
		"email": "attacker@example.com", "name": "Mallory", "attributes": map[string]any{"plan": "enterprise", "role": "admin"}}})
	w2 := c2.expect("welcome")
	if seg, id := w2["contact"].(map[string]any)["segment"], w2["contact"].(map[string]any)["id"]; seg != "user" || id != contactID {
		t.Fatalf("user_hash hello: contact %v %v, want the user %s", id, seg, contactID)
	}
	got, err := ts.store.Contact(context.Background(), contactID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Email != "verified@example.com" || got.Name != "Vera" {
		t.Errorf("stored email %q name %q; want the JWT's verified@example.com, Vera", got.Email, got.Name)
	}
	if got.Attributes["plan"] != "business" || got.Attributes["role"] != nil {
		t.Errorf("stored attributes %v; want only the JWT's plan=business", got.Attributes)
	}
}

// A user_hash identity carries user_id alone, even on a user's first hello.
func TestUserHashIdentityIsUserIDOnly(t *testing.T) {
	in := &protocol.Identity{UserID: "u1", UserHash: UserHash("s", "u1"), Email: "a@b.c", Name: "A", Attributes: []byte(`{"plan":"x"}`)}
	id, err := verifyIdentity(parley.Site{IdentitySecret: "s"}, in, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if id.Email != "" || id.Name != "" || id.Attributes != nil {
		t.Fatalf("identity %+v: only user_id is proven", id)
	}
}

// The contact frame is the browser's word too: for a signed-in user it fills
// an empty email or name but never replaces one a JWT proved.
func TestContactFrameKeepsVerifiedEmail(t *testing.T) {
	ts := newTestServer(t, nil)
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": "u-cf", "exp": time.Now().Add(time.Hour).Unix(),
		"email": "verified@example.com"}).SignedString([]byte("test-secret"))
	if err != nil {
		t.Fatal(err)
	}
	c := ts.dial(t, "shop", http.Header{"Origin": {"https://shop.example"}})
	c.send(map[string]any{"type": "hello", "token": "", "identity": map[string]any{"jwt": tok}})
	contactID := c.expect("welcome")["contact"].(map[string]any)["id"].(string)
	c.send(map[string]any{"type": "contact", "client_id": "k", "email": "attacker@example.com", "name": "Vera"})
	c.expect("ack")
	got, err := ts.store.Contact(context.Background(), contactID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Email != "verified@example.com" || got.Name != "Vera" {
		t.Errorf("stored email %q name %q; want the verified email kept and the empty name filled", got.Email, got.Name)
	}
}
