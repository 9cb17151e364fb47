package sqlite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/parley-chat/parley"
)

// PutAttachment writes data under the data directory (attachments/ab/cdef…
// by SHA-256: temp file, fsync, rename, so a crash leaves the old state or
// the whole file) and then records its metadata. Identical bytes share one
// file. An unknown conversation is ErrNotFound.
func (db *DB) PutAttachment(ctx context.Context, a parley.Attachment, data []byte) (parley.Attachment, error) {
	return db.Core.PutAttachmentWith(ctx, a, data, db.keepBlob, "")
}

// keepBlob writes an attachment's file, once its conversation is known.
func (db *DB) keepBlob(ctx context.Context, a parley.Attachment, data []byte) error {
	if _, err := db.Conversation(ctx, a.ConversationID); err != nil {
		return err
	}
	path, err := db.blobPath(ctx, a.SHA256)
	if err != nil {
		return err
	}
	return writeAtomic(path, data)
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
