package gateway

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/gateway/protocol"
	"github.com/parley-chat/parley/store/sqlite"
)

// gatedStore holds every read of stored messages (the catch-up's) until
// open is closed.
type gatedStore struct {
	*sqlite.DB
	reading chan struct{} // receives once per read that started
	open    chan struct{}
}

func (g *gatedStore) Messages(ctx context.Context, conversationID string, after int64, limit int, withPrivate bool) ([]parley.Message, error) {
	select {
	case g.reading <- struct{}{}:
	default:
	}
	select {
	case <-g.open:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return g.DB.Messages(ctx, conversationID, after, limit, withPrivate)
}

// The catch-up reads the store beside the reader, never on the writer: while
// the replay after hello waits for the store, the client's own frames are
// still answered, and the replayed messages still come before the live ones.
func TestCatchUpDoesNotHoldTheWriter(t *testing.T) {
	gate := &gatedStore{reading: make(chan struct{}, 1), open: make(chan struct{})}
	ts := newTestServer(t, func(c *Config) {
		gate.DB = c.Store.(*sqlite.DB)
		c.Store = gate
	})
	first := ts.dial(t, "demo", nil)
	token := first.hello("", 0)["token"].(string)
	first.send(map[string]any{"type": "send", "client_id": "a", "text": "before"})
	first.expect("ack")
	first.ws.Close()

	c := ts.dial(t, "demo", nil)
	c.hello(token, 0) // seq 1 is to be replayed
	select {
	case <-gate.reading:
	case <-time.After(5 * time.Second):
		t.Fatal("the replay never read the store")
	}
	c.send(map[string]any{"type": "send", "client_id": "b", "text": "during"})
	if ack := c.next(); ack["type"] != "ack" || num(ack["seq"]) != 2 {
		t.Fatalf("got %v while the replay waited; want the ack of seq 2", ack)
	}
	close(gate.open)
	for _, want := range []struct {
		seq  int64
		text string
	}{{1, "before"}, {2, "during"}} {
		m := c.expect("message")
		if num(m["seq"]) != want.seq || m["text"] != want.text {
			t.Fatalf("got message %v, want seq %d %q", m, want.seq, want.text)
		}
	}
}

// The embedded store's fresh-stack adapter is a whole gateway store: every
// transcript passes on it too.
func TestTranscriptsOnFreshStack(t *testing.T) {
	files, _ := filepath.Glob("testdata/transcripts/*.txt")
	if len(files) == 0 {
		t.Fatal("no transcripts")
	}
	var _ Store = sqlite.FreshStack{}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			ts := newTestServer(t, func(c *Config) { c.Store = sqlite.FreshStack{DB: c.Store.(*sqlite.DB)} })
			runTranscript(t, ts, file)
		})
	}
}

// Every reason an identity is refused is a client-safe *parley.Error with
// code identity_rejected, so the visitor reads its message and nothing else.
func TestIdentityErrorsAreProtocolErrors(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	sign := func(method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
		s, err := jwt.NewWithClaims(method, claims).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	exp := now.Add(time.Hour).Unix()
	site := parley.Site{IdentitySecret: "secret"}
	for _, tt := range []struct {
		name string
		site parley.Site
		in   protocol.Identity
		want string
	}{
		{"no secret", parley.Site{}, protocol.Identity{UserID: "u", UserHash: "00"}, "does not accept signed-in users"},
		{"no proof", site, protocol.Identity{UserID: "u"}, "needs user_id with user_hash, or jwt"},
		{"bad hash", site, protocol.Identity{UserID: "u", UserHash: "00"}, "user_hash does not match user_id"},
		{"alg", site, protocol.Identity{JWT: sign(jwt.SigningMethodHS512, []byte("secret"), jwt.MapClaims{"sub": "u", "exp": exp})}, `alg "HS512" is not allowed`},
		{"signature", site, protocol.Identity{JWT: sign(jwt.SigningMethodHS256, []byte("other"), jwt.MapClaims{"sub": "u", "exp": exp})}, "bad signature"},
		{"malformed", site, protocol.Identity{JWT: "not.a.jwt"}, "malformed or not HS256"},
		{"lifetime", site, protocol.Identity{JWT: sign(jwt.SigningMethodHS256, []byte("secret"), jwt.MapClaims{"sub": "u", "exp": now.AddDate(1, 0, 0).Unix()})}, "exp is more than 24h ahead"},
		{"no sub", site, protocol.Identity{JWT: sign(jwt.SigningMethodHS256, []byte("secret"), jwt.MapClaims{"exp": exp})}, "needs a sub claim"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := verifyIdentity(tt.site, &tt.in, now)
			var pe *parley.Error
			if !errors.As(err, &pe) || pe.Code != parley.EIDENTITY || !strings.Contains(pe.Message, tt.want) {
				t.Fatalf("got %#v, want *parley.Error{%s} mentioning %q", err, parley.EIDENTITY, tt.want)
			}
			code, msg, safe := identityRejection(err)
			if code != parley.EIDENTITY || msg != pe.Message || !safe {
				t.Fatalf("frame %s %q (safe %v), want identity_rejected %q", code, msg, safe, pe.Message)
			}
		})
	}
}

// An error that is not the visitor's to read (a bug, a library's text)
// still says identity_rejected, with a fixed message.
func TestIdentityRejectionHidesOtherErrors(t *testing.T) {
	for _, err := range []error{
		errors.New("hmac key test-secret expected 86a7fc28"),
		parley.Errorf(parley.EINTERNAL, "store: user lookup failed"),
	} {
		code, msg, safe := identityRejection(err)
		if code != parley.EIDENTITY || msg != identityRejectedMessage || safe {
			t.Errorf("%v: frame %s %q (safe %v), want identity_rejected %q", err, code, msg, safe, identityRejectedMessage)
		}
	}
	for alg, want := range map[string]string{"HS512": `"HS512"`, `<img src=x onerror=alert(1)>`: "(unknown)", "": "(unknown)", "AAAAAAAAAAAAAAAAAAAAAAAA": "(unknown)"} {
		if got := safeAlg(alg); got != want {
			t.Errorf("safeAlg(%q) = %q, want %q", alg, got, want)
		}
	}
}

// Over the socket the visitor gets the reason's message as is: the code
// and its text, not the error's Go form ("parley: identity_rejected: ...").
func TestIdentityRejectedFrame(t *testing.T) {
	ts := newTestServer(t, nil)
	c := ts.dial(t, "shop", http.Header{"Origin": {"https://shop.example"}})
	c.send(map[string]any{"type": "hello", "token": "", "identity": map[string]any{"user_id": "u1", "user_hash": "00"}})
	c.expect("welcome")
	e := c.next()
	if e["type"] != "error" || e["code"] != parley.EIDENTITY || e["message"] != "user_hash does not match user_id" {
		t.Fatalf("got %v, want error identity_rejected %q", e, "user_hash does not match user_id")
	}
}
