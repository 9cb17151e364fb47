package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/parley-chat/parley"
)

// activityLock is the advisory lock key that orders activity readers after
// writers. Identity values are taken before commit, so two transactions may
// commit n=6 before n=5; a reader between the two commits would pass 5 for
// good. Writers hold the lock shared from taking n until they end (they do
// not wait for each other); a reader takes it exclusively, which waits for
// the writers in flight, so every n it cannot see was rolled back.
const activityLock = 0x7061726c65796163 // "parleyac"

const activityCols = `id, kind, site_id, conversation_id, article_id, agent_id, team, reason, score, at`

// addActivity records a in the caller's transaction, so the activity and
// the change it records commit together.
func addActivity(ctx context.Context, tx pgx.Tx, a parley.Activity) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock_shared($1)`, int64(activityLock)); err != nil {
		return fmt.Errorf("activity lock: %w", err)
	}
	_, err := tx.Exec(ctx, `INSERT INTO activities (`+activityCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		a.ID, a.Kind, a.SiteID, a.ConversationID, a.ArticleID, a.AgentID, a.Team, a.Reason, a.Score, a.At)
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
	var out []parley.Activity
	err := db.tx(ctx, "activities", func(tx pgx.Tx) error {
		out = out[:0]
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(activityLock)); err != nil {
			return fmt.Errorf("activity lock: %w", err)
		}
		rows, err := tx.Query(ctx, `SELECT n, `+activityCols+` FROM activities WHERE n > $1 ORDER BY n LIMIT $2`, afterN, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a parley.Activity
			if err := rows.Scan(&a.N, &a.ID, &a.Kind, &a.SiteID, &a.ConversationID, &a.ArticleID, &a.AgentID,
				&a.Team, &a.Reason, &a.Score, &a.At); err != nil {
				return fmt.Errorf("scan: %w", err)
			}
			a.At = a.At.UTC()
			out = append(out, a)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RecordNPS stores a 0–10 score; the last one per conversation wins, and
// each recording is an nps.received activity.
func (db *DB) RecordNPS(ctx context.Context, conversationID string, score int, comment string) error {
	if err := parley.ValidNPS(score, comment); err != nil {
		return err
	}
	return db.tx(ctx, "record nps", func(tx pgx.Tx) error {
		now := db.now()
		var siteID string
		if err := tx.QueryRow(ctx, `SELECT site_id FROM conversations WHERE id = $1`, conversationID).Scan(&siteID); err != nil {
			return fmt.Errorf("conversation: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO nps (conversation_id, score, comment, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (conversation_id) DO UPDATE
			SET score = EXCLUDED.score, comment = EXCLUDED.comment, created_at = EXCLUDED.created_at`,
			conversationID, score, comment, now); err != nil {
			return err
		}
		return addActivity(ctx, tx, parley.ScoreActivity(parley.ActivityNPS, siteID, conversationID, score, now))
	})
}
