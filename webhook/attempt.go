package webhook

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/netip"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parley-chat/parley"
)

// maxResponse bounds how much of an endpoint's answer is read.
const maxResponse = 64 << 10

// outcome is what one attempt came to.
type outcome struct {
	ok         bool
	retry      bool // network error, 408, 429 or 5xx
	status     int
	err        string
	retryAfter time.Duration // from a 429's or 503's Retry-After (seconds), at most 6h
}

func (d *Deliverer) attempt(ctx context.Context, c parley.WebhookClaim) outcome {
	body := c.Delivery.Payload
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, bytes.NewReader(body))
	if err != nil {
		return outcome{err: "bad endpoint URL: " + err.Error()}
	}
	now := d.cfg.Now()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Parley-Webhooks/1")
	req.Header.Set(HeaderID, c.Delivery.ActivityID)
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
	req.Header.Set(HeaderSignature, Sign(c.Secret, now, body))
	// The remote address decides whether the answer may be shown: an
	// endpoint on a private address could be an internal service, and its
	// words must not reach the admin pages through the delivery list.
	var remote netip.Addr
	req = req.WithContext(httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{GotConn: func(ci httptrace.GotConnInfo) {
		if ap, err := netip.ParseAddrPort(ci.Conn.RemoteAddr().String()); err == nil {
			remote = ap.Addr()
		}
	}}))
	resp, err := d.cfg.Client.Do(req)
	if err != nil {
		return outcome{retry: true, err: err.Error()}
	}
	defer resp.Body.Close()
	head, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
	io.Copy(io.Discard, io.LimitReader(resp.Body, maxResponse))
	st := resp.StatusCode
	if st >= 200 && st < 300 {
		return outcome{ok: true, status: st}
	}
	o := outcome{status: st, err: fmt.Sprintf("HTTP %d", st)}
	if s := printable(head); s != "" && Public(remote) {
		o.err += ": " + s
	}
	o.retry = st == http.StatusRequestTimeout || st == http.StatusTooManyRequests || st >= 500
	if secs, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && secs > 0 && o.retry {
		o.retryAfter = min(time.Duration(secs)*time.Second, 6*time.Hour)
	}
	return o
}

// printable keeps the start of a response body for the deliveries list.
func printable(b []byte) string {
	s := strings.ToValidUTF8(string(b), "")
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == utf8.RuneError {
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

func itoa(n int) string { return strconv.Itoa(n) }
