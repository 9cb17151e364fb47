package sqlstore

import (
	"context"
	"crypto/rand"
	"fmt"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

// Attachments' metadata and the key that signs their links. Where the bytes
// live is the store's own (SQLite: files beside the database; PostgreSQL:
// attachment_blobs, so every node serves them).

const attCols = `id, conversation_id, uploader_kind, uploader_id, filename, content_type, size, sha256, created_at`

// PutAttachmentWith stores an attachment's metadata. keep, when set, runs
// first, outside the transaction (SQLite writes the file); blobSQL, when
// set, runs inside it with the digest ($1) and the bytes ($2). An unknown
// conversation fails the foreign key: ErrNotFound.
func (c *Core) PutAttachmentWith(ctx context.Context, a parley.Attachment, data []byte,
	keep func(ctx context.Context, a parley.Attachment, data []byte) error, blobSQL string) (parley.Attachment, error) {
	a, err := parley.NewAttachment(a, data, c.now())
	if err != nil {
		return a, err
	}
	a.CreatedAt = codec.Time(a.CreatedAt) // as read back
	if keep != nil {
		if err := keep(ctx, a, data); err != nil {
			return parley.Attachment{}, err
		}
	}
	err = c.write(ctx, "put attachment", func(q Q) error {
		if blobSQL != "" {
			if _, err := q.Exec(ctx, c.sql(blobSQL), a.SHA256, data); err != nil {
				return err
			}
		}
		_, err := q.Exec(ctx, c.sql(`INSERT INTO attachments (`+attCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`),
			a.ID, a.ConversationID, string(a.Uploader.Kind), a.Uploader.ID, a.Filename, a.ContentType, a.Size, a.SHA256,
			c.d.Time(a.CreatedAt))
		if err != nil && c.d.IsForeignKey(err) {
			return fmt.Errorf("%w: %w", c.notFound("conversation"), err)
		}
		return err
	})
	if err != nil {
		return parley.Attachment{}, err
	}
	return a, nil
}

// Attachment returns one attachment's metadata.
func (c *Core) Attachment(ctx context.Context, id string) (parley.Attachment, error) {
	var a parley.Attachment
	err := c.read(ctx, "attachment", func(q Q) error {
		err := q.QueryRow(ctx, c.sql(`SELECT `+attCols+` FROM attachments WHERE id = $1`), id).Scan(&a.ID, &a.ConversationID,
			&a.Uploader.Kind, &a.Uploader.ID, &a.Filename, &a.ContentType, &a.Size, &a.SHA256, c.d.TimeDest(&a.CreatedAt))
		return c.noRows("attachment", err)
	})
	return a, err
}

// AttachmentKey returns the key that signs attachment links, made on the
// first call and kept (shared by every node), so links survive a restart.
func (c *Core) AttachmentKey(ctx context.Context) ([]byte, error) {
	var key []byte
	const read = `SELECT key FROM attachment_keys WHERE id = 1`
	err := c.read(ctx, "attachment key", func(q Q) error {
		if err := q.QueryRow(ctx, c.sql(read)).Scan(&key); err != nil && !c.d.IsNoRows(err) {
			return err
		}
		return nil
	})
	if err != nil || key != nil {
		return key, err
	}
	fresh := make([]byte, 32)
	rand.Read(fresh)
	err = c.auto(ctx, "make attachment key", func(q Q) error {
		if _, err := q.Exec(ctx, c.sql(`INSERT INTO attachment_keys (id, key) VALUES (1, $1) ON CONFLICT DO NOTHING`), fresh); err != nil {
			return err
		}
		return q.QueryRow(ctx, c.sql(read)).Scan(&key)
	})
	return key, err
}
