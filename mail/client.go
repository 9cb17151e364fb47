package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"time"
)

// Client sends messages to one SMTP server, one connection per message:
// transactional mail is rare enough that pooling would only hold sockets.
type Client struct {
	s server
	// Now dates messages (default time.Now).
	Now       func() time.Time
	tlsConfig *tls.Config
}

// New checks cfg and returns a client; it does not connect.
func New(cfg Config) (*Client, error) {
	s, err := cfg.parse()
	if err != nil {
		return nil, err
	}
	return &Client{s: s, tlsConfig: &tls.Config{ServerName: s.serverName, MinVersion: tls.VersionTLS12}}, nil
}

// From is the sender's address.
func (c *Client) From() *mail.Address { return c.s.from }

// Send builds m and delivers it; it returns the Message-ID.
func (c *Client) Send(ctx context.Context, m Message) (string, error) {
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	raw, id, err := Build(m, c.s.from, now())
	if err != nil {
		return "", err
	}
	rcpt := make([]string, 0, len(m.To))
	for _, a := range m.To {
		addr, _ := mail.ParseAddress(a) // Build checked them
		rcpt = append(rcpt, addr.Address)
	}
	ctx, cancel := context.WithTimeout(ctx, c.s.timeout)
	defer cancel()
	if err := c.deliver(ctx, rcpt, raw); err != nil {
		return "", fmt.Errorf("smtp %s: %w", c.s.addr, err)
	}
	return id, nil
}

func (c *Client) deliver(ctx context.Context, rcpt []string, raw []byte) error {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", c.s.addr)
	if err != nil {
		return fmt.Errorf("dial: %w", err)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() }) // net/smtp knows no context
	defer stop()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	if c.s.tls == TLSImplicit {
		tc := tls.Client(conn, c.tlsConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
			conn.Close()
			return fmt.Errorf("tls: %w", err)
		}
		conn = tc
	}
	cl, err := smtp.NewClient(conn, c.s.host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("greeting: %w", err)
	}
	defer cl.Close()
	if err := cl.Hello(c.s.heloHostname); err != nil {
		return fmt.Errorf("ehlo: %w", err)
	}
	if c.s.tls == TLSAuto || c.s.tls == TLSStartTLS {
		if ok, _ := cl.Extension("STARTTLS"); ok {
			if err := cl.StartTLS(c.tlsConfig); err != nil {
				return fmt.Errorf("starttls: %w", err)
			}
		} else if c.s.tls == TLSStartTLS {
			return errors.New("starttls: the server does not offer it (use --smtp-tls auto or none for a plain relay)")
		}
	}
	if c.s.user != "" {
		// PlainAuth itself refuses to send the password unencrypted,
		// except to localhost.
		if err := cl.Auth(smtp.PlainAuth("", c.s.user, c.s.pass, c.s.host)); err != nil {
			return fmt.Errorf("auth: %w", err)
		}
	}
	if err := cl.Mail(c.s.from.Address); err != nil {
		return fmt.Errorf("mail from: %w", err)
	}
	for _, r := range rcpt {
		if err := cl.Rcpt(r); err != nil {
			return fmt.Errorf("rcpt %s: %w", r, err)
		}
	}
	w, err := cl.Data()
	if err != nil {
		return fmt.Errorf("data: %w", err)
	}
	if _, err := w.Write(raw); err != nil {
		return fmt.Errorf("data: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("data: %w", err)
	}
	return cl.Quit()
}
