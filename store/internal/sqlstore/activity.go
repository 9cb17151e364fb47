package sqlstore

import (
	"context"
	"fmt"

	"github.com/parley-chat/parley"
)

// Activities: the store-ordered log the webhooks and reports read.

const activityCols = `id, kind, site_id, conversation_id, article_id, agent_id, team, reason, score, at`

// addActivity records a in the caller's transaction, so the activity and
// the change it records commit together.
func (c *Core) addActivity(ctx context.Context, q Q, a parley.Activity) error {
	if c.d.LockActivities != "" {
		if _, err := q.Exec(ctx, c.d.LockActivities); err != nil {
			return fmt.Errorf("activity lock: %w", err)
		}
	}
	_, err := q.Exec(ctx, c.sql(`INSERT INTO activities (`+activityCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`),
		a.ID, a.Kind, a.SiteID, a.ConversationID, a.ArticleID, a.AgentID, a.Team, a.Reason, a.Score, c.d.Time(a.At))
	if err != nil {
		return fmt.Errorf("insert activity: %w", err)
	}
	return nil
}

// Activities returns up to limit activities with N > afterN in store order.
// Under Dialect.LockActivityReads it reads in a transaction that holds it.
func (c *Core) Activities(ctx context.Context, afterN int64, limit int) ([]parley.Activity, error) {
	if err := parley.ValidLimit(limit); err != nil {
		return nil, err
	}
	run := c.read
	if c.d.LockActivityReads != "" {
		run = c.write
	}
	var out []parley.Activity
	err := run(ctx, "activities", func(q Q) error {
		if c.d.LockActivityReads != "" {
			if _, err := q.Exec(ctx, c.d.LockActivityReads); err != nil {
				return fmt.Errorf("activity lock: %w", err)
			}
		}
		rows, err := q.Query(ctx, c.sql(`SELECT n, `+activityCols+` FROM activities WHERE n > $1 ORDER BY n LIMIT $2`), afterN, limit)
		out, err = collect(rows, err, func(r Row) (parley.Activity, error) {
			var a parley.Activity
			err := r.Scan(&a.N, &a.ID, &a.Kind, &a.SiteID, &a.ConversationID, &a.ArticleID, &a.AgentID,
				&a.Team, &a.Reason, &a.Score, c.d.TimeDest(&a.At))
			return a, err
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RecordNPS stores a 0–10 score; the last one per conversation wins, and
// each recording is an nps.received activity.
func (c *Core) RecordNPS(ctx context.Context, conversationID string, score int, comment string) error {
	if err := parley.ValidNPS(score, comment); err != nil {
		return err
	}
	return c.write(ctx, "record nps", func(q Q) error {
		return c.recordScore(ctx, q, "nps", parley.ActivityNPS, conversationID, score, comment)
	})
}

// recordScore upserts a conversation's rating in table (csat or nps) with
// its activity.
func (c *Core) recordScore(ctx context.Context, q Q, table string, kind parley.ActivityKind, conversationID string, score int, comment string) error {
	now := c.now()
	var siteID string
	if err := q.QueryRow(ctx, c.sql(`SELECT site_id FROM conversations WHERE id = $1`), conversationID).Scan(&siteID); err != nil {
		return c.noRows("conversation", err)
	}
	if _, err := q.Exec(ctx, c.sql(`INSERT INTO `+table+` (conversation_id, score, comment, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (conversation_id) DO UPDATE
		SET score = excluded.score, comment = excluded.comment, created_at = excluded.created_at`),
		conversationID, score, comment, c.d.Time(now)); err != nil {
		return err
	}
	return c.addActivity(ctx, q, parley.ScoreActivity(kind, siteID, conversationID, score, now))
}
