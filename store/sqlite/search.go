package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/parley-chat/parley"
)

// SearchConversations lists the conversations f selects, most recently
// updated first. Text is a substring match (LIKE, case-insensitive for
// ASCII) over every message, so it finds words in any script; it scans the
// messages of the conversations the other filters leave.
func (db *DB) SearchConversations(ctx context.Context, f parley.ConversationSearch) ([]parley.ConversationHit, error) {
	f, err := f.Check()
	if err != nil {
		return nil, err
	}
	q, args := searchQuery(f)
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: search conversations: %w", err)
	}
	defer rows.Close()
	out := []parley.ConversationHit{}
	for rows.Next() {
		var hit sql.NullString
		c, err := scanConversation(withHit{rows, &hit})
		if err != nil {
			return nil, fmt.Errorf("sqlite: search conversations: scan: %w", err)
		}
		out = append(out, parley.ConversationHit{Conversation: c, Snippet: hit.String})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: search conversations: %w", err)
	}
	return out, nil
}

// withHit scans a conversation row followed by its matching message.
type withHit struct {
	row scanner
	hit *sql.NullString
}

func (w withHit) Scan(dest ...any) error { return w.row.Scan(append(dest, w.hit)...) }

// samePerson (closed by the contact id and ")") selects the contact and the
// contacts on its site with its email, ignoring case (index
// contacts_site_email).
const samePerson = `contact_id IN (SELECT o.id FROM contacts o JOIN contacts c ON o.site_id = c.site_id
	AND (o.id = c.id OR (c.email <> '' AND o.email <> '' AND lower(o.email) = lower(c.email))) WHERE c.id = `

// searchQuery builds the query for a checked filter: each set filter adds
// its own condition, so each combination is one plain prepared statement.
func searchQuery(f parley.ConversationSearch) (string, []any) {
	var where []string
	var args []any
	if f.ContactID != "" {
		where = append(where, samePerson+"?)")
		args = append(args, f.ContactID)
	}
	for _, c := range []struct{ col, val string }{{"site_id", f.SiteID},
		{"language", f.Language}, {"urgency", string(f.Urgency)}, {"assignee_id", f.AssigneeID}} {
		if c.val != "" {
			where = append(where, c.col+" = ?")
			args = append(args, c.val)
		}
	}
	switch {
	case f.Status == parley.StatusOpen:
		where = append(where, "mode <> 'resolved'")
	case f.Status != "":
		where = append(where, "mode = ?")
		args = append(args, f.Status)
	}
	if f.Unassigned {
		where = append(where, "assignee_id = ''")
	}
	hit := `NULL`
	if f.Text != "" {
		hit = `(SELECT m.text FROM messages m WHERE m.conversation_id = conversations.id
			AND m.text LIKE ? ESCAPE '\' ORDER BY m.seq DESC LIMIT 1)`
		args = append([]any{f.LikePattern()}, args...)
	}
	q := `SELECT ` + convCols + `, hit FROM (SELECT conversations.*, ` + hit + ` AS hit FROM conversations`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += `)`
	if f.Text != "" {
		q += ` WHERE hit IS NOT NULL`
	}
	q += ` ORDER BY updated_at DESC, id DESC LIMIT ?`
	return q, append(args, f.Limit)
}
