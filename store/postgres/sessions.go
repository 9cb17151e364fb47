package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

const contactCols = `id, site_id, segment, user_id, email, name, locale, attributes, created_at, updated_at`

func scanContact(row pgx.Row) (parley.Contact, error) {
	var c parley.Contact
	var attrs []byte
	if err := row.Scan(&c.ID, &c.SiteID, &c.Segment, &c.UserID, &c.Email, &c.Name, &c.Locale, &attrs, &c.CreatedAt, &c.UpdatedAt); err != nil {
		return c, err
	}
	a, err := codec.ParseAttributes(attrs)
	if err != nil {
		return c, fmt.Errorf("contact attributes: %w", err)
	}
	c.Attributes, c.CreatedAt, c.UpdatedAt = a, c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, nil
}

// convCols are a conversation's columns as scanConversation reads them.
const convCols = `id, site_id, contact_id, mode, language, last_seq, created_at, updated_at,
	team, assignee_id, urgency, handoff_reason, queued_at, first_response_due, next_response_due,
	resolution_due, first_response_at, resolved_at`

func scanConversation(row pgx.Row) (parley.Conversation, error) {
	var c parley.Conversation
	var queued, firstDue, nextDue, resDue, firstAt, resolved *time.Time
	err := row.Scan(&c.ID, &c.SiteID, &c.ContactID, &c.Mode, &c.Language, &c.LastSeq, &c.CreatedAt, &c.UpdatedAt,
		&c.Team, &c.AssigneeID, &c.Urgency, &c.HandoffReason, &queued, &firstDue, &nextDue, &resDue, &firstAt, &resolved)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	c.QueuedAt, c.FirstResponseDue, c.NextResponseDue = optTime(queued), optTime(firstDue), optTime(nextDue)
	c.ResolutionDue, c.FirstResponseAt, c.ResolvedAt = optTime(resDue), optTime(firstAt), optTime(resolved)
	return c, err
}

// optTime and nullTime map an unset (zero) time to and from NULL.
func optTime(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// sessionOf returns a contact with its most recent conversation.
func sessionOf(ctx context.Context, q querier, contactID string) (parley.Session, error) {
	c, err := scanContact(q.QueryRow(ctx, `SELECT `+contactCols+` FROM contacts WHERE id = $1`, contactID))
	if err != nil {
		return parley.Session{}, fmt.Errorf("contact: %w", err)
	}
	conv, err := scanConversation(q.QueryRow(ctx, `SELECT `+convCols+` FROM conversations
		WHERE contact_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`, contactID))
	if err != nil {
		return parley.Session{}, fmt.Errorf("current conversation: %w", err)
	}
	return parley.Session{Contact: c, Conversation: conv}, nil
}

// newSession inserts a contact, its first conversation and the token
// binding; rebind moves an already bound token instead of refusing it.
func newSession(ctx context.Context, tx pgx.Tx, siteID string, hash []byte, c parley.Contact, now time.Time, rebind bool) (parley.Session, error) {
	var one int
	if err := tx.QueryRow(ctx, `SELECT 1 FROM sites WHERE id = $1`, siteID).Scan(&one); err != nil {
		return parley.Session{}, fmt.Errorf("site: %w", err)
	}
	attrs, err := codec.Attributes(c.Attributes)
	if err != nil {
		return parley.Session{}, err
	}
	c.ID = parley.NewID()
	if _, err := tx.Exec(ctx, `INSERT INTO contacts (`+contactCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
		c.ID, siteID, c.Segment, c.UserID, c.Email, c.Name, c.Locale, attrs, now); err != nil {
		return parley.Session{}, fmt.Errorf("insert contact: %w", err)
	}
	conv := parley.Conversation{ID: parley.NewID(), SiteID: siteID}
	if _, err := tx.Exec(ctx, `INSERT INTO conversations (id, site_id, contact_id, mode, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $5)`,
		conv.ID, siteID, c.ID, parley.ModeBot, now); err != nil {
		return parley.Session{}, fmt.Errorf("insert conversation: %w", err)
	}
	if err := addActivity(ctx, tx, conv.Activity(parley.ActivityCreated, now)); err != nil {
		return parley.Session{}, err
	}
	if err := bindToken(ctx, tx, siteID, hash, c.ID, now, rebind); err != nil {
		return parley.Session{}, err
	}
	return sessionOf(ctx, tx, c.ID)
}

func bindToken(ctx context.Context, tx pgx.Tx, siteID string, hash []byte, contactID string, now time.Time, rebind bool) error {
	q := `INSERT INTO visitor_tokens (site_id, token_hash, contact_id, created_at) VALUES ($1, $2, $3, $4)`
	if rebind {
		q += ` ON CONFLICT (site_id, token_hash) DO UPDATE SET contact_id = EXCLUDED.contact_id`
	}
	if _, err := tx.Exec(ctx, q, siteID, hash, contactID, now); err != nil {
		return fmt.Errorf("bind token: %w", err)
	}
	return nil
}

func saveContact(ctx context.Context, tx pgx.Tx, c parley.Contact) error {
	attrs, err := codec.Attributes(c.Attributes)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE contacts SET segment = $2, user_id = $3, email = $4, name = $5, locale = $6,
		attributes = $7, updated_at = $8 WHERE id = $1`,
		c.ID, c.Segment, c.UserID, c.Email, c.Name, c.Locale, attrs, c.UpdatedAt)
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
	err = db.tx(ctx, "create session", func(tx pgx.Tx) (err error) {
		out, err = newSession(ctx, tx, siteID, tokenHash, c, db.now(), false)
		return err
	})
	return out, err
}

// SessionByToken returns the token's contact and its current conversation.
func (db *DB) SessionByToken(ctx context.Context, siteID string, tokenHash []byte) (parley.Session, error) {
	var out parley.Session
	err := db.run(ctx, "session by token", func(q querier) error {
		var contactID string
		if err := q.QueryRow(ctx, `SELECT contact_id FROM visitor_tokens WHERE site_id = $1 AND token_hash = $2`,
			siteID, tokenHash).Scan(&contactID); err != nil {
			return err
		}
		var err error
		out, err = sessionOf(ctx, q, contactID)
		return err
	})
	return out, err
}

// IdentifySession binds tokenHash to the site's contact for id.UserID. Two
// racing calls for a new user id collide on contacts_site_user (or the token
// key); the loser's transaction runs again and finds the winner's contact.
func (db *DB) IdentifySession(ctx context.Context, siteID string, tokenHash []byte, id parley.Identity) (parley.Session, error) {
	if err := parley.ValidTokenHash(tokenHash); err != nil {
		return parley.Session{}, err
	}
	if err := id.Validate(); err != nil {
		return parley.Session{}, err
	}
	fresh := parley.Contact{UserID: id.UserID, Segment: parley.SegmentUser, Email: id.Email, Name: id.Name, Attributes: id.Attributes}
	var out parley.Session
	err := db.tx(ctx, "identify session", func(tx pgx.Tx) error {
		err := db.identify(ctx, tx, siteID, tokenHash, id, fresh, &out)
		if uniqueOn(err, "contacts_site_user") || uniqueOn(err, "visitor_tokens_pkey") {
			return fmt.Errorf("%w: %w", errRace, err)
		}
		return err
	})
	return out, err
}

func (db *DB) identify(ctx context.Context, tx pgx.Tx, siteID string, hash []byte, id parley.Identity, fresh parley.Contact, out *parley.Session) error {
	now := db.now()
	var tokContact string
	err := tx.QueryRow(ctx, `SELECT contact_id FROM visitor_tokens WHERE site_id = $1 AND token_hash = $2 FOR UPDATE`,
		siteID, hash).Scan(&tokContact)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("token: %w", err)
	}
	target, err := scanContact(tx.QueryRow(ctx, `SELECT `+contactCols+` FROM contacts
		WHERE site_id = $1 AND user_id = $2 FOR UPDATE`, siteID, id.UserID))
	switch {
	case err == nil: // the user exists: the token joins it
	case !errors.Is(err, pgx.ErrNoRows):
		return fmt.Errorf("contact by user id: %w", err)
	case tokContact == "":
		*out, err = newSession(ctx, tx, siteID, hash, fresh, now, false)
		return err
	default:
		target, err = scanContact(tx.QueryRow(ctx, `SELECT `+contactCols+` FROM contacts WHERE id = $1 FOR UPDATE`, tokContact))
		if err != nil {
			return fmt.Errorf("token's contact: %w", err)
		}
		if target.UserID != "" { // the token proves another user: start this one afresh
			*out, err = newSession(ctx, tx, siteID, hash, fresh, now, true)
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
		if err := bindToken(ctx, tx, siteID, hash, target.ID, now, true); err != nil {
			return err
		}
	}
	*out, err = sessionOf(ctx, tx, target.ID)
	return err
}

// UpdateContact merges p into the contact under its row lock.
func (db *DB) UpdateContact(ctx context.Context, contactID string, p parley.ContactPatch) (parley.Contact, error) {
	if err := p.Validate(); err != nil {
		return parley.Contact{}, err
	}
	var out parley.Contact
	err := db.tx(ctx, "update contact", func(tx pgx.Tx) error {
		c, err := scanContact(tx.QueryRow(ctx, `SELECT `+contactCols+` FROM contacts WHERE id = $1 FOR UPDATE`, contactID))
		if err != nil {
			return err
		}
		out = c.Merge(p)
		out.UpdatedAt = db.now()
		return saveContact(ctx, tx, out)
	})
	return out, err
}

// Contact returns one contact.
func (db *DB) Contact(ctx context.Context, contactID string) (parley.Contact, error) {
	var out parley.Contact
	err := db.run(ctx, "contact", func(q querier) (err error) {
		out, err = scanContact(q.QueryRow(ctx, `SELECT `+contactCols+` FROM contacts WHERE id = $1`, contactID))
		return err
	})
	return out, err
}

// Conversation returns one conversation.
func (db *DB) Conversation(ctx context.Context, conversationID string) (parley.Conversation, error) {
	var out parley.Conversation
	err := db.run(ctx, "conversation", func(q querier) (err error) {
		out, err = scanConversation(q.QueryRow(ctx, `SELECT `+convCols+` FROM conversations WHERE id = $1`, conversationID))
		return err
	})
	return out, err
}
