package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/parley-chat/parley"
)

// errIncomplete: the model stopped for a reason other than "stop" (length,
// content filter). The endpoint works, but repeating would not help.
var errIncomplete = errors.New("answer incomplete")

// Answer writes a grounded answer to req from req.Sources, calling onDelta
// (which may be nil) with provisional text as it streams; see the package
// documentation for the contract. Errors wrap ErrNoAnswer, ErrBudget,
// ErrCircuitOpen, ErrUnavailable or ErrInvalidRequest.
func (c *Client) Answer(ctx context.Context, req Request, onDelta func(text string)) (Answer, error) {
	if strings.TrimSpace(req.VisitorID) == "" || strings.TrimSpace(req.Question) == "" {
		return Answer{}, fmt.Errorf("%w: VisitorID and Question are required", ErrInvalidRequest)
	}
	if len(req.Sources) == 0 {
		return Answer{}, fmt.Errorf("%w: no sources", ErrNoAnswer)
	}
	caller := ctx
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	chat := c.chatRequest(req)

	var last error
	for attempt := 0; ; attempt++ {
		report, err := c.breaker.allow()
		if err != nil {
			if last != nil {
				return Answer{}, fmt.Errorf("%w after: %v", err, last)
			}
			return Answer{}, err
		}
		if attempt == 0 {
			if err := c.budget.take(ctx, req.VisitorID); err != nil {
				report(ignored)
				return Answer{}, err
			}
		}
		info := &attemptInfo{retryAfter: -1}
		ans, streamed, err := c.attempt(withAttempt(ctx, info), chat, req.Sources, onDelta)
		report(classify(caller, err))
		if err == nil || errors.Is(err, ErrNoAnswer) {
			return ans, err
		}
		if errors.Is(err, errIncomplete) || streamed || attempt >= c.maxRetries ||
			ctx.Err() != nil || !retryableStatus(info.status) {
			return Answer{}, fmt.Errorf("%w: %w", ErrUnavailable, err)
		}
		last = err
		wait := info.retryAfter
		if wait < 0 {
			wait = backoff(attempt)
		}
		if deadline, ok := ctx.Deadline(); ok && wait >= time.Until(deadline) {
			return Answer{}, fmt.Errorf("%w: %w (retry in %v is past the deadline)", ErrUnavailable, err, wait)
		}
		if !sleep(ctx, wait) {
			return Answer{}, fmt.Errorf("%w: %w (while waiting to retry after: %v)", ErrUnavailable, ctx.Err(), err)
		}
	}
}

// classify tells the breaker whether err is the endpoint's fault. The
// caller giving up is not; our own deadline passing is.
func classify(caller context.Context, err error) outcome {
	switch {
	case err == nil, errors.Is(err, ErrNoAnswer), errors.Is(err, errIncomplete):
		return success
	case caller.Err() != nil:
		return ignored
	default:
		return failure
	}
}

// attempt makes one streaming request. streamed reports whether onDelta
// has been called, after which the attempt must not be repeated.
func (c *Client) attempt(ctx context.Context, chat openai.ChatCompletionRequest, sources []parley.SearchHit,
	onDelta func(string)) (ans Answer, streamed bool, err error) {
	st, err := c.api.CreateChatCompletionStream(ctx, chat)
	if err != nil {
		return Answer{}, false, err
	}
	defer st.Close()
	emit := func(s string) {
		if s != "" && onDelta != nil {
			onDelta(s)
			streamed = true
		}
	}
	var f filter
	var finish openai.FinishReason
	for {
		resp, err := st.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Answer{}, streamed, fmt.Errorf("stream broke: %w", err)
		}
		for _, ch := range resp.Choices {
			if ch.Index != 0 {
				continue
			}
			emit(f.write(ch.Delta.Content))
			if ch.FinishReason != "" && ch.FinishReason != openai.FinishReasonNull {
				finish = ch.FinishReason
			}
		}
	}
	// go-openai reports a body that simply ends like [DONE]; a complete
	// answer always carries a finish reason, so its absence means a break.
	switch finish {
	case openai.FinishReasonStop:
	case "":
		return Answer{}, streamed, errors.New("stream ended without a finish reason")
	default:
		return Answer{}, streamed, fmt.Errorf("%w: finish reason %q", errIncomplete, finish)
	}
	text, rest := f.final()
	ans, err = ground(text, f.raw.String(), sources)
	if err != nil {
		return Answer{}, streamed, err
	}
	emit(rest)
	return ans, streamed, nil
}

// ground checks that the answer rests on the sources and maps its markers
// to slugs.
func ground(text, raw string, sources []parley.SearchHit) (Answer, error) {
	if isNoAnswer(raw) {
		return Answer{}, fmt.Errorf("%w: the model found none", ErrNoAnswer)
	}
	if text == "" {
		return Answer{}, fmt.Errorf("%w: empty answer", ErrNoAnswer)
	}
	nums := cited(raw)
	if len(nums) == 0 {
		return Answer{}, fmt.Errorf("%w: the answer cites no source", ErrNoAnswer)
	}
	ans := Answer{Text: text}
	seen := map[string]bool{}
	for _, n := range nums {
		if n < 1 || n > len(sources) {
			return Answer{}, fmt.Errorf("%w: the answer cites a source that does not exist", ErrNoAnswer)
		}
		if slug := sources[n-1].Article.Slug; !seen[slug] {
			seen[slug] = true
			ans.Citations = append(ans.Citations, slug)
		}
	}
	return ans, nil
}
