package sqlite

import (
	"context"
	"fmt"
	"strings"

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
	err = db.write(ctx, func(ctx context.Context, tx *wtx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO audit_log (id, at, actor_id, actor, action, target, detail)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING n`, e.ID, micros(e.At), e.ActorID, e.Actor, e.Action, e.Target, e.Detail).Scan(&e.N)
	})
	return e, wrap("record audit", err)
}

// AuditLog returns up to limit entries older than beforeN (0: the newest),
// newest first.
func (db *DB) AuditLog(ctx context.Context, beforeN int64, limit int) ([]parley.AuditEntry, error) {
	limit, err := parley.PageLimit(limit, 100, parley.MaxAuditListLen)
	if err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT n, id, at, actor_id, actor, action, target, detail FROM audit_log
		WHERE ?1 = 0 OR n < ?1 ORDER BY n DESC LIMIT ?2`, beforeN, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: audit log: %w", err)
	}
	defer rows.Close()
	var out []parley.AuditEntry
	for rows.Next() {
		var e parley.AuditEntry
		var at int64
		if err := rows.Scan(&e.N, &e.ID, &at, &e.ActorID, &e.Actor, &e.Action, &e.Target, &e.Detail); err != nil {
			return nil, fmt.Errorf("sqlite: audit log: %w", err)
		}
		e.At = fromMicros(at)
		out = append(out, e)
	}
	return out, wrap("audit log", rows.Err())
}

const intentCols = `id, site_id, name, team, human_only, phrases, updated_at`

func scanIntent(row scanner) (parley.Intent, error) {
	var in parley.Intent
	var phrases string
	var at int64
	if err := row.Scan(&in.ID, &in.SiteID, &in.Name, &in.Team, &in.HumanOnly, &phrases, &at); err != nil {
		return in, err
	}
	in.UpdatedAt = fromMicros(at)
	p, err := codec.ParsePhrases([]byte(phrases))
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
	err = db.write(ctx, func(ctx context.Context, tx *wtx) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM sites WHERE id = ?`, in.SiteID).Scan(&one); err != nil {
			return scanErr("site", err)
		}
		out, err = scanIntent(tx.QueryRowContext(ctx, `INSERT INTO intents (`+intentCols+`) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, team = excluded.team, human_only = excluded.human_only,
			phrases = excluded.phrases, updated_at = excluded.updated_at WHERE intents.site_id = excluded.site_id
			RETURNING `+intentCols, in.ID, in.SiteID, in.Name, in.Team, in.HumanOnly, string(phrases), micros(db.now())))
		if isUnique(err) {
			return parley.Errorf(parley.ECONFLICT, "the site already has an intent named %q", in.Name)
		}
		if isNoRows(err) {
			return parley.Errorf(parley.ECONFLICT, "intent id %q belongs to another site", in.ID)
		}
		return err
	})
	return out, wrap("put intent", err)
}

// Intents returns a site's intents by name.
func (db *DB) Intents(ctx context.Context, siteID string) ([]parley.Intent, error) {
	rows, err := db.query(ctx, `SELECT `+intentCols+` FROM intents WHERE site_id = ? ORDER BY name`, siteID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: intents: %w", err)
	}
	defer rows.Close()
	var out []parley.Intent
	for rows.Next() {
		in, err := scanIntent(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: intents: %w", err)
		}
		out = append(out, in)
	}
	return out, wrap("intents", rows.Err())
}

// Intent returns one intent.
func (db *DB) Intent(ctx context.Context, id string) (parley.Intent, error) {
	in, err := scanIntent(db.queryRow(ctx, `SELECT `+intentCols+` FROM intents WHERE id = ?`, id))
	if err != nil {
		return in, scanErr("intent", err)
	}
	return in, nil
}

// DeleteIntent removes an intent.
func (db *DB) DeleteIntent(ctx context.Context, id string) error {
	return db.deleteOne(ctx, "intent", `DELETE FROM intents WHERE id = ?`, id)
}

// DeleteTeam removes a team; conversations keep its key.
func (db *DB) DeleteTeam(ctx context.Context, key string) error {
	return db.deleteOne(ctx, "team", `DELETE FROM teams WHERE key = ?`, key)
}

func (db *DB) deleteOne(ctx context.Context, what, q string, arg any) error {
	err := db.write(ctx, func(ctx context.Context, tx *wtx) error {
		res, err := tx.ExecContext(ctx, q, arg)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound(what)
		}
		return nil
	})
	return wrap("delete "+what, err)
}

// BotSettings returns a site's bot settings; zero when never set.
func (db *DB) BotSettings(ctx context.Context, siteID string) (parley.BotSettings, error) {
	var b string
	err := db.queryRow(ctx, `SELECT settings FROM bot_settings WHERE site_id = ?`, siteID).Scan(&b)
	if isNoRows(err) {
		return parley.BotSettings{}, nil
	}
	if err != nil {
		return parley.BotSettings{}, fmt.Errorf("sqlite: bot settings: %w", err)
	}
	return codec.ParseBotSettings([]byte(b))
}

// PutBotSettings replaces a site's bot settings.
func (db *DB) PutBotSettings(ctx context.Context, siteID string, s parley.BotSettings) error {
	err := s.Validate()
	if err != nil {
		return err
	}
	b := codec.BotSettings(s)
	err = db.write(ctx, func(ctx context.Context, tx *wtx) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM sites WHERE id = ?`, siteID).Scan(&one); err != nil {
			return scanErr("site", err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO bot_settings (site_id, settings, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (site_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
			siteID, string(b), micros(db.now()))
		return err
	})
	return wrap("put bot settings", err)
}

// RecentQuestions returns up to limit visitor messages the site's bot
// decided on, newest first, each with its decision.
func (db *DB) RecentQuestions(ctx context.Context, siteID string, limit int) ([]parley.Question, error) {
	limit, err := parley.PageLimit(limit, 50, 1000)
	if err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT m.text, `+prefixed("d.", decisionCols)+`
		FROM decisions d JOIN conversations c ON c.id = d.conversation_id
		JOIN messages m ON m.conversation_id = d.conversation_id AND m.seq = d.message_seq
		WHERE c.site_id = ? AND d.message_seq > 0 AND m.author_kind = 'visitor'
		ORDER BY d.created_at DESC, d.n DESC LIMIT ?`, siteID, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: recent questions: %w", err)
	}
	defer rows.Close()
	var out []parley.Question
	for rows.Next() {
		var q parley.Question
		d, err := scanDecision(prefixScanner{rows, &q.Text})
		if err != nil {
			return nil, fmt.Errorf("sqlite: recent questions: %w", err)
		}
		q.ConversationID, q.SiteID, q.Decision = d.ConversationID, siteID, d
		out = append(out, q)
	}
	return out, wrap("recent questions", rows.Err())
}

// prefixScanner scans one leading column into first, the rest into dest.
type prefixScanner struct {
	row   scanner
	first *string
}

func (p prefixScanner) Scan(dest ...any) error {
	return p.row.Scan(append([]any{p.first}, dest...)...)
}

// prefixed qualifies a column list with a table alias.
func prefixed(alias, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = alias + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}
