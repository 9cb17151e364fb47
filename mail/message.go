package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
)

// Message is one email. HTML is optional: when set, the message is
// multipart/alternative with Text first, as mail readers expect.
type Message struct {
	To      []string // addresses ("Name <a@b>" or "a@b")
	Subject string
	Text    string
	HTML    string
	// MessageID is set by Build when empty: <random@from-domain>.
	MessageID string
}

// Build renders m as RFC 5322 bytes: UTF-8 everywhere, the subject and
// names encoded as RFC 2047 words, bodies quoted-printable.
func Build(m Message, from *mail.Address, now time.Time) ([]byte, string, error) {
	if len(m.To) == 0 {
		return nil, "", errors.New("message: no recipient")
	}
	to := make([]string, 0, len(m.To))
	for _, a := range m.To {
		addr, err := mail.ParseAddress(a)
		if err != nil {
			return nil, "", fmt.Errorf("message: recipient %q: %w", a, err)
		}
		to = append(to, addr.String())
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return nil, "", errors.New("message: subject has a line break")
	}
	id := m.MessageID
	if id == "" {
		var b [12]byte
		_, _ = rand.Read(b[:])
		domain := "parley.invalid"
		if at := strings.LastIndexByte(from.Address, '@'); at >= 0 {
			domain = from.Address[at+1:]
		}
		id = "<" + hex.EncodeToString(b[:]) + "@" + domain + ">"
	}
	var buf bytes.Buffer
	h := func(k, v string) { fmt.Fprintf(&buf, "%s: %s\r\n", k, v) }
	h("From", from.String())
	h("To", strings.Join(to, ", "))
	h("Subject", mime.BEncoding.Encode("UTF-8", m.Subject))
	h("Date", now.Format(time.RFC1123Z))
	h("Message-ID", id)
	h("MIME-Version", "1.0")
	h("Auto-Submitted", "auto-generated") // no auto-replies back to us
	if m.HTML == "" {
		h("Content-Type", `text/plain; charset="UTF-8"`)
		h("Content-Transfer-Encoding", "quoted-printable")
		buf.WriteString("\r\n")
		if err := writeQP(&buf, m.Text); err != nil {
			return nil, "", err
		}
		return buf.Bytes(), id, nil
	}
	mw := multipart.NewWriter(&buf)
	h("Content-Type", `multipart/alternative; boundary="`+mw.Boundary()+`"`)
	buf.WriteString("\r\n")
	for _, part := range []struct{ typ, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		w, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.typ + `; charset="UTF-8"`},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, "", fmt.Errorf("message: part: %w", err)
		}
		if err := writeQP(w, part.body); err != nil {
			return nil, "", err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, "", fmt.Errorf("message: close: %w", err)
	}
	return buf.Bytes(), id, nil
}

type writer interface{ Write([]byte) (int, error) }

func writeQP(w writer, s string) error {
	qp := quotedprintable.NewWriter(w)
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
	if _, err := qp.Write([]byte(s)); err != nil {
		return fmt.Errorf("message: body: %w", err)
	}
	if err := qp.Close(); err != nil {
		return fmt.Errorf("message: body: %w", err)
	}
	return nil
}
