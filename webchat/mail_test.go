package webchat_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parley-chat/parley/internal/testenv"
	"github.com/parley-chat/parley/mail"
	"github.com/parley-chat/parley/store/sqlite"
)

// testMail is the transcript email of the console server: through a real
// SMTP server (Mailpit) when PARLEY_TEST_SMTP_URL is set, else kept in
// memory.
type testMail struct {
	svc     *mail.Service
	mailpit string // Mailpit's API; "" when in memory
	mu      sync.Mutex
	sent    []mail.Message
}

func (m *testMail) Enqueue(msg mail.Message) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, msg)
	return nil
}

func startMail(t *testing.T, db *sqlite.DB) *testMail {
	t.Helper()
	m := &testMail{}
	var q mail.Queue = m
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	if url := os.Getenv("PARLEY_TEST_SMTP_URL"); url != "" {
		c, err := mail.New(mail.Config{URL: url, From: "Parley Support <support@parley.test>", Timeout: 10 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		m.mailpit = testenv.MailpitURL(t)
		out := mail.NewOutbox(mail.OutboxConfig{Sender: c, Backoff: 50 * time.Millisecond})
		wg.Go(func() { out.Run(ctx) })
		q = out
	}
	m.svc = mail.NewService(mail.ServiceConfig{Store: db, Queue: q, BaseURL: "http://parley.test",
		Links: &mail.Links{Secret: []byte(strings.Repeat("k", 32)), TTL: time.Hour}, ReplyAfter: -1})
	wg.Go(func() { m.svc.Run(ctx) })
	t.Cleanup(func() { cancel(); wg.Wait() })
	return m
}

// waitSent waits for a message to address and returns its text.
func (m *testMail) waitSent(t *testing.T, address string) (subject, text string) {
	t.Helper()
	if m.mailpit != "" {
		got := testenv.WaitMail(t, m.mailpit, address, 20*time.Second)
		return got.Subject, got.Text
	}
	var msg mail.Message
	waitFor(t, "the transcript email to "+address, func() bool {
		m.mu.Lock()
		defer m.mu.Unlock()
		for _, s := range m.sent {
			if strings.Contains(strings.Join(s.To, ","), address) {
				msg = s
				return true
			}
		}
		return false
	})
	return msg.Subject, msg.Text
}
