package mail

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/internal/testenv"
)

// mailpit returns a client of the test SMTP server and its API address.
func mailpit(t *testing.T) (*Client, string) {
	t.Helper()
	url, api := testenv.SMTPURL(t), testenv.MailpitURL(t)
	c, err := New(Config{URL: url, From: "Parley Support <support@parley.test>", Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return c, api
}

// rcpt is an address no other test uses.
func rcpt(t *testing.T, tag string) string {
	return fmt.Sprintf("%s-%s@parley.test", tag, parley.NewID())
}

func TestSendToRealServerInEveryLanguage(t *testing.T) {
	c, api := mailpit(t)
	for _, l := range languages {
		t.Run(l.name, func(t *testing.T) {
			to := rcpt(t, "lang")
			id, err := c.Send(t.Context(), Message{To: []string{"Ана Анић <" + to + ">"}, Subject: l.subject,
				Text: l.body, HTML: "<p dir=\"auto\">" + l.body + "</p>"})
			if err != nil {
				t.Fatal(err)
			}
			m := testenv.WaitMail(t, api, to, 10*time.Second)
			if m.Subject != l.subject {
				t.Errorf("subject %q, want %q", m.Subject, l.subject)
			}
			if len(m.To) != 1 || m.To[0].Address != to || m.To[0].Name != "Ана Анић" {
				t.Errorf("to %+v", m.To)
			}
			if m.From.Address != "support@parley.test" || m.From.Name != "Parley Support" {
				t.Errorf("from %+v", m.From)
			}
			if strings.TrimSpace(m.Text) != l.body || !strings.Contains(m.HTML, l.body) {
				t.Errorf("text %q html %q", m.Text, m.HTML)
			}
			if "<"+m.MessageID+">" != id {
				t.Errorf("Message-ID %q, sent %q", m.MessageID, id)
			}
		})
	}
}

func TestSendFailsWithoutServer(t *testing.T) {
	c, err := New(Config{URL: "smtp://127.0.0.1:1", From: "a@parley.test", Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Send(context.Background(), Message{To: []string{"b@parley.test"}, Subject: "x", Text: "x"}); err == nil || !strings.Contains(err.Error(), "dial") {
		t.Errorf("err %v, want a dial error", err)
	}
	c, _ = New(Config{URL: testenv.SMTPURL(t), From: "a@parley.test", TLS: TLSStartTLS})
	if _, err := c.Send(t.Context(), Message{To: []string{"b@parley.test"}, Subject: "x", Text: "x"}); err == nil || !strings.Contains(err.Error(), "starttls") {
		t.Errorf("starttls required against a plain server: %v", err)
	}
}
