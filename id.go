package parley

import (
	"crypto/rand"
	"crypto/sha256"
	"strings"
)

// NewID returns a random public id (130 bits, lower-case base32). Ids are never
// sequential, so knowing one tells nothing about another.
func NewID() string { return strings.ToLower(rand.Text()) }

// NewToken returns a visitor token: 260 random bits. Only its hash is stored.
func NewToken() string { return rand.Text() + rand.Text() }

// HashToken returns the stored form of a visitor or session token.
func HashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}
