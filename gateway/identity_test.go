package gateway

import (
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
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
