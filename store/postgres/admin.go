package postgres

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

// RecordAudit appends an audit entry and returns it with ID, N and At set.
func (db *DB) RecordAudit(ctx context.Context, e parley.AuditEntry) (parley.AuditEntry, error) {
	e, err := parley.NewAuditEntry(e, db.now())
	if err != nil {
		return e, err
	}
	e.At = codec.Time(e.At)
	// ON CONFLICT makes a retry after a lost connection harmless.
	err = db.run(ctx, "record audit", func(q querier) error {
		err := q.QueryRow(ctx, `INSERT INTO audit_log (id, at, actor_id, actor, action, target, detail)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING RETURNING n`,
			e.ID, e.At, e.ActorID, e.Actor, e.Action, e.Target, e.Detail).Scan(&e.N)
		if errors.Is(err, pgx.ErrNoRows) {
			return q.QueryRow(ctx, `SELECT n FROM audit_log WHERE id = $1`, e.ID).Scan(&e.N)
		}
		return err
	})
	return e, err
}

// AuditLog returns up to limit entries older than beforeN (0: the newest),
// newest first.
func (db *DB) AuditLog(ctx context.Context, beforeN int64, limit int) ([]parley.AuditEntry, error) {
	limit, err := parley.PageLimit(limit, 100, parley.MaxAuditListLen)
	if err != nil {
		return nil, err
	}
	var out []parley.AuditEntry
	err = db.run(ctx, "audit log", func(q querier) error {
		rows, err := q.Query(ctx, `SELECT n, id, at, actor_id, actor, action, target, detail FROM audit_log
			WHERE $1 = 0 OR n < $1 ORDER BY n DESC LIMIT $2`, beforeN, limit)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (parley.AuditEntry, error) {
			var e parley.AuditEntry
			err := r.Scan(&e.N, &e.ID, &e.At, &e.ActorID, &e.Actor, &e.Action, &e.Target, &e.Detail)
			e.At = e.At.UTC()
			return e, err
		})
		return err
	})
	return out, err
}

const intentCols = `id, site_id, name, team, human_only, phrases, updated_at`

func scanIntent(row pgx.Row) (parley.Intent, error) {
	var in parley.Intent
	var phrases []byte
	var at time.Time
	if err := row.Scan(&in.ID, &in.SiteID, &in.Name, &in.Team, &in.HumanOnly, &phrases, &at); err != nil {
		return in, err
	}
	in.UpdatedAt = at.UTC()
	p, err := codec.ParsePhrases(phrases)
	in.Phrases = p
	return in, err
}

// PutIntent inserts an intent (ID generated when empty or unknown) or
// replaces the one with in.ID. A name taken on the site is ECONFLICT.
func (db *DB) PutIntent(ctx context.Context, in parley.Intent) (parley.Intent, error) {
	err := in.Validate()
	if err != nil {
		return in, err
	}
	phrases := codec.Phrases(in.Phrases)
	if in.ID == "" {
		in.ID = parley.NewID()
	}
	var out parley.Intent
	err = db.run(ctx, "put intent", func(q querier) error {
		out, err = scanIntent(q.QueryRow(ctx, `INSERT INTO intents (`+intentCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, team = EXCLUDED.team, human_only = EXCLUDED.human_only,
			phrases = EXCLUDED.phrases, updated_at = EXCLUDED.updated_at WHERE intents.site_id = EXCLUDED.site_id
			RETURNING `+intentCols, in.ID, in.SiteID, in.Name, in.Team, in.HumanOnly, phrases, db.now()))
		switch {
		case uniqueOn(err, "intents_site_id_name_key"):
			return parley.Errorf(parley.ECONFLICT, "the site already has an intent named %q", in.Name)
		case errors.Is(err, pgx.ErrNoRows):
			return parley.Errorf(parley.ECONFLICT, "intent id %q belongs to another site", in.ID)
		}
		return err
	})
	return out, err
}

// Intents returns a site's intents by name.
func (db *DB) Intents(ctx context.Context, siteID string) ([]parley.Intent, error) {
	var out []parley.Intent
	err := db.run(ctx, "intents", func(q querier) error {
		rows, err := q.Query(ctx, `SELECT `+intentCols+` FROM intents WHERE site_id = $1 ORDER BY name COLLATE "C"`, siteID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (parley.Intent, error) { return scanIntent(r) })
		return err
	})
	if len(out) == 0 {
		out = nil
	}
	return out, err
}

// Intent returns one intent.
func (db *DB) Intent(ctx context.Context, id string) (parley.Intent, error) {
	var in parley.Intent
	err := db.run(ctx, "intent", func(q querier) (err error) {
		in, err = scanIntent(q.QueryRow(ctx, `SELECT `+intentCols+` FROM intents WHERE id = $1`, id))
		return err
	})
	return in, err
}

// DeleteIntent removes an intent.
func (db *DB) DeleteIntent(ctx context.Context, id string) error {
	return db.deleteOne(ctx, "intent", `DELETE FROM intents WHERE id = $1`, id)
}

// DeleteTeam removes a team; conversations keep its key.
func (db *DB) DeleteTeam(ctx context.Context, key string) error {
	return db.deleteOne(ctx, "team", `DELETE FROM teams WHERE key = $1`, key)
}

func (db *DB) deleteOne(ctx context.Context, what, sql string, arg any) error {
	return db.run(ctx, "delete "+what, func(q querier) error {
		tag, err := q.Exec(ctx, sql, arg)
		if err == nil && tag.RowsAffected() == 0 {
			return notFound(what)
		}
		return err
	})
}

// BotSettings returns a site's bot settings; zero when never set.
func (db *DB) BotSettings(ctx context.Context, siteID string) (parley.BotSettings, error) {
	var b []byte
	err := db.run(ctx, "bot settings", func(q querier) error {
		return q.QueryRow(ctx, `SELECT settings FROM bot_settings WHERE site_id = $1`, siteID).Scan(&b)
	})
	if errors.Is(err, parley.ErrNotFound) {
		return parley.BotSettings{}, nil
	}
	if err != nil {
		return parley.BotSettings{}, err
	}
	return codec.ParseBotSettings(b)
}

// PutBotSettings replaces a site's bot settings; an unknown site is
// ErrNotFound (the foreign key).
func (db *DB) PutBotSettings(ctx context.Context, siteID string, s parley.BotSettings) error {
	err := s.Validate()
	if err != nil {
		return err
	}
	b := codec.BotSettings(s)
	return db.run(ctx, "put bot settings", func(q querier) error {
		_, err := q.Exec(ctx, `INSERT INTO bot_settings (site_id, settings, updated_at) VALUES ($1, $2, $3)
			ON CONFLICT (site_id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = EXCLUDED.updated_at`,
			siteID, b, db.now())
		return err
	})
}

// RecentQuestions returns up to limit visitor messages the site's bot
// decided on, newest first, each with its decision.
func (db *DB) RecentQuestions(ctx context.Context, siteID string, limit int) ([]parley.Question, error) {
	limit, err := parley.PageLimit(limit, 50, 1000)
	if err != nil {
		return nil, err
	}
	var out []parley.Question
	err = db.run(ctx, "recent questions", func(q querier) error {
		rows, err := q.Query(ctx, `SELECT m.text, `+prefixed("d.", decisionCols)+`
			FROM decisions d JOIN conversations c ON c.id = d.conversation_id
			JOIN messages m ON m.conversation_id = d.conversation_id AND m.seq = d.message_seq
			WHERE c.site_id = $1 AND d.message_seq > 0 AND m.author_kind = 'visitor'
			ORDER BY d.created_at DESC, d.n DESC LIMIT $2`, siteID, limit)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (parley.Question, error) {
			var qn parley.Question
			d, err := scanDecision(prefixRow{r, &qn.Text})
			qn.ConversationID, qn.SiteID, qn.Decision = d.ConversationID, siteID, d
			return qn, err
		})
		return err
	})
	return out, err
}

// prefixRow scans one leading column into first, the rest into dest.
type prefixRow struct {
	row   pgx.Row
	first *string
}

func (p prefixRow) Scan(dest ...any) error { return p.row.Scan(append([]any{p.first}, dest...)...) }

// prefixed qualifies a column list with a table alias.
func prefixed(alias, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = alias + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}
