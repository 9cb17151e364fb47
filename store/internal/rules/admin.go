package rules

import (
	"encoding/json"
	"regexp"
	"time"

	"github.com/parley-chat/parley"
)

// Limits of admin-defined intents and audit entries.
const (
	MaxPhrases      = 500
	MaxPhraseLen    = 500
	MaxAuditDetail  = 64 << 10
	MaxAuditListLen = 500
)

var intentName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// Intent checks an intent and returns its phrases' JSON form.
func Intent(in parley.Intent) (parley.Intent, []byte, error) {
	if !intentName.MatchString(in.Name) {
		return in, nil, parley.Errorf(parley.EINVALID,
			"intent name %q must be 1–64 lower-case letters, digits, _ or -, starting with a letter or digit", in.Name)
	}
	if in.SiteID == "" {
		return in, nil, parley.Errorf(parley.EINVALID, "intent needs a site")
	}
	if err := Texts("intent team", in.Team); err != nil {
		return in, nil, err
	}
	if len(in.Phrases) == 0 || len(in.Phrases) > MaxPhrases {
		return in, nil, parley.Errorf(parley.EINVALID, "intent needs 1–%d training phrases, has %d", MaxPhrases, len(in.Phrases))
	}
	for i, p := range in.Phrases {
		if p == "" || len(p) > MaxPhraseLen {
			return in, nil, parley.Errorf(parley.EINVALID, "training phrase %d must have 1–%d bytes", i+1, MaxPhraseLen)
		}
		if err := Text("training phrase", p); err != nil {
			return in, nil, err
		}
	}
	b, err := json.Marshal(in.Phrases)
	return in, b, err
}

// ParsePhrases reads the stored phrases.
func ParsePhrases(b []byte) ([]string, error) {
	var p []string
	err := json.Unmarshal(b, &p)
	return p, err
}

// BotSettings checks a site's bot settings and returns their JSON form.
func BotSettings(s parley.BotSettings) ([]byte, error) {
	if s.Threshold < 0 || s.Threshold >= 1 {
		return nil, parley.Errorf(parley.EINVALID, "threshold must be between 0 and 1 (0: the default), got %g", s.Threshold)
	}
	if s.AutomationCap < 0 || s.AutomationCap > 100 {
		return nil, parley.Errorf(parley.EINVALID, "automation cap must be 0–100 (0: the default), got %d", s.AutomationCap)
	}
	for _, seg := range s.SkipSegments {
		if !seg.Valid() {
			return nil, parley.Errorf(parley.EINVALID, "unknown segment %q (visitor, lead or user)", seg)
		}
	}
	switch s.BypassUrgency {
	case "", parley.UrgencyHigh, parley.UrgencyCritical:
	default:
		return nil, parley.Errorf(parley.EINVALID, "bypass urgency must be empty, high or critical, got %q", s.BypassUrgency)
	}
	if s.SkipSegments == nil {
		s.SkipSegments = []parley.Segment{}
	}
	return json.Marshal(botSettingsJSON(s))
}

type botSettingsJSON struct {
	Threshold     float64          `json:"threshold"`
	AutomationCap int              `json:"automation_cap"`
	SkipSegments  []parley.Segment `json:"skip_segments"`
	BypassUrgency parley.Urgency   `json:"bypass_urgency"`
}

// ParseBotSettings reads stored bot settings.
func ParseBotSettings(b []byte) (parley.BotSettings, error) {
	var j botSettingsJSON
	err := json.Unmarshal(b, &j)
	return parley.BotSettings(j), err
}

// Audit checks an audit entry and fills its ID and time.
func Audit(e parley.AuditEntry, now time.Time) (parley.AuditEntry, error) {
	if e.Action == "" {
		return e, parley.Errorf(parley.EINVALID, "audit entry needs an action")
	}
	if len(e.Detail) > MaxAuditDetail {
		return e, parley.Errorf(parley.EINVALID, "audit detail is over %d bytes", MaxAuditDetail)
	}
	if err := Texts("actor id", e.ActorID, "actor", e.Actor, "action", e.Action, "target", e.Target, "detail", e.Detail); err != nil {
		return e, err
	}
	if e.ID == "" {
		e.ID = parley.NewID()
	}
	if e.At.IsZero() {
		e.At = now
	}
	e.At = Time(e.At)
	return e, nil
}

// ListLimit bounds a page size: 0 takes def, above max is EINVALID.
func ListLimit(n, def, max int) (int, error) {
	switch {
	case n == 0:
		return def, nil
	case n < 0 || n > max:
		return 0, parley.Errorf(parley.EINVALID, "limit must be 1–%d, got %d", max, n)
	}
	return n, nil
}
