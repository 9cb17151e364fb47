package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

// queryer is what *sql.DB (reads) and *sql.Tx (the writer) share.
type queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

const contactCols = `id, site_id, segment, user_id, email, name, locale, attributes, created_at, updated_at`

func scanContact(row scanner) (parley.Contact, error) {
	var c parley.Contact
	var attrs string
	var created, updated int64
	if err := row.Scan(&c.ID, &c.SiteID, &c.Segment, &c.UserID, &c.Email, &c.Name, &c.Locale, &attrs, &created, &updated); err != nil {
		return c, err
	}
	a, err := codec.ParseAttributes([]byte(attrs))
	if err != nil {
		return c, fmt.Errorf("contact attributes: %w", err)
	}
	c.Attributes, c.CreatedAt, c.UpdatedAt = a, fromMicros(created), fromMicros(updated)
	return c, nil
}

// convCols are a conversation's columns as scanConversation reads them.
const convCols = `id, site_id, contact_id, mode, language, last_seq, created_at, updated_at,
	team, assignee_id, urgency, handoff_reason, queued_at, first_response_due, next_response_due,
	resolution_due, first_response_at, resolved_at`

func scanConversation(row scanner) (parley.Conversation, error) {
	var c parley.Conversation
	var created, updated int64
	var queued, firstDue, nextDue, resDue, firstAt, resolved sql.NullInt64
	err := row.Scan(&c.ID, &c.SiteID, &c.ContactID, &c.Mode, &c.Language, &c.LastSeq, &created, &updated,
		&c.Team, &c.AssigneeID, &c.Urgency, &c.HandoffReason, &queued, &firstDue, &nextDue, &resDue, &firstAt, &resolved)
	c.CreatedAt, c.UpdatedAt = fromMicros(created), fromMicros(updated)
	c.QueuedAt, c.FirstResponseDue, c.NextResponseDue = optMicros(queued), optMicros(firstDue), optMicros(nextDue)
	c.ResolutionDue, c.FirstResponseAt, c.ResolvedAt = optMicros(resDue), optMicros(firstAt), optMicros(resolved)
	return c, err
}

func getContact(ctx context.Context, q queryer, id string) (parley.Contact, error) {
	c, err := scanContact(q.QueryRowContext(ctx, `SELECT `+contactCols+` FROM contacts WHERE id = ?`, id))
	if err != nil {
		return c, scanErr("contact", err)
	}
	return c, nil
}

// sessionOf returns a contact with its most recent conversation.
func sessionOf(ctx context.Context, q queryer, contactID string) (parley.Session, error) {
	c, err := getContact(ctx, q, contactID)
	if err != nil {
		return parley.Session{}, err
	}
	conv, err := scanConversation(q.QueryRowContext(ctx, `SELECT `+convCols+` FROM conversations
		WHERE contact_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`, contactID))
	if err != nil {
		return parley.Session{}, scanErr("current conversation", err)
	}
	return parley.Session{Contact: c, Conversation: conv}, nil
}

// newSession inserts a contact, its first conversation and the token binding.
// rebind moves an already bound token instead of refusing it.
func newSession(ctx context.Context, tx *wtx, siteID string, hash []byte, c parley.Contact, now int64, rebind bool) (parley.Session, error) {
	var one int
	if err := tx.QueryRowContext(ctx, `SELECT 1 FROM sites WHERE id = ?`, siteID).Scan(&one); err != nil {
		return parley.Session{}, scanErr("site", err)
	}
	attrs, err := codec.Attributes(c.Attributes)
	if err != nil {
		return parley.Session{}, err
	}
	c.ID, c.SiteID = parley.NewID(), siteID
	if _, err := tx.ExecContext(ctx, `INSERT INTO contacts (`+contactCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, siteID, c.Segment, c.UserID, c.Email, c.Name, c.Locale, string(attrs), now, now); err != nil {
		if isUnique(err) {
			return parley.Session{}, parley.Errorf(parley.ECONFLICT, "user id is taken")
		}
		return parley.Session{}, fmt.Errorf("insert contact: %w", err)
	}
	conv := parley.Conversation{ID: parley.NewID(), SiteID: siteID}
	if _, err := tx.ExecContext(ctx, `INSERT INTO conversations (id, site_id, contact_id, mode, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)`,
		conv.ID, siteID, c.ID, parley.ModeBot, now, now); err != nil {
		return parley.Session{}, fmt.Errorf("insert conversation: %w", err)
	}
	if err := addActivity(ctx, tx, conv.Activity(parley.ActivityCreated, fromMicros(now))); err != nil {
		return parley.Session{}, err
	}
	if err := bindToken(ctx, tx, siteID, hash, c.ID, now, rebind); err != nil {
		return parley.Session{}, err
	}
	return sessionOf(ctx, tx, c.ID)
}

func bindToken(ctx context.Context, tx *wtx, siteID string, hash []byte, contactID string, now int64, rebind bool) error {
	q := `INSERT INTO visitor_tokens (site_id, token_hash, contact_id, created_at) VALUES (?, ?, ?, ?)`
	if rebind {
		q += ` ON CONFLICT (site_id, token_hash) DO UPDATE SET contact_id = excluded.contact_id`
	}
	if _, err := tx.ExecContext(ctx, q, siteID, hash, contactID, now); err != nil {
		if isUnique(err) {
			return parley.Errorf(parley.ECONFLICT, "token is already bound")
		}
		return fmt.Errorf("bind token: %w", err)
	}
	return nil
}

func saveContact(ctx context.Context, tx *wtx, c parley.Contact) error {
	attrs, err := codec.Attributes(c.Attributes)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE contacts SET segment = ?, user_id = ?, email = ?, name = ?, locale = ?,
		attributes = ?, updated_at = ? WHERE id = ?`,
		c.Segment, c.UserID, c.Email, c.Name, c.Locale, string(attrs), micros(c.UpdatedAt), c.ID)
	if err != nil {
		return fmt.Errorf("update contact: %w", err)
	}
	return nil
}

// CreateSession creates a contact with an open conversation bound to tokenHash.
func (db *DB) CreateSession(ctx context.Context, siteID string, tokenHash []byte, c parley.Contact) (parley.Session, error) {
	if err := parley.ValidTokenHash(tokenHash); err != nil {
		return parley.Session{}, err
	}
	c, err := c.Canonical()
	if err != nil {
		return parley.Session{}, err
	}
	var out parley.Session
	err = db.write(ctx, func(ctx context.Context, tx *wtx) (err error) {
		out, err = newSession(ctx, tx, siteID, tokenHash, c, micros(db.now()), false)
		return err
	})
	return out, wrap("create session", err)
}

// SessionByToken returns the token's contact and its current conversation.
func (db *DB) SessionByToken(ctx context.Context, siteID string, tokenHash []byte) (parley.Session, error) {
	var contactID string
	err := db.queryRow(ctx, `SELECT contact_id FROM visitor_tokens WHERE site_id = ? AND token_hash = ?`,
		siteID, tokenHash).Scan(&contactID)
	if err != nil {
		return parley.Session{}, scanErr("session by token", err)
	}
	s, err := sessionOf(ctx, db.rdb, contactID)
	return s, wrap("session by token", err)
}

// IdentifySession binds tokenHash to the site's contact for id.UserID. The
// writer runs one request at a time, so two racing calls cannot both create.
func (db *DB) IdentifySession(ctx context.Context, siteID string, tokenHash []byte, id parley.Identity) (parley.Session, error) {
	if err := parley.ValidTokenHash(tokenHash); err != nil {
		return parley.Session{}, err
	}
	if err := id.Validate(); err != nil {
		return parley.Session{}, err
	}
	var out parley.Session
	err := db.write(ctx, func(ctx context.Context, tx *wtx) error {
		now := db.now()
		var tokContact string
		err := tx.QueryRowContext(ctx, `SELECT contact_id FROM visitor_tokens WHERE site_id = ? AND token_hash = ?`,
			siteID, tokenHash).Scan(&tokContact)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("token: %w", err)
		}
		target, err := scanContact(tx.QueryRowContext(ctx, `SELECT `+contactCols+` FROM contacts
			WHERE site_id = ? AND user_id = ?`, siteID, id.UserID))
		switch {
		case err == nil: // the user exists: the token joins it
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("contact by user id: %w", err)
		case tokContact == "":
			c := parley.Contact{UserID: id.UserID, Segment: parley.SegmentUser, Email: id.Email, Name: id.Name, Attributes: id.Attributes}
			out, err = newSession(ctx, tx, siteID, tokenHash, c, micros(now), false)
			return err
		default:
			if target, err = getContact(ctx, tx, tokContact); err != nil {
				return err
			}
			if target.UserID != "" { // the token proves another user: start this one afresh
				c := parley.Contact{UserID: id.UserID, Segment: parley.SegmentUser, Email: id.Email, Name: id.Name, Attributes: id.Attributes}
				out, err = newSession(ctx, tx, siteID, tokenHash, c, micros(now), true)
				return err
			}
			target.UserID = id.UserID
		}
		target = target.Merge(id.Patch())
		target.UpdatedAt = now
		if err := saveContact(ctx, tx, target); err != nil {
			return err
		}
		if tokContact != target.ID {
			if err := bindToken(ctx, tx, siteID, tokenHash, target.ID, micros(now), true); err != nil {
				return err
			}
		}
		out, err = sessionOf(ctx, tx, target.ID)
		return err
	})
	return out, wrap("identify session", err)
}

// UpdateContact merges p into the contact.
func (db *DB) UpdateContact(ctx context.Context, contactID string, p parley.ContactPatch) (parley.Contact, error) {
	if err := p.Validate(); err != nil {
		return parley.Contact{}, err
	}
	var out parley.Contact
	err := db.write(ctx, func(ctx context.Context, tx *wtx) error {
		c, err := getContact(ctx, tx, contactID)
		if err != nil {
			return err
		}
		out = c.Merge(p)
		out.UpdatedAt = db.now()
		return saveContact(ctx, tx, out)
	})
	return out, wrap("update contact", err)
}

// Contact returns one contact.
func (db *DB) Contact(ctx context.Context, contactID string) (parley.Contact, error) {
	return getContact(ctx, db.rdb, contactID)
}

// Conversation returns one conversation.
func (db *DB) Conversation(ctx context.Context, conversationID string) (parley.Conversation, error) {
	c, err := scanConversation(db.queryRow(ctx, `SELECT `+convCols+` FROM conversations WHERE id = ?`, conversationID))
	if err != nil {
		return c, scanErr("conversation", err)
	}
	return c, nil
}
