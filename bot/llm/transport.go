package llm

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// attemptInfo is what the transport saw of one attempt's response; go-openai
// returns errors without headers, so this is how Retry-After reaches us.
type attemptInfo struct {
	status     int           // 0 if no response arrived
	retryAfter time.Duration // -1 if absent or unparsable
}

type attemptKey struct{}

func withAttempt(ctx context.Context, a *attemptInfo) context.Context {
	return context.WithValue(ctx, attemptKey{}, a)
}

// retryAfterTransport records the status and Retry-After of each response
// into the request's attemptInfo, if it has one.
type retryAfterTransport struct {
	base http.RoundTripper
	now  func() time.Time
}

func (t *retryAfterTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if a, ok := req.Context().Value(attemptKey{}).(*attemptInfo); ok && resp != nil {
		a.status = resp.StatusCode
		a.retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), t.now())
	}
	return resp, err
}

// parseRetryAfter reads delay-seconds or an HTTP date (RFC 9110 10.2.3);
// it returns -1 when v is neither.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return -1
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return -1
		}
		return time.Duration(min(n, 1<<31)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return -1
}

// Backoff when the server gives no Retry-After: exponential with jitter, so
// nodes retrying together spread out.
var (
	backoffBase = 100 * time.Millisecond
	backoffMax  = 2 * time.Second
)

func backoff(attempt int) time.Duration {
	d := min(backoffBase<<min(attempt, 10), backoffMax)
	return d/2 + rand.N(d/2+1)
}

// retryableStatus reports whether a failed attempt with this status (0: no
// response, or a stream that broke before any text) may succeed if repeated.
func retryableStatus(status int) bool {
	return status == 0 || status == http.StatusOK || status == http.StatusRequestTimeout ||
		status == http.StatusTooManyRequests || status >= 500
}

// sleep waits d or until ctx ends, reporting whether the full wait passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
