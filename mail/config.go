package mail

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strings"
	"time"
)

// TLS modes of Config.TLS.
const (
	TLSAuto     = "auto"     // STARTTLS when the server offers it (smtp:// default)
	TLSStartTLS = "starttls" // STARTTLS or fail
	TLSImplicit = "tls"      // TLS from the first byte (smtps://, port 465)
	TLSNone     = "none"     // plain text: only for a local relay or tests
)

// Config says how to reach the SMTP server. Zero values: TLS from the URL's
// scheme (smtp: auto, smtps: tls); Timeout 30s for one delivery.
type Config struct {
	URL     string // smtp://user:pass@host:port or smtps://…
	From    string // "Name <address>" or an address
	TLS     string
	Timeout time.Duration
	// ServerName, when set, is the name the TLS certificate must carry
	// (default: the URL's host).
	ServerName string
}

// server is a parsed Config.
type server struct {
	addr, host   string
	user, pass   string
	tls          string
	from         *mail.Address
	timeout      time.Duration
	serverName   string
	heloHostname string
}

func (c Config) parse() (server, error) {
	u, err := url.Parse(c.URL)
	if err != nil {
		return server{}, fmt.Errorf("smtp url: %w", err)
	}
	s := server{tls: strings.ToLower(c.TLS), timeout: c.Timeout, serverName: c.ServerName}
	port := "587"
	switch u.Scheme {
	case "smtp":
		if s.tls == "" {
			s.tls = TLSAuto
		}
	case "smtps":
		port = "465"
		if s.tls == "" {
			s.tls = TLSImplicit
		}
	default:
		return server{}, fmt.Errorf("smtp url %q: scheme must be smtp or smtps", redact(u))
	}
	switch s.tls {
	case TLSAuto, TLSStartTLS, TLSImplicit, TLSNone:
	default:
		return server{}, fmt.Errorf("smtp tls %q: want auto, starttls, tls or none", c.TLS)
	}
	if u.Hostname() == "" {
		return server{}, fmt.Errorf("smtp url %q: no host", redact(u))
	}
	s.host = u.Hostname()
	if u.Port() != "" {
		port = u.Port()
	}
	s.addr = net.JoinHostPort(s.host, port)
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}
	if c.From == "" {
		return server{}, errors.New("smtp from: empty (want an address, e.g. Support <support@example.com>)")
	}
	if s.from, err = mail.ParseAddress(c.From); err != nil {
		return server{}, fmt.Errorf("smtp from %q: %w", c.From, err)
	}
	if s.timeout == 0 {
		s.timeout = 30 * time.Second
	}
	if s.serverName == "" {
		s.serverName = s.host
	}
	s.heloHostname = "localhost"
	if at := strings.LastIndexByte(s.from.Address, '@'); at >= 0 {
		s.heloHostname = s.from.Address[at+1:]
	}
	return s, nil
}

// redact hides a URL's password in errors and logs.
func redact(u *url.URL) string { return u.Redacted() }

// Validate reports the first setting that cannot work.
func (c Config) Validate() error { _, err := c.parse(); return err }
