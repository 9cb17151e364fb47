// Package openaitest is an OpenAI-compatible HTTP server for tests: the one
// fake the project allows in place of a language model. The real client
// (github.com/sashabaranov/go-openai) talks to it over HTTP, so tests cover
// the request the client builds, the auth header, status codes, Retry-After
// and server-sent events exactly as a real endpoint would exercise them.
//
// It serves POST /v1/chat/completions only, non-streaming and streaming
// (SSE "data: {...}" chunks, then "data: [DONE]"), and answers 401 unless
// the request carries "Authorization: Bearer <Server.APIKey>".
//
//	s := openaitest.New(t)            // closed by t.Cleanup
//	cfg := openai.DefaultConfig(s.APIKey)
//	cfg.BaseURL = s.URL               // ends in /v1, like OpenAI's
//
// What each request gets, first match wins:
//   - the next queued Response (Enqueue, or Fail for "N failures then
//     succeed"), each used once;
//   - otherwise the Reply function, called with the decoded request;
//   - otherwise a fixed greeting.
//
// A Response may fail with a status and Retry-After, wait before answering
// (Delay, ChunkDelay: both give up when the client goes away or the test
// ends, so deadline tests never hang), hold its last chunk until a Gate is
// closed (to prove deltas arrive while the stream is open), or break the
// stream midway (BreakAfter). Requests returns every request received,
// including unauthorised ones, with headers and the raw body.
package openaitest
