package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/parley-chat/parley"
)

// SearchConversations lists the conversations f selects, most recently
// updated first. Text is a case-insensitive substring match (Dialect.ILike;
// SQLite's LIKE ignores case for ASCII only) over every message, so it finds
// words in any script; it scans the messages of the conversations the other
// filters leave.
func (c *Core) SearchConversations(ctx context.Context, f parley.ConversationSearch) ([]parley.ConversationHit, error) {
	f, err := f.Check()
	if err != nil {
		return nil, err
	}
	sql, args := c.searchQuery(f)
	out := []parley.ConversationHit{}
	err = c.read(ctx, "search conversations", func(q Q) error {
		rows, err := q.Query(ctx, sql, args...)
		hits, err := collect(rows, err, func(r Row) (parley.ConversationHit, error) {
			var hit *string
			v, err := c.scanConversation(withHit{r, &hit})
			h := parley.ConversationHit{Conversation: v}
			if hit != nil {
				h.Snippet = *hit
			}
			return h, err
		})
		if len(hits) > 0 {
			out = hits
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// withHit scans a conversation row followed by its matching message.
type withHit struct {
	row Row
	hit **string
}

func (w withHit) Scan(dest ...any) error { return w.row.Scan(append(dest, w.hit)...) }

// samePerson (closed by the contact id and ")") selects the contact and the
// contacts on its site with its email, ignoring case (index
// contacts_site_email).
const samePerson = `contact_id IN (SELECT o.id FROM contacts o JOIN contacts c ON o.site_id = c.site_id
	AND (o.id = c.id OR (c.email <> '' AND o.email <> '' AND lower(o.email) = lower(c.email))) WHERE c.id = `

// searchQuery builds the query for a checked filter: each set filter adds
// its own condition, so each combination is its own prepared statement.
func (c *Core) searchQuery(f parley.ConversationSearch) (string, []any) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	hit := c.d.NullText
	if f.Text != "" {
		hit = `(SELECT m.text FROM messages m WHERE m.conversation_id = conversations.id
			AND m.text ` + c.d.ILike + ` ` + arg(f.LikePattern()) + ` ESCAPE '\' ORDER BY m.seq DESC LIMIT 1)`
	}
	if f.ContactID != "" {
		where = append(where, samePerson+arg(f.ContactID)+")")
	}
	for _, col := range []struct{ name, val string }{{"site_id", f.SiteID},
		{"language", f.Language}, {"urgency", string(f.Urgency)}, {"assignee_id", f.AssigneeID}} {
		if col.val != "" {
			where = append(where, col.name+" = "+arg(col.val))
		}
	}
	switch {
	case f.Status == parley.StatusOpen:
		where = append(where, "mode <> 'resolved'")
	case f.Status != "":
		where = append(where, "mode = "+arg(f.Status))
	}
	if f.Unassigned {
		where = append(where, "assignee_id = ''")
	}
	q := `SELECT ` + convCols + `, hit FROM (SELECT conversations.*, ` + hit + ` AS hit FROM conversations`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += `) c`
	if f.Text != "" {
		q += ` WHERE hit IS NOT NULL`
	}
	return c.sql(q + ` ORDER BY updated_at DESC, id DESC LIMIT ` + arg(f.Limit)), args
}
