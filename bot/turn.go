package bot

import (
	"math"
	"slices"
	"strings"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/bot/intent"
	"github.com/parley-chat/parley/bot/signal"
)

type (
	intentAlt        = intent.Alternative
	intentPrediction = intent.Prediction
)

const outOfScope = intent.OutOfScope

// spokeSince reports whether the bot (or a person) already wrote after the
// visitor message seq: the bot never sends two messages without visitor input.
func spokeSince(h []parley.Message, seq int64) bool {
	for _, m := range h {
		if m.Seq > seq && m.Author.Kind != parley.AuthorVisitor && m.Author.Kind != parley.AuthorSystem {
			return true
		}
	}
	return false
}

// recentVisitorText joins the visitor's messages since the last reply, up to
// seq ("hi" then "I forgot my password" is one question).
func recentVisitorText(h []parley.Message, seq int64) string {
	var parts []string
	for i := len(h) - 1; i >= 0 && len(parts) < 3; i-- {
		m := h[i]
		if m.Seq > seq || m.Author.Kind == parley.AuthorSystem {
			continue
		}
		if m.Author.Kind != parley.AuthorVisitor {
			break
		}
		parts = append(parts, m.Text)
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, "\n")
}

// earlierVisitorTexts are the visitor's messages before seq, for repetition.
func earlierVisitorTexts(h []parley.Message, seq int64) []string {
	var out []string
	for _, m := range h {
		if m.Seq < seq && m.Author.Kind == parley.AuthorVisitor {
			out = append(out, m.Text)
		}
	}
	return out
}

// notHelped counts the signs since the last 👍 that answers did not help:
// 👎 votes, and visitor messages saying so (now, when unhelped, and in
// earlier decisions' reasons).
func notHelped(ds []parley.Decision, fb map[int64]bool, unhelped bool) int {
	var lastHelpful int64
	for seq, ok := range fb {
		if ok && seq > lastHelpful {
			lastHelpful = seq
		}
	}
	n := 0
	if unhelped {
		n++
	}
	for seq, ok := range fb {
		if !ok && seq > lastHelpful {
			n++
		}
	}
	for _, d := range ds {
		if d.MessageSeq > lastHelpful && slices.Contains(d.Reasons, signal.ReasonUnhelped) {
			n++
		}
	}
	return n
}

// answersWithoutHelpful counts bot answers after the last one marked
// helpful and after the last handoff (a person answered in between).
func answersWithoutHelpful(ds []parley.Decision, fb map[int64]bool) int {
	var lastHelpful int64
	for seq, ok := range fb {
		if ok && seq > lastHelpful {
			lastHelpful = seq
		}
	}
	n := 0
	for _, d := range ds {
		switch {
		case d.Action == parley.ActionHandoff:
			n = 0
		case d.Action == parley.ActionAnswer && d.ReplySeq > lastHelpful:
			n++
		}
	}
	return n
}

func lastOf(ds []parley.Decision) (parley.Decision, bool) {
	for i := len(ds) - 1; i >= 0; i-- {
		if ds[i].Action != parley.ActionSilent {
			return ds[i], true
		}
	}
	return parley.Decision{}, false
}

func baseLang(tag string) string {
	b, _, _ := strings.Cut(strings.ToLower(tag), "-")
	return b
}

func round(f float64) float64 { return math.Round(f*1000) / 1000 }
