package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"time"

	"github.com/parley-chat/parley/gateway"
	"github.com/parley-chat/parley/handoff"
	"github.com/parley-chat/parley/mail"
)

// EmailConfig is the email settings (package mail); off while SMTPURL is
// empty.
type EmailConfig struct {
	SMTPURL         string
	SMTPFrom        string
	SMTPTLS         string
	ReplyAfter      time.Duration
	LinkSecret      string
	LinkTTL         time.Duration
	ReturnURL       string
	TranscriptEvery time.Duration
}

func (c *EmailConfig) register(fs *flag.FlagSet) {
	fs.StringVar(&c.SMTPURL, "smtp-url", "", "smtp://USER:PASS@HOST:PORT (STARTTLS when offered) or smtps://… (implicit TLS): send email; off when empty")
	fs.StringVar(&c.SMTPFrom, "smtp-from", "", `sender of emails, e.g. "Acme Support <support@acme.example>"`)
	fs.StringVar(&c.SMTPTLS, "smtp-tls", "", "auto (STARTTLS when offered), starttls (required), tls (implicit) or none; empty: from the URL's scheme")
	fs.DurationVar(&c.ReplyAfter, "email-reply-after", 2*time.Minute, "email an agent's reply to a visitor with an email who has not been connected for this long (0: never)")
	fs.StringVar(&c.LinkSecret, "email-link-secret", "", "at least 32 characters keying the signed links in emails (same on every node; prefer the environment variable)")
	fs.DurationVar(&c.LinkTTL, "email-link-ttl", 7*24*time.Hour, "how long a link in an email brings the visitor back")
	fs.StringVar(&c.ReturnURL, "email-return-url", "", "page with the widget that links open for sites without allowed origins")
	fs.DurationVar(&c.TranscriptEvery, "email-transcript-every", 5*time.Minute, "least time between two emailed transcripts of one conversation")
}

func (c *EmailConfig) validate(publicURL string) error {
	if c.SMTPURL == "" {
		return nil
	}
	if err := (mail.Config{URL: c.SMTPURL, From: c.SMTPFrom, TLS: c.SMTPTLS}).Validate(); err != nil {
		return fmt.Errorf("--smtp-url/--smtp-from/--smtp-tls: %w", err)
	}
	if len(c.LinkSecret) < mail.MinSecretLen {
		return fmt.Errorf("--email-link-secret: want at least %d characters with --smtp-url (e.g. openssl rand -hex 32)", mail.MinSecretLen)
	}
	if publicURL == "" {
		return errors.New("--smtp-url needs --public-url: links in emails point at this server")
	}
	if c.ReplyAfter < 0 || c.TranscriptEvery < time.Second || c.LinkTTL < time.Minute {
		return fmt.Errorf("--email-reply-after %s, --email-transcript-every %s, --email-link-ttl %s: want 0 or more, at least 1s, at least 1m",
			c.ReplyAfter, c.TranscriptEvery, c.LinkTTL)
	}
	return nil
}

// email is the running email service: nil parts while email is off.
type email struct {
	svc    *mail.Service
	resume http.Handler
}

// startEmail starts the outbox and the service on ctx (m.bg).
func (m *Main) startEmail(ctx context.Context, hub *gateway.Hub) (email, error) {
	c := m.Config.Email
	if c.SMTPURL == "" {
		return email{}, nil
	}
	client, err := mail.New(mail.Config{URL: c.SMTPURL, From: c.SMTPFrom, TLS: c.SMTPTLS})
	if err != nil {
		return email{}, err
	}
	out := mail.NewOutbox(mail.OutboxConfig{Sender: client, Log: m.Log})
	links := &mail.Links{Secret: []byte(c.LinkSecret), TTL: c.LinkTTL}
	after := c.ReplyAfter
	if after == 0 {
		after = -1 // the service's "never"
	}
	svc := mail.NewService(mail.ServiceConfig{Store: m.Store, Queue: out, Links: links, Online: hub,
		BaseURL: m.Config.PublicURL, ReplyAfter: after, TranscriptEvery: c.TranscriptEvery, Log: m.Log})
	m.bg.Go(func() { out.Run(ctx) })
	m.bg.Go(func() { svc.Run(ctx) })
	return email{svc: svc, resume: &mail.ResumeHandler{Links: links, Store: m.Store, Fallback: c.ReturnURL}}, nil
}

// replies is the desk's listener: nil (no interface holding a nil
// pointer) while email is off.
func (e email) replies() handoff.ReplyListener {
	if e.svc == nil {
		return nil
	}
	return e.svc
}

// resumeHandler answers /c/{token}; without email, links cannot exist.
func (e email) resumeHandler() http.Handler {
	if e.resume == nil {
		return http.NotFoundHandler()
	}
	return e.resume
}
