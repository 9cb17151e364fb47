package gateway

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/gateway/protocol"
)

// UserHash is the hex HMAC-SHA256 of userID keyed with a site's identity
// secret: what a customer's backend computes to vouch for a signed-in user.
func UserHash(secret, userID string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(userID))
	return hex.EncodeToString(m.Sum(nil))
}

type identityClaims struct {
	Email      string         `json:"email"`
	Name       string         `json:"name"`
	Attributes map[string]any `json:"attributes"`
	jwt.RegisteredClaims
}

// verifyIdentity proves a hello's identity with the site's secret, by JWT when
// one is given, else by user_hash. Its errors are *parley.Error with code
// EIDENTITY whose message says why, for the visitor's identity_rejected
// frame; none reveals the secret, the expected hash or the library's text.
func verifyIdentity(site parley.Site, in *protocol.Identity, now time.Time) (parley.Identity, error) {
	if site.IdentitySecret == "" {
		return parley.Identity{}, rejected("this site does not accept signed-in users")
	}
	if in.JWT != "" {
		return verifyJWT(site.IdentitySecret, in.JWT, now)
	}
	if in.UserID == "" || in.UserHash == "" {
		return parley.Identity{}, rejected("identity needs user_id with user_hash, or jwt")
	}
	want := UserHash(site.IdentitySecret, in.UserID)
	// hmac.Equal is constant-time; compare the canonical lower-case hex.
	if !hmac.Equal([]byte(want), []byte(lowerHex(in.UserHash))) {
		return parley.Identity{}, rejected("user_hash does not match user_id")
	}
	// The HMAC covers user_id alone: email, name and attributes beside it are
	// whatever the browser says, so they are ignored (docs/protocol.md, "Signed-in
	// users"). Storing them would let a signed-in user rewrite their profile,
	// a JWT-verified email included, with their own user_hash.
	return parley.Identity{UserID: in.UserID}, nil
}

// MaxIdentityJWTLifetime caps how far ahead an identity JWT's exp may be: a
// customer's backend signs one per page load, so a token valid for longer is
// a long-lived credential that would let whoever copies it act as that user.
const MaxIdentityJWTLifetime = 24 * time.Hour

func verifyJWT(secret, token string, now time.Time) (parley.Identity, error) {
	var c identityClaims
	if t, _, err := jwt.NewParser().ParseUnverified(token, &identityClaims{}); err == nil && t.Method.Alg() != "HS256" {
		return parley.Identity{}, rejected("jwt rejected: alg %s is not allowed; sign with HS256", safeAlg(t.Method.Alg()))
	}
	_, err := jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return []byte(secret), nil },
		jwt.WithValidMethods([]string{"HS256"}), // alg pinned: no "none", no RS/HS confusion
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(func() time.Time { return now }),
		jwt.WithLeeway(30*time.Second),
	)
	if err != nil {
		return parley.Identity{}, rejected("jwt rejected: %s", jwtReason(err))
	}
	if c.ExpiresAt.Sub(now) > MaxIdentityJWTLifetime {
		return parley.Identity{}, rejected("jwt rejected: exp is more than 24h ahead; sign short-lived tokens")
	}
	if c.Subject == "" || len(c.Subject) > 256 {
		return parley.Identity{}, rejected("jwt needs a sub claim (the user id)")
	}
	return parley.Identity{UserID: c.Subject, Email: c.Email, Name: c.Name, Attributes: c.Attributes}, nil
}

func jwtReason(err error) string {
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return "expired"
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return "exp claim missing"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return "bad signature"
	case errors.Is(err, jwt.ErrTokenUnverifiable), errors.Is(err, jwt.ErrTokenMalformed):
		return "malformed or not HS256"
	case errors.Is(err, jwt.ErrTokenNotValidYet), errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return "not valid yet"
	}
	return "invalid"
}

func lowerHex(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'F' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// safeAlg quotes a token's alg for the visitor, who wrote it: short and
// plain, or not at all.
func safeAlg(a string) string {
	if len(a) == 0 || len(a) > 16 {
		return "(unknown)"
	}
	for _, r := range a {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-' || r == '_') {
			return "(unknown)"
		}
	}
	return `"` + a + `"`
}

func rejected(format string, args ...any) error {
	return parley.Errorf(parley.EIDENTITY, format, args...)
}

// identityRejectedMessage is what the visitor reads when the reason is not
// one verifyIdentity wrote for them.
const identityRejectedMessage = "identity could not be verified"

// identityRejection is the error frame's code and message for an identity
// that did not verify: always identity_rejected (the welcome came; only the
// identity was ignored), with the reason only when it is a client-safe
// *parley.Error of that code. It reports whether err is such an error.
func identityRejection(err error) (code, msg string, safe bool) {
	var e *parley.Error
	if errors.As(err, &e) && e.Code == parley.EIDENTITY {
		return parley.EIDENTITY, e.Message, true
	}
	return parley.EIDENTITY, identityRejectedMessage, false
}
