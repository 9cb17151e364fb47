package mail

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Errors of Links.Verify.
var (
	ErrLinkInvalid = errors.New("link is not valid")
	ErrLinkExpired = errors.New("link has expired")
)

// MinSecretLen is the shortest link secret accepted.
const MinSecretLen = 32

// Links signs and checks the links in emails that bring a visitor back to
// a conversation: the conversation id and an expiry, with an HMAC-SHA256
// over both keyed by a server secret, so nobody can forge or extend one.
type Links struct {
	Secret []byte
	TTL    time.Duration // default 7 days
	Now    func() time.Time
}

var b64 = base64.RawURLEncoding

func (l *Links) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

func (l *Links) mac(payload string) []byte {
	h := hmac.New(sha256.New, l.Secret)
	h.Write([]byte("parley-link\x00" + payload))
	return h.Sum(nil)
}

// Sign returns the token of a link to conversationID.
func (l *Links) Sign(conversationID string) string {
	ttl := l.TTL
	if ttl == 0 {
		ttl = 7 * 24 * time.Hour
	}
	payload := conversationID + "." + strconv.FormatInt(l.now().Add(ttl).Unix(), 10)
	return b64.EncodeToString([]byte(payload)) + "." + b64.EncodeToString(l.mac(payload))
}

// Verify returns the conversation id of a token Sign made and that has
// not expired.
func (l *Links) Verify(token string) (string, error) {
	p, sig, ok := strings.Cut(token, ".")
	if !ok {
		return "", ErrLinkInvalid
	}
	raw, err1 := b64.DecodeString(p)
	got, err2 := b64.DecodeString(sig)
	if err1 != nil || err2 != nil || !hmac.Equal(got, l.mac(string(raw))) {
		return "", ErrLinkInvalid
	}
	id, exp, ok := strings.Cut(string(raw), ".")
	unix, err := strconv.ParseInt(exp, 10, 64)
	if !ok || err != nil || id == "" {
		return "", ErrLinkInvalid
	}
	if !l.now().Before(time.Unix(unix, 0)) {
		return "", ErrLinkExpired
	}
	return id, nil
}
