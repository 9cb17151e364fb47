package storetest

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/parley-chat/parley"
)

// AttachmentStore keeps files added to conversations: the bytes (by their
// SHA-256, shared by identical files) and the metadata, read by any node.
type AttachmentStore interface {
	// PutAttachment stores data and a's metadata (parley.NewAttachment
	// decides ID, Size, SHA256, CreatedAt, Filename; its refusals are
	// EINVALID); an unknown conversation is ErrNotFound.
	PutAttachment(ctx context.Context, a parley.Attachment, data []byte) (parley.Attachment, error)
	// Attachment returns the metadata by id (ErrNotFound when unknown).
	Attachment(ctx context.Context, id string) (parley.Attachment, error)
	// AttachmentData returns the bytes of a stored attachment.
	AttachmentData(ctx context.Context, a parley.Attachment) ([]byte, error)
	// AttachmentKey returns the key signing attachment links: made once,
	// then the same for every call and every node.
	AttachmentKey(ctx context.Context) ([]byte, error)
}

func attachments(t *testing.T, s Store) AttachmentStore {
	t.Helper()
	as, ok := s.(AttachmentStore)
	if !ok {
		t.Fatalf("%T does not keep attachments", s)
	}
	return as
}

var attachmentTests = []test{
	{"RoundTrip", func(t *testing.T, s Store) {
		as := attachments(t, s)
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		data := []byte("%PDF-1.7 invoice")
		put, err := as.PutAttachment(ctx(t), parley.Attachment{ConversationID: sess.Conversation.ID,
			Uploader: parley.Author{Kind: parley.AuthorVisitor, ID: sess.Contact.ID}, Filename: "../in\"voice.pdf", ContentType: "application/pdf"}, data)
		if err != nil {
			t.Fatalf("PutAttachment: %v", err)
		}
		if put.ID == "" || put.Size != int64(len(data)) || len(put.SHA256) != 64 || put.Filename != "in_voice.pdf" || put.CreatedAt.IsZero() {
			t.Fatalf("stored %+v", put)
		}
		got, err := as.Attachment(ctx(t), put.ID)
		if err != nil || got != put {
			t.Fatalf("Attachment = %+v, %v; want %+v", got, err, put)
		}
		b, err := as.AttachmentData(ctx(t), got)
		if err != nil || !bytes.Equal(b, data) {
			t.Fatalf("AttachmentData = %q, %v", b, err)
		}
		// The same bytes again (another upload) share the blob, not the row.
		again, err := as.PutAttachment(ctx(t), parley.Attachment{ConversationID: sess.Conversation.ID,
			Uploader: parley.Author{Kind: parley.AuthorAgent, ID: "a1"}, Filename: "copy.pdf", ContentType: "application/pdf"}, data)
		if err != nil || again.ID == put.ID || again.SHA256 != put.SHA256 {
			t.Fatalf("second put: %+v, %v", again, err)
		}
		if b, err := as.AttachmentData(ctx(t), again); err != nil || !bytes.Equal(b, data) {
			t.Fatalf("second data = %q, %v", b, err)
		}
	}},
	{"Refusals", func(t *testing.T, s Store) {
		as := attachments(t, s)
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		ok := parley.Attachment{ConversationID: sess.Conversation.ID, Uploader: parley.Author{Kind: parley.AuthorVisitor, ID: sess.Contact.ID},
			Filename: "a.txt", ContentType: "text/plain"}
		bot, noType := ok, ok
		bot.Uploader.Kind = parley.AuthorBot
		noType.ContentType = ""
		for name, tc := range map[string]struct {
			a    parley.Attachment
			data []byte
		}{"empty": {ok, nil}, "bot uploader": {bot, []byte("x")}, "no type": {noType, []byte("x")}} {
			if _, err := as.PutAttachment(ctx(t), tc.a, tc.data); parley.ErrorCode(err) != parley.EINVALID {
				t.Errorf("%s: %v; want EINVALID", name, err)
			}
		}
		unknown := ok
		unknown.ConversationID = parley.NewID()
		if _, err := as.PutAttachment(ctx(t), unknown, []byte("x")); !errors.Is(err, parley.ErrNotFound) {
			t.Errorf("unknown conversation: %v; want ErrNotFound", err)
		}
		if _, err := as.Attachment(ctx(t), parley.NewID()); !errors.Is(err, parley.ErrNotFound) {
			t.Errorf("unknown id: %v; want ErrNotFound", err)
		}
	}},
	{"Key", func(t *testing.T, s Store) {
		as := attachments(t, s)
		k1, err1 := as.AttachmentKey(ctx(t))
		k2, err2 := as.AttachmentKey(ctx(t))
		if err1 != nil || err2 != nil || len(k1) < 32 || !bytes.Equal(k1, k2) {
			t.Fatalf("keys %x (%v), %x (%v); want one key of 32 bytes", k1, err1, k2, err2)
		}
	}},
}
