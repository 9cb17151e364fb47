package gateway

import (
	"context"
	"errors"

	"github.com/parley-chat/parley"
)

// attachmentStore is the optional Store capability behind send's
// attachments (found by type assertion; without it they are refused).
type attachmentStore interface {
	Attachment(ctx context.Context, id string) (parley.Attachment, error)
}

// readMarkStore is the optional Store capability behind the agents' read
// marker shown to visitors.
type readMarkStore interface {
	ReadMarks(ctx context.Context, conversationID string) (parley.ReadMarks, error)
}

// sendAttachments resolves a send's attachment ids to the meta of its
// message: each must be one this visitor uploaded to this conversation.
// Unknown and foreign ids are refused alike (not_found).
func (s *session) sendAttachments(ctx context.Context, ids []string) ([]byte, error) {
	as, ok := s.srv.cfg.Store.(attachmentStore)
	if !ok {
		return nil, parley.Errorf(parley.EBADFRAME, "this server takes no attachments")
	}
	list := make([]parley.Attachment, len(ids))
	for i, id := range ids {
		a, err := as.Attachment(ctx, id)
		if errors.Is(err, parley.ErrNotFound) {
			return nil, parley.Errorf(parley.ENOTFOUND, "no attachment %s in this conversation", id)
		} else if err != nil {
			return nil, err
		}
		if err := a.UsableBy(s.sess.Conversation.ID, s.visitor()); err != nil {
			return nil, err
		}
		list[i] = a
	}
	return parley.AttachmentsMeta(list), nil
}
