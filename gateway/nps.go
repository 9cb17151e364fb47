package gateway

import (
	"context"
	"encoding/json"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/gateway/protocol"
)

// NPSPeriod is how often a contact is asked for a net promoter score.
const NPSPeriod = 90 * 24 * time.Hour

// npsQuestion is the English fallback; the widget shows its own words for
// meta.event "nps".
const npsQuestion = "How likely are you to recommend us to a friend or colleague? Answer from 0 to 10."

// offerNPS asks a signed-in user for a net promoter score after a resolved
// conversation, at most once per NPSPeriod per contact (claimed in the
// store, so other tabs and nodes do not ask again). The question is a bot
// message with meta.event "nps", so it survives reloads and replays.
func (s *session) offerNPS() {
	if !s.npsEligible.Load() {
		return
	}
	cfg := &s.srv.cfg
	ctx, cancel := context.WithTimeout(s.ctx, 10*time.Second)
	defer cancel()
	conv, err := cfg.Store.Conversation(ctx, s.conversationID)
	if err != nil || conv.Mode != parley.ModeResolved {
		return
	}
	claimed, err := cfg.Store.ClaimForContact(ctx, conv.ContactID, "nps", NPSPeriod)
	if err != nil || !claimed {
		if err != nil && ctx.Err() == nil {
			cfg.Log.Warn("gateway: nps claim", "err", err)
		}
		return
	}
	meta, _ := json.Marshal(map[string]string{"event": "nps"})
	s.appendBot(ctx, parley.Message{ConversationID: conv.ID, Author: parley.Author{Kind: parley.AuthorBot},
		Text: npsQuestion, Meta: meta}, conv.ContactID)
}

// handleNPS records the answer (signed-in users only: the survey is theirs).
func (s *session) handleNPS(ctx context.Context, f *protocol.NPS) {
	if ok, retry := s.allow(ctx); !ok {
		s.sendError(parley.ERATELIMITED, "too many requests; retry later", retry, f.ClientID)
		return
	}
	if s.sess.Contact.Segment != parley.SegmentUser {
		s.sendError(parley.EBADFRAME, "the survey is only for signed-in users", 0, f.ClientID)
		return
	}
	if err := s.srv.cfg.Store.RecordNPS(ctx, s.sess.Conversation.ID, f.Score, f.Comment); err != nil {
		s.storeError("nps", err, f.ClientID)
		return
	}
	if f.ClientID != "" {
		s.c.enqueue(outFrame{data: protocol.EncodeAck(f.ClientID, 0)})
	}
}
