package sqlite

import (
	"context"
	"fmt"

	"github.com/parley-chat/parley"
)

const activityCols = `id, kind, site_id, conversation_id, article_id, agent_id, team, reason, score, at`

// addActivity records a in the caller's transaction, so the activity and
// the change it records commit together.
func addActivity(ctx context.Context, tx *wtx, a parley.Activity) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO activities (`+activityCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.Kind, a.SiteID, a.ConversationID, a.ArticleID, a.AgentID, a.Team, a.Reason, a.Score, micros(a.At))
	if err != nil {
		return fmt.Errorf("insert activity: %w", err)
	}
	return nil
}

// Activities returns up to limit activities with N > afterN in store order.
func (db *DB) Activities(ctx context.Context, afterN int64, limit int) ([]parley.Activity, error) {
	if err := parley.ValidLimit(limit); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT n, `+activityCols+` FROM activities WHERE n > ? ORDER BY n LIMIT ?`, afterN, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: activities: %w", err)
	}
	defer rows.Close()
	var out []parley.Activity
	for rows.Next() {
		var a parley.Activity
		var at int64
		if err := rows.Scan(&a.N, &a.ID, &a.Kind, &a.SiteID, &a.ConversationID, &a.ArticleID, &a.AgentID,
			&a.Team, &a.Reason, &a.Score, &at); err != nil {
			return nil, fmt.Errorf("sqlite: activities: scan: %w", err)
		}
		a.At = fromMicros(at)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: activities: %w", err)
	}
	return out, nil
}

// RecordNPS stores a 0–10 score; the last one per conversation wins, and
// each recording is an nps.received activity.
func (db *DB) RecordNPS(ctx context.Context, conversationID string, score int, comment string) error {
	if err := parley.ValidNPS(score, comment); err != nil {
		return err
	}
	err := db.write(ctx, func(ctx context.Context, tx *wtx) error {
		now := db.now()
		var siteID string
		if err := tx.QueryRowContext(ctx, `SELECT site_id FROM conversations WHERE id = ?`, conversationID).Scan(&siteID); err != nil {
			return scanErr("conversation", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO nps (conversation_id, score, comment, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (conversation_id) DO UPDATE
			SET score = excluded.score, comment = excluded.comment, created_at = excluded.created_at`,
			conversationID, score, comment, micros(now)); err != nil {
			return err
		}
		return addActivity(ctx, tx, parley.ScoreActivity(parley.ActivityNPS, siteID, conversationID, score, now))
	})
	return wrap("record nps", err)
}
