package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

// Visitor sessions: a contact, its conversations and the tokens bound to it.

const contactCols = `id, site_id, segment, user_id, email, name, locale, attributes, created_at, updated_at`

func (c *Core) scanContact(row Row) (parley.Contact, error) {
	var v parley.Contact
	var attrs []byte
	if err := row.Scan(c.contactDests(&v, &attrs)...); err != nil {
		return v, err
	}
	return v, parseContact(&v, attrs)
}

// contactDests are scanContact's destinations; parseContact finishes.
func (c *Core) contactDests(v *parley.Contact, attrs *[]byte) []any {
	return []any{&v.ID, &v.SiteID, &v.Segment, &v.UserID, &v.Email, &v.Name, &v.Locale, attrs,
		c.d.TimeDest(&v.CreatedAt), c.d.TimeDest(&v.UpdatedAt)}
}

func parseContact(v *parley.Contact, attrs []byte) error {
	a, err := codec.ParseAttributes(attrs)
	if err != nil {
		return fmt.Errorf("contact attributes: %w", err)
	}
	v.Attributes = a
	return nil
}

// convCols are a conversation's columns as scanConversation reads them.
const convCols = `id, site_id, contact_id, mode, language, last_seq, created_at, updated_at,
	team, assignee_id, urgency, handoff_reason, queued_at, first_response_due, next_response_due,
	resolution_due, first_response_at, resolved_at`

func (c *Core) scanConversation(row Row) (parley.Conversation, error) {
	var v parley.Conversation
	err := row.Scan(c.convDests(&v)...)
	return v, err
}

// convDests are scanConversation's destinations.
func (c *Core) convDests(v *parley.Conversation) []any {
	t := c.d.TimeDest
	return []any{&v.ID, &v.SiteID, &v.ContactID, &v.Mode, &v.Language, &v.LastSeq, t(&v.CreatedAt), t(&v.UpdatedAt),
		&v.Team, &v.AssigneeID, &v.Urgency, &v.HandoffReason, t(&v.QueuedAt), t(&v.FirstResponseDue),
		t(&v.NextResponseDue), t(&v.ResolutionDue), t(&v.FirstResponseAt), t(&v.ResolvedAt)}
}

// contact reads one contact; lock is a row lock mode or "".
func (c *Core) contact(ctx context.Context, q Q, id, lock string) (parley.Contact, error) {
	sql := `SELECT ` + contactCols + ` FROM contacts WHERE id = $1`
	if lock != "" {
		sql += c.lock(lock)
	}
	v, err := c.scanContact(q.QueryRow(ctx, c.sql(sql), id))
	return v, c.noRows("contact", err)
}

// conversation reads one conversation; lock is a row lock mode or "".
func (c *Core) conversation(ctx context.Context, q Q, id, lock string) (parley.Conversation, error) {
	sql := `SELECT ` + convCols + ` FROM conversations WHERE id = $1`
	if lock != "" {
		sql += c.lock(lock)
	}
	v, err := c.scanConversation(q.QueryRow(ctx, c.sql(sql), id))
	return v, c.noRows("conversation", err)
}

// sessionOf returns a contact with its most recent conversation.
func (c *Core) sessionOf(ctx context.Context, q Q, contactID string) (parley.Session, error) {
	v, err := c.contact(ctx, q, contactID, "")
	if err != nil {
		return parley.Session{}, err
	}
	conv, err := c.scanConversation(q.QueryRow(ctx, c.sql(`SELECT `+convCols+` FROM conversations
		WHERE contact_id = $1 ORDER BY created_at DESC, `+c.d.InsertOrder+` DESC LIMIT 1`), contactID))
	if err != nil {
		return parley.Session{}, c.noRows("current conversation", err)
	}
	return parley.Session{Contact: v, Conversation: conv}, nil
}

// newSession inserts a contact, its first conversation and the token
// binding; rebind moves an already bound token instead of refusing it.
func (c *Core) newSession(ctx context.Context, q Q, siteID string, hash []byte, v parley.Contact, now time.Time, rebind bool) (parley.Session, error) {
	var one int
	if err := q.QueryRow(ctx, c.sql(`SELECT 1 FROM sites WHERE id = $1`), siteID).Scan(&one); err != nil {
		return parley.Session{}, c.noRows("site", err)
	}
	attrs, err := codec.Attributes(v.Attributes)
	if err != nil {
		return parley.Session{}, err
	}
	v.ID = parley.NewID()
	if _, err := q.Exec(ctx, c.sql(`INSERT INTO contacts (`+contactCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`),
		v.ID, siteID, v.Segment, v.UserID, v.Email, v.Name, v.Locale, string(attrs), c.d.Time(now)); err != nil {
		if c.d.IsUnique(err) {
			return parley.Session{}, fmt.Errorf("%w: %w", parley.Errorf(parley.ECONFLICT, "user id is taken"), err)
		}
		return parley.Session{}, fmt.Errorf("insert contact: %w", err)
	}
	conv := parley.Conversation{ID: parley.NewID(), SiteID: siteID}
	if _, err := q.Exec(ctx, c.sql(`INSERT INTO conversations (id, site_id, contact_id, mode, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $5)`), conv.ID, siteID, v.ID, parley.ModeBot, c.d.Time(now)); err != nil {
		return parley.Session{}, fmt.Errorf("insert conversation: %w", err)
	}
	if err := c.addActivity(ctx, q, conv.Activity(parley.ActivityCreated, now)); err != nil {
		return parley.Session{}, err
	}
	if err := c.bindToken(ctx, q, siteID, hash, v.ID, now, rebind); err != nil {
		return parley.Session{}, err
	}
	return c.sessionOf(ctx, q, v.ID)
}

func (c *Core) bindToken(ctx context.Context, q Q, siteID string, hash []byte, contactID string, now time.Time, rebind bool) error {
	sql := `INSERT INTO visitor_tokens (site_id, token_hash, contact_id, created_at) VALUES ($1, $2, $3, $4)`
	if rebind {
		sql += ` ON CONFLICT (site_id, token_hash) DO UPDATE SET contact_id = excluded.contact_id`
	}
	if _, err := q.Exec(ctx, c.sql(sql), siteID, hash, contactID, c.d.Time(now)); err != nil {
		if c.d.IsUnique(err) {
			return fmt.Errorf("%w: %w", parley.Errorf(parley.ECONFLICT, "token is already bound"), err)
		}
		return fmt.Errorf("bind token: %w", err)
	}
	return nil
}

func (c *Core) saveContact(ctx context.Context, q Q, v parley.Contact) error {
	attrs, err := codec.Attributes(v.Attributes)
	if err != nil {
		return err
	}
	_, err = q.Exec(ctx, c.sql(`UPDATE contacts SET segment = $2, user_id = $3, email = $4, name = $5, locale = $6,
		attributes = $7, updated_at = $8 WHERE id = $1`),
		v.ID, v.Segment, v.UserID, v.Email, v.Name, v.Locale, string(attrs), c.d.Time(v.UpdatedAt))
	if err != nil {
		return fmt.Errorf("update contact: %w", err)
	}
	return nil
}

// CreateSession creates a contact with an open conversation bound to tokenHash.
func (c *Core) CreateSession(ctx context.Context, siteID string, tokenHash []byte, v parley.Contact) (parley.Session, error) {
	if err := parley.ValidTokenHash(tokenHash); err != nil {
		return parley.Session{}, err
	}
	v, err := v.Canonical()
	if err != nil {
		return parley.Session{}, err
	}
	var out parley.Session
	err = c.write(ctx, "create session", func(q Q) (err error) {
		out, err = c.newSession(ctx, q, siteID, tokenHash, v, c.now(), false)
		return err
	})
	return out, err
}

// SessionByToken returns the token's contact and its current conversation.
func (c *Core) SessionByToken(ctx context.Context, siteID string, tokenHash []byte) (parley.Session, error) {
	var out parley.Session
	err := c.read(ctx, "session by token", func(q Q) error {
		var contactID string
		if err := q.QueryRow(ctx, c.sql(`SELECT contact_id FROM visitor_tokens WHERE site_id = $1 AND token_hash = $2`),
			siteID, tokenHash).Scan(&contactID); err != nil {
			return c.noRows("session by token", err)
		}
		var err error
		out, err = c.sessionOf(ctx, q, contactID)
		return err
	})
	return out, err
}

// IdentifySession binds tokenHash to the site's contact for id.UserID. Two
// racing calls for a new user id collide on contacts_site_user (or the token
// key) where writers run side by side; the loser's transaction runs again
// (Dialect.Race) and finds the winner's contact.
func (c *Core) IdentifySession(ctx context.Context, siteID string, tokenHash []byte, id parley.Identity) (parley.Session, error) {
	if err := parley.ValidTokenHash(tokenHash); err != nil {
		return parley.Session{}, err
	}
	if err := id.Validate(); err != nil {
		return parley.Session{}, err
	}
	fresh := parley.Contact{UserID: id.UserID, Segment: parley.SegmentUser, Email: id.Email, Name: id.Name, Attributes: id.Attributes}
	var out parley.Session
	err := c.write(ctx, "identify session", func(q Q) error {
		err := c.identify(ctx, q, siteID, tokenHash, id, fresh, &out)
		if err != nil && c.d.Race != nil && c.d.IsUnique(err) {
			return c.d.Race(err)
		}
		return err
	})
	return out, err
}

func (c *Core) identify(ctx context.Context, q Q, siteID string, hash []byte, id parley.Identity, fresh parley.Contact, out *parley.Session) error {
	now := c.now()
	var tokContact string
	err := q.QueryRow(ctx, c.sql(`SELECT contact_id FROM visitor_tokens WHERE site_id = $1 AND token_hash = $2`+c.lock("UPDATE")),
		siteID, hash).Scan(&tokContact)
	if err != nil && !c.d.IsNoRows(err) {
		return fmt.Errorf("token: %w", err)
	}
	target, err := c.scanContact(q.QueryRow(ctx, c.sql(`SELECT `+contactCols+` FROM contacts
		WHERE site_id = $1 AND user_id = $2`+c.lock("UPDATE")), siteID, id.UserID))
	switch {
	case err == nil: // the user exists: the token joins it
	case !c.d.IsNoRows(err):
		return fmt.Errorf("contact by user id: %w", err)
	case tokContact == "":
		*out, err = c.newSession(ctx, q, siteID, hash, fresh, now, false)
		return err
	default:
		if target, err = c.contact(ctx, q, tokContact, "UPDATE"); err != nil {
			return fmt.Errorf("token's contact: %w", err)
		}
		if target.UserID != "" { // the token proves another user: start this one afresh
			*out, err = c.newSession(ctx, q, siteID, hash, fresh, now, true)
			return err
		}
		target.UserID = id.UserID
	}
	target = target.Merge(id.Patch())
	target.UpdatedAt = now
	if err := c.saveContact(ctx, q, target); err != nil {
		return err
	}
	if tokContact != target.ID {
		if err := c.bindToken(ctx, q, siteID, hash, target.ID, now, true); err != nil {
			return err
		}
	}
	*out, err = c.sessionOf(ctx, q, target.ID)
	return err
}

// UpdateContact merges p into the contact under its row lock.
func (c *Core) UpdateContact(ctx context.Context, contactID string, p parley.ContactPatch) (parley.Contact, error) {
	if err := p.Validate(); err != nil {
		return parley.Contact{}, err
	}
	var out parley.Contact
	err := c.write(ctx, "update contact", func(q Q) error {
		v, err := c.contact(ctx, q, contactID, "UPDATE")
		if err != nil {
			return err
		}
		out = v.Merge(p)
		out.UpdatedAt = c.now()
		return c.saveContact(ctx, q, out)
	})
	return out, err
}

// Contact returns one contact.
func (c *Core) Contact(ctx context.Context, contactID string) (parley.Contact, error) {
	return one(ctx, c, "contact", "contact", c.scanContact, `SELECT `+contactCols+` FROM contacts WHERE id = $1`, contactID)
}

// Conversation returns one conversation.
func (c *Core) Conversation(ctx context.Context, conversationID string) (parley.Conversation, error) {
	return one(ctx, c, "conversation", "conversation", c.scanConversation,
		`SELECT `+convCols+` FROM conversations WHERE id = $1`, conversationID)
}
