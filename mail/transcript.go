package mail

import (
	"context"
	"fmt"
	"net/mail"

	"github.com/parley-chat/parley"
)

// maxTranscript bounds the messages one transcript carries.
const maxTranscript = 2000

// RequestTranscript queues the conversation's visitor-visible transcript
// to email, or to the contact's address when email is empty. One per
// conversation per TranscriptEvery (kept in the store, so every node
// agrees); more get rate_limited.
func (s *Service) RequestTranscript(ctx context.Context, conversationID, email string) error {
	c, err := s.cfg.Store.Conversation(ctx, conversationID)
	if err != nil {
		return err
	}
	ct, err := s.cfg.Store.Contact(ctx, c.ContactID)
	if err != nil {
		return err
	}
	to := cmpOr(email, ct.Email)
	if to == "" {
		return parley.Errorf(parley.EINVALID, "no email address: give one to send the transcript to")
	}
	if a, err := mail.ParseAddress(to); err != nil || a.Address != to {
		return parley.Errorf(parley.EINVALID, "%q is not a valid email address", to)
	}
	var msgs []parley.Message
	for after := int64(0); len(msgs) < maxTranscript; {
		page, err := s.cfg.Store.Messages(ctx, conversationID, after, 500, false)
		if err != nil {
			return fmt.Errorf("transcript: %w", err)
		}
		for _, m := range page {
			if m.Text != "" || len(files(m)) > 0 {
				msgs = append(msgs, m)
			}
			after = m.Seq
		}
		if len(page) < 500 {
			break
		}
	}
	if len(msgs) == 0 {
		return parley.Errorf(parley.EINVALID, "the conversation has no messages yet")
	}
	ok, err := s.cfg.Store.ClaimForContact(ctx, c.ContactID, "transcript:"+conversationID, s.cfg.TranscriptEvery)
	if err != nil {
		return fmt.Errorf("transcript: %w", err)
	}
	if !ok {
		return parley.Errorf(parley.ERATELIMITED, "a transcript of this conversation was sent less than %s ago", s.cfg.TranscriptEvery)
	}
	site, err := s.cfg.Store.SiteByID(ctx, c.SiteID)
	if err != nil {
		return err
	}
	l := newLetter(to, cmpOr(c.Language, ct.Locale), siteName(site), true)
	l.messages, l.link = msgs, s.link(conversationID)
	if err := s.cfg.Queue.Enqueue(l.render()); err != nil {
		return parley.Errorf(parley.EUNAVAILABLE, "email is busy; try again in a minute")
	}
	return nil
}
