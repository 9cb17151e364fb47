package postgres

import (
	"context"

	"github.com/parley-chat/parley"
)

// PutAttachment keeps data in attachment_blobs (one row per SHA-256, shared
// by identical files) and its metadata in attachments, in one transaction,
// so every node serves it at once. An unknown conversation is ErrNotFound.
func (db *DB) PutAttachment(ctx context.Context, a parley.Attachment, data []byte) (parley.Attachment, error) {
	return db.Core.PutAttachmentWith(ctx, a, data, nil,
		`INSERT INTO attachment_blobs (sha256, data) VALUES ($1, $2) ON CONFLICT DO NOTHING`)
}

// AttachmentData reads an attachment's bytes.
func (db *DB) AttachmentData(ctx context.Context, a parley.Attachment) ([]byte, error) {
	var b []byte
	err := db.run(ctx, "attachment data", func(q querier) error {
		return q.QueryRow(ctx, `SELECT data FROM attachment_blobs WHERE sha256 = $1`, a.SHA256).Scan(&b)
	})
	return b, err
}
