package storetest

import (
	"context"
	"time"

	"github.com/parley-chat/parley"
)

// Admin is what the admin pages store: the audit trail, admin-defined
// intents, per-site bot settings, and the questions a draft KB is replayed on.
type Admin interface {
	// RecordAudit appends e (ID generated when empty, At now when zero) and
	// returns it with N, the store order. Empty Action is EINVALID.
	RecordAudit(ctx context.Context, e parley.AuditEntry) (parley.AuditEntry, error)
	// AuditLog returns up to limit entries (0: 100; above 500 EINVALID) with
	// N below beforeN (0: from the newest), newest first.
	AuditLog(ctx context.Context, beforeN int64, limit int) ([]parley.AuditEntry, error)

	// PutIntent inserts in (ID generated when empty) or replaces the intent
	// with in.ID. Name is 1–64 of [a-z0-9_-]; 1–500 phrases; else EINVALID.
	// A name taken on the site, or an ID of another site's intent, is
	// ECONFLICT; an unknown site is ErrNotFound.
	PutIntent(ctx context.Context, in parley.Intent) (parley.Intent, error)
	// Intents returns a site's intents ordered by name (byte order).
	Intents(ctx context.Context, siteID string) ([]parley.Intent, error)
	// Intent returns one intent.
	Intent(ctx context.Context, id string) (parley.Intent, error)
	// DeleteIntent removes an intent; an unknown one is ErrNotFound.
	DeleteIntent(ctx context.Context, id string) error
	// DeleteTeam removes a team; an unknown key is ErrNotFound.
	DeleteTeam(ctx context.Context, key string) error

	// BotSettings returns a site's settings, zero when never put.
	BotSettings(ctx context.Context, siteID string) (parley.BotSettings, error)
	// PutBotSettings replaces them; out-of-range values are EINVALID, an
	// unknown site ErrNotFound.
	PutBotSettings(ctx context.Context, siteID string, s parley.BotSettings) error

	// RecentQuestions returns the site's latest visitor messages that have a
	// decision (limit 0: 50; above 1000 EINVALID), newest first.
	RecentQuestions(ctx context.Context, siteID string, limit int) ([]parley.Question, error)
	// HandlingTimes returns ResolvedAt − FirstResponseAt of up to limit
	// (0: 200; above 10000 EINVALID) conversations resolved after since that
	// a person answered, newest resolution first.
	HandlingTimes(ctx context.Context, since time.Time, limit int) ([]time.Duration, error)
}
