package openaitest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Response scripts the answer to one request. The zero value is a
// successful, empty answer.
type Response struct {
	Content      string              // the assistant's text; default: Chunks joined
	Chunks       []string            // streaming pieces; default: Content split after spaces
	FinishReason openai.FinishReason // default "stop"

	Status     int    // if not 0 or 200: fail with this status and an OpenAI error body
	RetryAfter string // Retry-After header value, sent with any status

	Delay      time.Duration   // before the response starts
	ChunkDelay time.Duration   // streaming: before each chunk
	Gate       <-chan struct{} // streaming: the last chunk waits until Gate is closed

	BreakAfter int  // streaming: if > 0, stop after this many chunks, with no finish_reason and no [DONE]
	BreakClean bool // with BreakAfter: end the body normally instead of dropping the connection
}

// Request is one request as the server received it.
type Request struct {
	Method string
	Path   string
	Header http.Header
	Body   []byte
	Chat   openai.ChatCompletionRequest // decoded Body; zero if it did not decode
}

// Server is a running test server; see the package documentation.
type Server struct {
	URL    string // base URL for the client, ending in /v1
	APIKey string // the only key accepted

	srv  *httptest.Server
	done chan struct{} // closed at cleanup, ends every wait

	mu       sync.Mutex
	queue    []Response
	reply    func(openai.ChatCompletionRequest) Response
	requests []Request
}

// New starts a server that is closed when the test ends.
func New(tb testing.TB) *Server {
	tb.Helper()
	var key [12]byte
	_, _ = rand.Read(key[:])
	s := &Server{APIKey: "sk-test-" + hex.EncodeToString(key[:]), done: make(chan struct{})}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL + "/v1"
	tb.Cleanup(func() {
		close(s.done)
		s.srv.CloseClientConnections()
		s.srv.Close()
	})
	return s
}

// Reply sets the function that answers requests once the queue is empty.
func (s *Server) Reply(f func(req openai.ChatCompletionRequest) Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reply = f
}

// Enqueue adds responses that the next requests get, in order, once each.
func (s *Server) Enqueue(rs ...Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queue = append(s.queue, rs...)
}

// Fail queues n failures with the given status and Retry-After value ("" for
// none); later requests get the queue's rest or the Reply function.
func (s *Server) Fail(n, status int, retryAfter string) {
	for range n {
		s.Enqueue(Response{Status: status, RetryAfter: retryAfter})
	}
}

// Requests returns a copy of every request received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec := Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body}
	decodeErr := json.Unmarshal(body, &rec.Chat)
	s.mu.Lock()
	s.requests = append(s.requests, rec)
	s.mu.Unlock()

	switch {
	case r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions":
		writeError(w, http.StatusNotFound, "unknown endpoint", "not_found")
		return
	case r.Header.Get("Authorization") != "Bearer "+s.APIKey:
		writeError(w, http.StatusUnauthorized, "Incorrect API key provided", "invalid_api_key")
		return
	case decodeErr != nil:
		writeError(w, http.StatusBadRequest, "invalid JSON body", "invalid_request")
		return
	}

	resp := s.next(rec.Chat)
	if !s.wait(r, resp.Delay, nil) {
		return
	}
	if resp.RetryAfter != "" {
		w.Header().Set("Retry-After", resp.RetryAfter)
	}
	if resp.Status != 0 && resp.Status != http.StatusOK {
		writeError(w, resp.Status, http.StatusText(resp.Status), "scripted_failure")
		return
	}
	if resp.Content == "" {
		resp.Content = strings.Join(resp.Chunks, "")
	}
	if resp.FinishReason == "" {
		resp.FinishReason = openai.FinishReasonStop
	}
	if rec.Chat.Stream {
		s.stream(w, r, rec.Chat.Model, resp)
		return
	}
	writeJSON(w, http.StatusOK, openai.ChatCompletionResponse{
		ID: "chatcmpl-test", Object: "chat.completion", Created: time.Now().Unix(), Model: rec.Chat.Model,
		Choices: []openai.ChatCompletionChoice{{
			Message:      openai.ChatCompletionMessage{Role: openai.ChatMessageRoleAssistant, Content: resp.Content},
			FinishReason: resp.FinishReason,
		}},
	})
}

func (s *Server) next(req openai.ChatCompletionRequest) Response {
	s.mu.Lock()
	if len(s.queue) > 0 {
		r := s.queue[0]
		s.queue = s.queue[1:]
		s.mu.Unlock()
		return r
	}
	f := s.reply
	s.mu.Unlock()
	if f != nil {
		return f(req) // outside the lock: f may call the server's methods
	}
	return Response{Content: "Hello from openaitest."}
}

// stream writes resp as server-sent events in OpenAI's chunk format.
func (s *Server) stream(w http.ResponseWriter, r *http.Request, model string, resp Response) {
	chunks := resp.Chunks
	if chunks == nil && resp.Content != "" {
		chunks = strings.SplitAfter(resp.Content, " ")
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	flusher, _ := w.(http.Flusher)
	send := func(delta openai.ChatCompletionStreamChoiceDelta, finish openai.FinishReason) {
		b, _ := json.Marshal(openai.ChatCompletionStreamResponse{
			ID: "chatcmpl-test", Object: "chat.completion.chunk", Created: time.Now().Unix(), Model: model,
			Choices: []openai.ChatCompletionStreamChoice{{Delta: delta, FinishReason: finish}},
		})
		_, _ = io.WriteString(w, "data: "+string(b)+"\n\n")
		if flusher != nil {
			flusher.Flush()
		}
	}
	send(openai.ChatCompletionStreamChoiceDelta{Role: openai.ChatMessageRoleAssistant}, "")
	for i, c := range chunks {
		if resp.BreakAfter > 0 && i == resp.BreakAfter {
			s.breakStream(resp.BreakClean)
			return
		}
		var gate <-chan struct{}
		if i == len(chunks)-1 {
			gate = resp.Gate
		}
		if !s.wait(r, resp.ChunkDelay, gate) {
			return
		}
		send(openai.ChatCompletionStreamChoiceDelta{Content: c}, "")
	}
	if resp.BreakAfter > 0 {
		s.breakStream(resp.BreakClean)
		return
	}
	send(openai.ChatCompletionStreamChoiceDelta{}, resp.FinishReason)
	_, _ = io.WriteString(w, "data: [DONE]\n\n")
	if flusher != nil {
		flusher.Flush()
	}
}

// breakStream ends the response without finishing the stream: cleanly, or
// by dropping the connection (net/http's documented abort, not logged).
func (s *Server) breakStream(clean bool) {
	if !clean {
		panic(http.ErrAbortHandler)
	}
}

// wait sleeps d and then waits for gate (if not nil); it reports false if
// the client went away or the test ended first.
func (s *Server) wait(r *http.Request, d time.Duration, gate <-chan struct{}) bool {
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return false
		case <-s.done:
			return false
		}
	}
	if gate == nil {
		return true
	}
	select {
	case <-gate:
		return true
	case <-r.Context().Done():
		return false
	case <-s.done:
		return false
	}
}

func writeError(w http.ResponseWriter, status int, msg, code string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{
		"message": msg, "type": "invalid_request_error", "code": code,
	}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
