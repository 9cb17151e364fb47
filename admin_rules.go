package parley

import (
	"regexp"
	"time"
)

// Limits of admin-defined intents and audit entries.
const (
	MaxPhrases      = 500
	MaxPhraseLen    = 500
	MaxAuditDetail  = 64 << 10
	MaxAuditListLen = 500 // the most entries one page of the audit log holds
)

var intentName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// Validate checks an intent: a name of 1–64 lower-case letters, digits, _
// or -, a site, and 1–MaxPhrases training phrases of 1–MaxPhraseLen bytes.
func (in Intent) Validate() error {
	if !intentName.MatchString(in.Name) {
		return Errorf(EINVALID,
			"intent name %q must be 1–64 lower-case letters, digits, _ or -, starting with a letter or digit", in.Name)
	}
	if in.SiteID == "" {
		return Errorf(EINVALID, "intent needs a site")
	}
	if err := validText("intent team", in.Team); err != nil {
		return err
	}
	if len(in.Phrases) == 0 || len(in.Phrases) > MaxPhrases {
		return Errorf(EINVALID, "intent needs 1–%d training phrases, has %d", MaxPhrases, len(in.Phrases))
	}
	for i, p := range in.Phrases {
		if p == "" || len(p) > MaxPhraseLen {
			return Errorf(EINVALID, "training phrase %d must have 1–%d bytes", i+1, MaxPhraseLen)
		}
		if err := validText("training phrase", p); err != nil {
			return err
		}
	}
	return nil
}

// Validate checks a site's bot settings: a threshold in [0, 1), a cap of
// 0–100 (0 is the bot's default for both), known segments, and a bypass
// urgency that is empty, high or critical.
func (s BotSettings) Validate() error {
	if s.Threshold < 0 || s.Threshold >= 1 {
		return Errorf(EINVALID, "threshold must be between 0 and 1 (0: the default), got %g", s.Threshold)
	}
	if s.AutomationCap < 0 || s.AutomationCap > 100 {
		return Errorf(EINVALID, "automation cap must be 0–100 (0: the default), got %d", s.AutomationCap)
	}
	for _, seg := range s.SkipSegments {
		if !seg.Valid() {
			return Errorf(EINVALID, "unknown segment %q (visitor, lead or user)", seg)
		}
	}
	switch s.BypassUrgency {
	case "", UrgencyHigh, UrgencyCritical:
	default:
		return Errorf(EINVALID, "bypass urgency must be empty, high or critical, got %q", s.BypassUrgency)
	}
	return nil
}

// NewAuditEntry checks an audit entry (an action, a detail of at most
// MaxAuditDetail bytes, texts any store can keep) and fills its ID (when
// empty) and At (now when zero).
func NewAuditEntry(e AuditEntry, now time.Time) (AuditEntry, error) {
	if e.Action == "" {
		return e, Errorf(EINVALID, "audit entry needs an action")
	}
	if len(e.Detail) > MaxAuditDetail {
		return e, Errorf(EINVALID, "audit detail is over %d bytes", MaxAuditDetail)
	}
	if err := validTexts("actor id", e.ActorID, "actor", e.Actor, "action", e.Action, "target", e.Target, "detail", e.Detail); err != nil {
		return e, err
	}
	if e.ID == "" {
		e.ID = NewID()
	}
	if e.At.IsZero() {
		e.At = now
	}
	return e, nil
}
