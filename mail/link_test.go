package mail

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestLinks(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	l := &Links{Secret: []byte(strings.Repeat("k", 32)), TTL: time.Hour, Now: func() time.Time { return now }}
	tok := l.Sign("conv-1")
	if id, err := l.Verify(tok); err != nil || id != "conv-1" {
		t.Fatalf("verify: %q %v", id, err)
	}
	other := &Links{Secret: []byte(strings.Repeat("x", 32)), Now: l.Now}
	forged := other.Sign("conv-1")
	p, sig, _ := strings.Cut(tok, ".")
	extended := b64.EncodeToString([]byte("conv-1.99999999999")) + "." + sig
	for name, bad := range map[string]string{
		"other secret": forged, "extended expiry": extended, "empty": "", "no signature": p,
		"flipped": tok[:len(tok)-2] + map[bool]string{true: "AA", false: "BB"}[!strings.HasSuffix(tok, "AA")],
	} {
		if _, err := l.Verify(bad); !errors.Is(err, ErrLinkInvalid) {
			t.Errorf("%s: %v, want ErrLinkInvalid", name, err)
		}
	}
	now = now.Add(time.Hour)
	if _, err := l.Verify(tok); !errors.Is(err, ErrLinkExpired) {
		t.Errorf("after its TTL: %v, want ErrLinkExpired", err)
	}
}
