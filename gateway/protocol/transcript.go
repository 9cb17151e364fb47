package protocol

import (
	"net/mail"
	"strings"
)

// Transcript (an extension) asks for the conversation's transcript by
// email: to Email, or to the contact's address when it is empty.
type Transcript struct{ ClientID, Email string }

func (*Transcript) Type() string { return TypeTranscript }

func decodeTranscript(e *envelope) (Inbound, error) {
	id, err := optionalClientID(e)
	if err != nil {
		return nil, err
	}
	t := &Transcript{ClientID: id, Email: strings.TrimSpace(str(e.Email))}
	if t.Email == "" {
		return t, nil
	}
	if len(t.Email) > MaxEmailLen {
		return nil, withClientID(bad("transcript.email is too long"), id)
	}
	if a, err := mail.ParseAddress(t.Email); err != nil || a.Address != t.Email || a.Name != "" {
		return nil, withClientID(bad("transcript.email is not a valid email address"), id)
	}
	return t, nil
}
