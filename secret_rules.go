package parley

import "crypto/sha256"

// MaxPasswordHash bounds a stored password hash (bcrypt's is 60 bytes).
const MaxPasswordHash = 1024

// ValidTokenHash refuses anything but a SHA-256 digest (HashToken), so a
// plaintext token can never be stored by mistake.
func ValidTokenHash(h []byte) error {
	if len(h) != sha256.Size {
		return Errorf(EINVALID, "token hash must be %d bytes", sha256.Size)
	}
	return nil
}

// ValidPasswordHash refuses an empty or oversized hash: an agent always has
// one, and it is never a password.
func ValidPasswordHash(h []byte) error {
	if len(h) == 0 || len(h) > MaxPasswordHash {
		return Errorf(EINVALID, "password hash must be 1..%d bytes", MaxPasswordHash)
	}
	return nil
}
