package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// frameKind is what the load loop needs to know about a server frame.
type frameKind uint8

const (
	kindOther frameKind = iota
	kindAck
	kindMessage
	kindError
	kindWelcome
)

// frame is one decoded server frame, reused between reads.
type frame struct {
	kind     frameKind
	clientID []byte // aliases the read buffer in the ack fast path
	seq      int64
	author   string // message author kind
	code     string // error code
	retry    time.Duration
	token    string
}

// wire is the JSON shape of every server frame field the bench reads.
type wire struct {
	Type         string `json:"type"`
	ClientID     string `json:"client_id"`
	Seq          int64  `json:"seq"`
	Token        string `json:"token"`
	Code         string `json:"code"`
	RetryAfterMS int64  `json:"retry_after_ms"`
	Author       struct {
		Kind string `json:"kind"`
	} `json:"author"`
}

// parseFrame decodes data into f. Acks and the echoes of one's own
// messages, nearly all traffic, take an allocation-free path when they have
// the gateway's field order; anything else goes through encoding/json.
func parseFrame(data []byte, f *frame) error {
	*f = frame{}
	if fastAck(data, f) || fastMessage(data, f) {
		return nil
	}
	var w wire
	if err := json.Unmarshal(data, &w); err != nil {
		return fmt.Errorf("server sent a frame that is not JSON: %.80q", data)
	}
	f.clientID, f.seq, f.author, f.code, f.token = []byte(w.ClientID), w.Seq, w.Author.Kind, w.Code, w.Token
	f.retry = time.Duration(w.RetryAfterMS) * time.Millisecond
	switch w.Type {
	case "ack":
		f.kind = kindAck
	case "message":
		f.kind = kindMessage
	case "error":
		f.kind = kindError
	case "welcome":
		f.kind = kindWelcome
	}
	return nil
}

// readFrame reads one websocket message into buf's storage.
func readFrame(ws *websocket.Conn, buf []byte) ([]byte, error) {
	_, r, err := ws.NextReader()
	if err != nil {
		return buf[:0], err
	}
	buf = buf[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// clientIDs look like m<n>, n being the message's index for its visitor.
func appendClientID(b []byte, n int) []byte { return strconv.AppendInt(append(b, 'm'), int64(n), 10) }

func parseClientID(id []byte) (int, bool) {
	if len(id) < 2 || id[0] != 'm' {
		return 0, false
	}
	n := 0
	for _, c := range id[1:] {
		if c < '0' || c > '9' || n > 1<<40 {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// appendSend builds a send frame without going through encoding/json;
// text is already a JSON string literal.
func appendSend(b []byte, n int, text []byte) []byte {
	b = append(b, `{"type":"send","client_id":"`...)
	b = appendClientID(b, n)
	b = append(b, `","text":`...)
	b = append(b, text...)
	return append(b, '}')
}

// dialer connects visitors, spreading them over the source addresses.
type dialer struct {
	cfg     *config
	dialers []*websocket.Dialer
	header  http.Header
}

func newDialer(cfg *config) *dialer {
	d := &dialer{cfg: cfg, header: http.Header{}}
	if cfg.origin != "" {
		d.header.Set("Origin", cfg.origin)
	}
	pool := &sync.Pool{} // write buffers only while writing: idle clients stay small
	for i := range cfg.sources {
		nd := &net.Dialer{Timeout: 10 * time.Second}
		if cfg.sources > 1 {
			nd.LocalAddr = &net.TCPAddr{IP: sourceIP(i)}
		}
		d.dialers = append(d.dialers, &websocket.Dialer{NetDialContext: nd.DialContext, HandshakeTimeout: 10 * time.Second,
			ReadBufferSize: 2048, WriteBufferSize: 1024, WriteBufferPool: pool})
	}
	return d
}

// hello connects visitor i and completes hello/welcome, resuming token from
// lastSeq when token is set. It returns the socket and the visitor's token.
func (d *dialer) hello(ctx context.Context, i int, token string, lastSeq int64) (*websocket.Conn, string, error) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	ws, resp, err := d.dialers[i%len(d.dialers)].DialContext(ctx, d.cfg.wsURL, d.header)
	if err != nil {
		if resp != nil {
			return nil, "", fmt.Errorf("connect: HTTP %d: %w", resp.StatusCode, err)
		}
		return nil, "", fmt.Errorf("connect: %w", err)
	}
	tok, _ := json.Marshal(token)
	msg := fmt.Appendf(nil, `{"type":"hello","token":%s,"last_seq":%d}`, tok, lastSeq)
	_ = ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
	if err := ws.WriteMessage(websocket.TextMessage, msg); err != nil {
		ws.Close()
		return nil, "", fmt.Errorf("hello: %w", err)
	}
	_ = ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	var f frame
	var buf []byte
	for {
		if buf, err = readFrame(ws, buf); err != nil {
			ws.Close()
			return nil, "", fmt.Errorf("waiting for welcome: %w", err)
		}
		if err := parseFrame(buf, &f); err != nil {
			ws.Close()
			return nil, "", err
		}
		switch f.kind {
		case kindWelcome:
			if f.token == "" {
				ws.Close()
				return nil, "", errors.New("welcome without a token")
			}
			_ = ws.SetReadDeadline(time.Time{})
			return ws, f.token, nil
		case kindError:
			if f.code == "rate_limited" || f.code == "internal" {
				ws.Close()
				return nil, "", fmt.Errorf("hello refused: %s", f.code)
			}
			// unauthorized (token not recognised) still gets a welcome
		}
	}
}
