package postgres

import (
	"context"
	"crypto/rand"

	"github.com/jackc/pgx/v5"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

const attCols = `id, conversation_id, uploader_kind, uploader_id, filename, content_type, size, sha256, created_at`

// PutAttachment keeps data in attachment_blobs (one row per SHA-256, shared
// by identical files) and its metadata in attachments, in one transaction,
// so every node serves it at once. An unknown conversation is ErrNotFound.
func (db *DB) PutAttachment(ctx context.Context, a parley.Attachment, data []byte) (parley.Attachment, error) {
	a, err := parley.NewAttachment(a, data, db.now())
	if err != nil {
		return a, err
	}
	err = db.tx(ctx, "put attachment", func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO attachment_blobs (sha256, data) VALUES ($1, $2) ON CONFLICT DO NOTHING`, a.SHA256, data); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO attachments (`+attCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			a.ID, a.ConversationID, string(a.Uploader.Kind), a.Uploader.ID, a.Filename, a.ContentType, a.Size, a.SHA256, a.CreatedAt)
		return err
	})
	if err != nil {
		return parley.Attachment{}, err
	}
	a.CreatedAt = codec.Time(a.CreatedAt) // as read back
	return a, nil
}

// Attachment returns one attachment's metadata.
func (db *DB) Attachment(ctx context.Context, id string) (parley.Attachment, error) {
	var a parley.Attachment
	err := db.run(ctx, "attachment", func(q querier) error {
		return q.QueryRow(ctx, `SELECT `+attCols+` FROM attachments WHERE id = $1`, id).Scan(
			&a.ID, &a.ConversationID, &a.Uploader.Kind, &a.Uploader.ID, &a.Filename, &a.ContentType, &a.Size, &a.SHA256, &a.CreatedAt)
	})
	a.CreatedAt = a.CreatedAt.UTC()
	return a, err
}

// AttachmentData reads an attachment's bytes.
func (db *DB) AttachmentData(ctx context.Context, a parley.Attachment) ([]byte, error) {
	var b []byte
	err := db.run(ctx, "attachment data", func(q querier) error {
		return q.QueryRow(ctx, `SELECT data FROM attachment_blobs WHERE sha256 = $1`, a.SHA256).Scan(&b)
	})
	return b, err
}

// AttachmentKey returns the key that signs attachment links, made by the
// first node that asks and shared by all.
func (db *DB) AttachmentKey(ctx context.Context) ([]byte, error) {
	fresh := make([]byte, 32)
	rand.Read(fresh)
	var key []byte
	err := db.run(ctx, "attachment key", func(q querier) error {
		if _, err := q.Exec(ctx, `INSERT INTO attachment_keys (id, key) VALUES (1, $1) ON CONFLICT DO NOTHING`, fresh); err != nil {
			return err
		}
		return q.QueryRow(ctx, `SELECT key FROM attachment_keys WHERE id = 1`).Scan(&key)
	})
	return key, err
}
