package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

const attCols = `id, conversation_id, uploader_kind, uploader_id, filename, content_type, size, sha256, created_at`

// PutAttachment writes data under the data directory (attachments/ab/cdef…
// by SHA-256: temp file, fsync, rename, so a crash leaves the old state or
// the whole file) and then records its metadata. Identical bytes share one
// file. An unknown conversation is ErrNotFound.
func (db *DB) PutAttachment(ctx context.Context, a parley.Attachment, data []byte) (parley.Attachment, error) {
	a, err := parley.NewAttachment(a, data, db.now())
	if err != nil {
		return a, err
	}
	if _, err := db.Conversation(ctx, a.ConversationID); err != nil {
		return parley.Attachment{}, err
	}
	path, err := db.blobPath(ctx, a.SHA256)
	if err != nil {
		return parley.Attachment{}, err
	}
	if err := writeAtomic(path, data); err != nil {
		return parley.Attachment{}, err
	}
	a.CreatedAt = codec.Time(a.CreatedAt)
	err = db.write(ctx, func(ctx context.Context, tx *wtx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO attachments (`+attCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, a.ConversationID, a.Uploader.Kind, a.Uploader.ID, a.Filename, a.ContentType, a.Size, a.SHA256, micros(a.CreatedAt))
		return err
	})
	if err != nil {
		return parley.Attachment{}, fmt.Errorf("sqlite: put attachment: %w", err)
	}
	return a, nil
}

// Attachment returns one attachment's metadata.
func (db *DB) Attachment(ctx context.Context, id string) (parley.Attachment, error) {
	var a parley.Attachment
	var created int64
	err := db.rdb.QueryRowContext(ctx, `SELECT `+attCols+` FROM attachments WHERE id = ?`, id).Scan(
		&a.ID, &a.ConversationID, &a.Uploader.Kind, &a.Uploader.ID, &a.Filename, &a.ContentType, &a.Size, &a.SHA256, &created)
	if err != nil {
		return a, scanErr("attachment", err)
	}
	a.CreatedAt = fromMicros(created)
	return a, nil
}

// AttachmentData reads an attachment's bytes.
func (db *DB) AttachmentData(ctx context.Context, a parley.Attachment) ([]byte, error) {
	path, err := db.blobPath(ctx, a.SHA256)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, notFound("attachment data")
	}
	return b, err
}

// AttachmentKey returns the key that signs attachment links, made on the
// first call and kept, so links survive a restart.
func (db *DB) AttachmentKey(ctx context.Context) ([]byte, error) {
	var key []byte
	err := db.rdb.QueryRowContext(ctx, `SELECT key FROM attachment_keys WHERE id = 1`).Scan(&key)
	if err == nil {
		return key, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("sqlite: attachment key: %w", err)
	}
	fresh := make([]byte, 32)
	rand.Read(fresh)
	err = db.write(ctx, func(ctx context.Context, tx *wtx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO attachment_keys (id, key) VALUES (1, ?) ON CONFLICT DO NOTHING`, fresh); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT key FROM attachment_keys WHERE id = 1`).Scan(&key)
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: make attachment key: %w", err)
	}
	return key, nil
}

var hexSum = regexp.MustCompile(`^[0-9a-f]{64}$`)

// blobPath is where the bytes with this digest live: next to the database
// file, which is in the data directory.
func (db *DB) blobPath(ctx context.Context, sum string) (string, error) {
	if !hexSum.MatchString(sum) {
		return "", parley.Errorf(parley.EINVALID, "attachment digest is not a SHA-256")
	}
	var file string
	if err := db.rdb.QueryRowContext(ctx, `SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&file); err != nil {
		return "", fmt.Errorf("sqlite: database file: %w", err)
	}
	if file == "" {
		return "", errors.New("sqlite: attachments need a database file, not an in-memory database")
	}
	return filepath.Join(filepath.Dir(file), "attachments", sum[:2], sum[2:]), nil
}

// writeAtomic puts data at path unless a file is already there (same
// digest, same bytes).
func writeAtomic(path string, data []byte) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("sqlite: attachment dir: %w", err)
	}
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("sqlite: attachment temp: %w", err)
	}
	defer os.Remove(f.Name()) // a no-op once renamed
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("sqlite: write attachment: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sqlite: sync attachment: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("sqlite: close attachment: %w", err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("sqlite: rename attachment: %w", err)
	}
	if d, err := os.Open(dir); err == nil { // the rename is durable once the directory is
		_ = d.Sync()
		d.Close()
	}
	return nil
}
