package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

// The admin's records: the audit log, intents, bot settings and the
// questions the bot saw.

// RecordAudit appends an audit entry and returns it with ID, N and At set.
func (c *Core) RecordAudit(ctx context.Context, e parley.AuditEntry) (parley.AuditEntry, error) {
	e, err := parley.NewAuditEntry(e, c.now())
	if err != nil {
		return e, err
	}
	e.At = codec.Time(e.At)
	// ON CONFLICT makes a retry after a lost connection harmless.
	err = c.auto(ctx, "record audit", func(q Q) error {
		err := q.QueryRow(ctx, c.sql(`INSERT INTO audit_log (id, at, actor_id, actor, action, target, detail)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING RETURNING n`),
			e.ID, c.d.Time(e.At), e.ActorID, e.Actor, e.Action, e.Target, e.Detail).Scan(&e.N)
		if err != nil && c.d.IsNoRows(err) {
			return c.noRows("audit entry", q.QueryRow(ctx, c.sql(`SELECT n FROM audit_log WHERE id = $1`), e.ID).Scan(&e.N))
		}
		return err
	})
	return e, err
}

// AuditLog returns up to limit entries older than beforeN (0: the newest),
// newest first.
func (c *Core) AuditLog(ctx context.Context, beforeN int64, limit int) ([]parley.AuditEntry, error) {
	limit, err := parley.PageLimit(limit, 100, parley.MaxAuditListLen)
	if err != nil {
		return nil, err
	}
	return all(ctx, c, "audit log", func(r Row) (parley.AuditEntry, error) {
		var e parley.AuditEntry
		err := r.Scan(&e.N, &e.ID, c.d.TimeDest(&e.At), &e.ActorID, &e.Actor, &e.Action, &e.Target, &e.Detail)
		return e, err
	}, `SELECT n, id, at, actor_id, actor, action, target, detail FROM audit_log
		WHERE $1 = 0 OR n < $1 ORDER BY n DESC LIMIT $2`, beforeN, limit)
}

const intentCols = `id, site_id, name, team, human_only, phrases, updated_at`

func (c *Core) scanIntent(row Row) (parley.Intent, error) {
	var in parley.Intent
	var phrases []byte
	if err := row.Scan(&in.ID, &in.SiteID, &in.Name, &in.Team, &in.HumanOnly, &phrases, c.d.TimeDest(&in.UpdatedAt)); err != nil {
		return in, err
	}
	p, err := codec.ParsePhrases(phrases)
	in.Phrases = p
	return in, err
}

// PutIntent inserts an intent (ID generated when empty or unknown) or
// replaces the one with in.ID. A name taken on the site is ECONFLICT; an
// unknown site fails the foreign key (ErrNotFound).
func (c *Core) PutIntent(ctx context.Context, in parley.Intent) (parley.Intent, error) {
	err := in.Validate()
	if err != nil {
		return in, err
	}
	phrases := codec.Phrases(in.Phrases)
	if in.ID == "" {
		in.ID = parley.NewID()
	}
	var out parley.Intent
	err = c.auto(ctx, "put intent", func(q Q) error {
		out, err = c.scanIntent(q.QueryRow(ctx, c.sql(`INSERT INTO intents (`+intentCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, team = excluded.team, human_only = excluded.human_only,
			phrases = excluded.phrases, updated_at = excluded.updated_at WHERE intents.site_id = excluded.site_id
			RETURNING `+intentCols), in.ID, in.SiteID, in.Name, in.Team, in.HumanOnly, string(phrases), c.d.Time(c.now())))
		switch {
		case err == nil:
		case c.d.IsUnique(err): // the id's conflict is the upsert's: this is the name's
			return parley.Errorf(parley.ECONFLICT, "the site already has an intent named %q", in.Name)
		case c.d.IsForeignKey(err):
			return fmt.Errorf("%w: %w", c.notFound("site"), err)
		case c.d.IsNoRows(err):
			return parley.Errorf(parley.ECONFLICT, "intent id %q belongs to another site", in.ID)
		}
		return err
	})
	return out, err
}

// Intents returns a site's intents by name in byte order.
func (c *Core) Intents(ctx context.Context, siteID string) ([]parley.Intent, error) {
	return all(ctx, c, "intents", c.scanIntent, `SELECT `+intentCols+` FROM intents WHERE site_id = $1 ORDER BY name`+c.d.ByteOrder, siteID)
}

// Intent returns one intent.
func (c *Core) Intent(ctx context.Context, id string) (parley.Intent, error) {
	return one(ctx, c, "intent", "intent", c.scanIntent, `SELECT `+intentCols+` FROM intents WHERE id = $1`, id)
}

// DeleteIntent removes an intent.
func (c *Core) DeleteIntent(ctx context.Context, id string) error {
	return c.deleteOne(ctx, "intent", `DELETE FROM intents WHERE id = $1`, id)
}

// DeleteTeam removes a team; conversations keep its key.
func (c *Core) DeleteTeam(ctx context.Context, key string) error {
	return c.deleteOne(ctx, "team", `DELETE FROM teams WHERE key = $1`, key)
}

func (c *Core) deleteOne(ctx context.Context, what, sql string, arg any) error {
	return c.auto(ctx, "delete "+what, func(q Q) error {
		n, err := q.Exec(ctx, c.sql(sql), arg)
		if err == nil && n == 0 {
			return c.notFound(what)
		}
		return err
	})
}

// BotSettings returns a site's bot settings; zero when never set.
func (c *Core) BotSettings(ctx context.Context, siteID string) (parley.BotSettings, error) {
	var b []byte
	var none bool
	err := c.read(ctx, "bot settings", func(q Q) error {
		err := q.QueryRow(ctx, c.sql(`SELECT settings FROM bot_settings WHERE site_id = $1`), siteID).Scan(&b)
		if err != nil && c.d.IsNoRows(err) {
			none = true
			return nil
		}
		return err
	})
	if err != nil || none {
		return parley.BotSettings{}, err
	}
	return codec.ParseBotSettings(b)
}

// PutBotSettings replaces a site's bot settings; an unknown site fails the
// foreign key (ErrNotFound).
func (c *Core) PutBotSettings(ctx context.Context, siteID string, s parley.BotSettings) error {
	err := s.Validate()
	if err != nil {
		return err
	}
	b := codec.BotSettings(s)
	return c.auto(ctx, "put bot settings", func(q Q) error {
		_, err := q.Exec(ctx, c.sql(`INSERT INTO bot_settings (site_id, settings, updated_at) VALUES ($1, $2, $3)
			ON CONFLICT (site_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`),
			siteID, string(b), c.d.Time(c.now()))
		if err != nil && c.d.IsForeignKey(err) {
			return fmt.Errorf("%w: %w", c.notFound("site"), err)
		}
		return err
	})
}

// RecentQuestions returns up to limit visitor messages the site's bot
// decided on, newest first, each with its decision.
func (c *Core) RecentQuestions(ctx context.Context, siteID string, limit int) ([]parley.Question, error) {
	limit, err := parley.PageLimit(limit, 50, 1000)
	if err != nil {
		return nil, err
	}
	var out []parley.Question
	err = c.read(ctx, "recent questions", func(q Q) error {
		rows, err := q.Query(ctx, c.sql(`SELECT m.text, `+prefixed("d.", decisionCols)+`
			FROM decisions d JOIN conversations c ON c.id = d.conversation_id
			JOIN messages m ON m.conversation_id = d.conversation_id AND m.seq = d.message_seq
			WHERE c.site_id = $1 AND d.message_seq > 0 AND m.author_kind = 'visitor'
			ORDER BY d.created_at DESC, d.n DESC LIMIT $2`), siteID, limit)
		out, err = collect(rows, err, func(r Row) (parley.Question, error) {
			var qn parley.Question
			d, err := c.scanDecision(prefixRow{r, &qn.Text})
			qn.ConversationID, qn.SiteID, qn.Decision = d.ConversationID, siteID, d
			return qn, err
		})
		return err
	})
	return out, err
}

// prefixRow scans one leading column into first, the rest into dest.
type prefixRow struct {
	row   Row
	first *string
}

func (p prefixRow) Scan(dest ...any) error { return p.row.Scan(append([]any{p.first}, dest...)...) }

// prefixed qualifies a column list with a table alias.
func prefixed(alias, cols string) string {
	parts := strings.Split(cols, ",")
	for i, col := range parts {
		parts[i] = alias + strings.TrimSpace(col)
	}
	return strings.Join(parts, ", ")
}
