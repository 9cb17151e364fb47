package bot

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/parley-chat/parley"
)

// Publisher fans an event out to every node's connections (the gateway's
// broker). The bot uses it for drafts only: stored messages are the desk's.
type Publisher interface {
	Publish(ctx context.Context, ev parley.Event) error
}

// SetDrafts makes LLM answers stream to visitors as drafts while they are
// written (nil: the answer arrives whole).
func (s *Service) SetDrafts(p Publisher) { s.drafts = p }

// draftEvery spaces drafts out: a model streams dozens of tokens a second,
// and each draft carries the whole text so far, so a fast model must not
// flood the visitor's connection or the broker.
const draftEvery = 100 * time.Millisecond

// DraftID names the draft that the answer to the visitor message seq
// becomes; the final message carries it as meta.draft.
func DraftID(seq int64) string { return "d" + strconv.FormatInt(seq, 10) }

// drafter publishes an answer's provisional text as it streams. Drafts are
// best effort: one that cannot be published is skipped, and the message
// that ends the draft is delivered like any other.
type drafter struct {
	pub  Publisher
	ev   parley.Event // conversation fields; Draft is set per publish
	id   string
	text strings.Builder
	last time.Time
	sent bool
}

func newDrafter(pub Publisher, conv parley.Conversation, seq int64) *drafter {
	return &drafter{pub: pub, id: DraftID(seq),
		ev: parley.Event{Kind: parley.EventDraft, SiteID: conv.SiteID, ConversationID: conv.ID, ContactID: conv.ContactID}}
}

// add takes the LLM client's next delta.
func (d *drafter) add(ctx context.Context, delta string) {
	d.text.WriteString(delta)
	if now := time.Now(); now.Sub(d.last) >= draftEvery {
		d.last = now
		ev := d.ev
		ev.Draft = &parley.Draft{ID: d.id, Text: d.text.String()}
		if d.pub.Publish(ctx, ev) == nil {
			d.sent = true
		}
	}
}
