// Package llm writes the bot's optional generative answer: it asks an
// OpenAI-compatible endpoint (through github.com/sashabaranov/go-openai) to
// rewrite retrieved KB passages into an answer in the visitor's language,
// citing the articles, and streams it.
//
// Contract with the caller (the bot):
//   - Only a nil error makes an Answer final. Deltas passed to onDelta are
//     provisional: on any error the caller discards what it streamed and
//     falls back (ErrNoAnswer: hand off; anything else: the extractive
//     answer). Every error matches one sentinel with errors.Is.
//   - Citation markers are stripped, from the deltas and from Answer.Text
//     alike, so the concatenated deltas equal Answer.Text exactly. The model
//     cites sources as [n] (n indexes Request.Sources from 1); Citations holds
//     the cited slugs, deduplicated, in order of first citation, for the
//     caller to render as links.
//   - An answer is grounded only if it cites at least one source and every
//     number it cites exists; otherwise, or if the model says NO_ANSWER, the
//     result is ErrNoAnswer.
//
// Untrusted input: the visitor's question goes only into the user message,
// between lines carrying a random boundary; the system prompt is a constant
// that carries no configuration (no key, URL, model or setting) and tells
// the model to ignore instructions in the question. The API key travels only
// in the Authorization header. The package logs nothing.
//
// Resilience: Config.Timeout bounds the whole answer, retries included.
// Failures before any text was streamed (network errors, 408, 429, 5xx, a
// stream that breaks early) are retried with jittered backoff, or after
// Retry-After when the server sends one (captured by a wrapping
// RoundTripper, since go-openai's errors carry no headers); a Retry-After
// longer than the time left fails at once. Once text was streamed, a break
// is final: the visitor must not see two answers spliced together.
//
// The circuit breaker is a small one of ours rather than
// github.com/sony/gobreaker: gobreaker reads time.Now directly, so its
// cooldown could not follow Config.Now, and we need only consecutive
// failures and a single half-open probe.
//
// Budgets (per visitor per day, and per day overall; days in UTC) are kept
// in Config.Counter when there is one (Redis: every node charges the same
// counts), else in memory per node; while the Counter fails, each node
// counts on its own, so N nodes allow up to N times the budget then.
// One Answer call costs one request whatever its retries; calls refused by
// the breaker cost nothing.
package llm
