package gateway

import (
	"context"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/gateway/protocol"
)

// Transcripts emails a conversation's transcript (mail.Service): to email,
// or the contact's address when email is empty; errors carry protocol
// codes (invalid address, rate_limited).
type Transcripts interface {
	RequestTranscript(ctx context.Context, conversationID, email string) error
}

// handleTranscript queues the transcript email and records it in the
// conversation, acked like contact; a resent client_id is acked again
// without a second email.
func (s *session) handleTranscript(ctx context.Context, f *protocol.Transcript, start time.Time) {
	cfg := &s.srv.cfg
	if cfg.Transcripts == nil {
		s.sendError(parley.EBADFRAME, "this server does not send email", 0, f.ClientID)
		return
	}
	m := parley.Message{ConversationID: s.sess.Conversation.ID, ClientID: f.ClientID, Author: parley.Author{Kind: parley.AuthorSystem},
		Text: "Transcript sent by email.", Meta: systemMeta("transcript_sent")}
	if f.ClientID != "" {
		if prev, err := cfg.Store.MessageByClientID(ctx, m.ConversationID, f.ClientID); err == nil {
			s.ackAndEcho(prev, start)
			return
		}
	}
	if s.limited(ctx, m, start) {
		return
	}
	if err := cfg.Transcripts.RequestTranscript(ctx, m.ConversationID, f.Email); err != nil {
		switch parley.ErrorCode(err) {
		case parley.ERATELIMITED:
			s.sendError(parley.ERATELIMITED, parley.ErrorMessage(err), time.Minute, f.ClientID)
		case parley.EINVALID:
			s.sendError(parley.EBADFRAME, parley.ErrorMessage(err), 0, f.ClientID)
		default:
			cfg.Log.Error("gateway: transcript", "conversation", m.ConversationID, "err", err)
			s.sendError(parley.EINTERNAL, "transcript not sent; try again", 0, f.ClientID)
		}
		return
	}
	s.commit(ctx, m, parley.Event{}, start)
}
