package signal

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode"
)

// Input is one visitor message with light context.
type Input struct {
	Text, Lang string
	// RecentVisitorTexts are earlier visitor messages of this conversation,
	// newest last; only the last few are compared.
	RecentVisitorTexts []string
	// Attributes are contact attributes: plan, contract_value, sla_tier…
	Attributes map[string]any
	Segment    string
}

// Assessment is what the bot and the agents see.
type Assessment struct {
	Urgency    string // "low" | "normal" | "high" | "critical"
	Frustrated bool
	Reasons    []string // machine-readable, e.g. "keyword:outage", "tone:shouting"
	Repeated   bool
	// Unhelped: the visitor says the last answer did not help ("that
	// didn't help", "не помогло"); the bot's cap counts it like a 👎.
	Unhelped bool
}

// ReasonUnhelped is the reason recorded when the visitor says an answer
// did not help.
const ReasonUnhelped = "feedback:unhelped"

// Urgency levels.
const (
	Low      = "low"
	Normal   = "normal"
	High     = "high"
	Critical = "critical"
)

var levels = [...]string{Low, Normal, High, Critical}

// Policy says which contacts count as enterprise.
type Policy struct {
	EnterpriseContractValue float64  // contract_value at or above this
	EnterprisePlans         []string // plan containing any of these (case-insensitive)
	EnterpriseTiers         []string // sla_tier equal to any of these (case-insensitive)
	EnterpriseSegments      []string // segments that are enterprise by definition
}

// DefaultPolicy returns the policy Assess uses.
func DefaultPolicy() Policy {
	return Policy{
		EnterpriseContractValue: 10000,
		EnterprisePlans:         []string{"enterprise"},
		EnterpriseTiers:         []string{"enterprise", "premium", "platinum", "gold", "p1", "priority", "tier1", "tier 1"},
		EnterpriseSegments:      []string{"enterprise", "vip"},
	}
}

var defaultPolicy = DefaultPolicy()

// Assess computes urgency, frustration and repetition with DefaultPolicy.
func Assess(in Input) Assessment { return defaultPolicy.Assess(in) }

// keyword families in reason order, with their base urgency.
var keywordReasons = []struct {
	fam    family
	reason string
	level  int
}{
	{famOutage, "keyword:outage", 2},
	{famLogin, "keyword:cannot_login", 2},
	{famPayment, "keyword:payment_failed", 2},
	{famDataLoss, "keyword:data_loss", 3},
	{famSecurity, "keyword:security", 3},
	{famLegal, "keyword:legal", 2},
	{famChurn, "keyword:churn", 2},
}

const maxRecent = 5

// Assess computes the assessment of one message; see the package doc for
// the rules.
func (p Policy) Assess(in Input) Assessment {
	an := pool.Get().(*analysis)
	defer pool.Put(an)
	an.run(in.Text)
	fams := an.families()

	var reasons [16]string
	n := 0
	level, keywords := 1, false
	for _, k := range keywordReasons {
		if fams&(1<<k.fam) != 0 {
			reasons[n], n = k.reason, n+1
			level, keywords = max(level, k.level), true
		}
	}
	frustration := 0
	addTone := func(ok bool, reason string, weight int) {
		if ok {
			reasons[n], n = reason, n+1
			frustration += weight
		}
	}
	shout, punct := tone(in.Text)
	addTone(fams&(1<<famAnger) != 0, "tone:anger", 2)
	addTone(fams&(1<<famProfanity) != 0, "tone:profanity", 2)
	addTone(shout, "tone:shouting", 1)
	addTone(punct, "tone:punctuation", 1)
	unhelped := fams&(1<<famUnhelped) != 0
	if unhelped {
		reasons[n], n = ReasonUnhelped, n+1
	}
	repeated := an.repeated(in.RecentVisitorTexts)
	addTone(repeated, "repeated_message", 1)
	enterprise := p.enterprise(in.Attributes, in.Segment)
	if enterprise {
		reasons[n], n = "contact:enterprise", n+1
	}

	if !keywords && frustration == 0 && (len(an.a.toks) == 0 ||
		fams&(1<<famAck) != 0 && len(an.a.toks) <= 4) {
		level = 0
	}
	frustrated := frustration >= 2
	if frustrated {
		level++
	}
	if enterprise {
		level++
	}
	// Never nil, so stored decisions read [] rather than null.
	out := Assessment{Urgency: levels[min(level, 3)], Frustrated: frustrated, Repeated: repeated, Unhelped: unhelped,
		Reasons: []string{}}
	if n > 0 {
		out.Reasons = append(out.Reasons, reasons[:n]...)
	}
	return out
}

func (p Policy) enterprise(attrs map[string]any, segment string) bool {
	for _, s := range p.EnterpriseSegments {
		if strings.EqualFold(segment, s) {
			return true
		}
	}
	if plan, ok := attrs["plan"].(string); ok {
		for _, s := range p.EnterprisePlans {
			if s != "" && strings.Contains(strings.ToLower(plan), strings.ToLower(s)) {
				return true
			}
		}
	}
	if tier, ok := attrs["sla_tier"].(string); ok {
		for _, s := range p.EnterpriseTiers {
			if strings.EqualFold(strings.TrimSpace(tier), s) {
				return true
			}
		}
	}
	v, ok := number(attrs["contract_value"])
	return ok && p.EnterpriseContractValue > 0 && v >= p.EnterpriseContractValue
}

// number reads a numeric attribute as JSON, Go code or a form would give it.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case uint:
		return float64(x), true
	case uint64:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(x), ",", ""), 64)
		return f, err == nil
	}
	return 0, false
}

// tone scans the raw text once. Shouting: mostly upper-case letters, in
// scripts that have case (Latin, Cyrillic, Greek, Armenian; Persian has
// none and never shouts), with at least two upper-case words of three or
// more letters so that "GDPR" or "OK" alone is not shouting. Punctuation: a
// run of three or more ! and ? marks ("!!!", "?!?", "؟؟؟").
func tone(text string) (shouting, punctuation bool) {
	upper, lower, words, run, marks := 0, 0, 0, 0, 0
	for _, r := range text {
		c := letterCase(r)
		switch c {
		case 1:
			upper++
			run++
			continue
		case -1:
			lower++
		}
		if run >= 3 && c == 0 {
			words++
		}
		run = 0
		switch r {
		case '!', '?', '؟', '！', '？', '¡', '¿':
			if marks++; marks >= 3 {
				punctuation = true
			}
		default:
			marks = 0
		}
	}
	if run >= 3 {
		words++
	}
	return upper+lower >= 8 && upper*4 >= (upper+lower)*3 && words >= 2, punctuation
}

// letterCase is 1 for upper-case letters, -1 for lower-case, 0 otherwise,
// with fast paths for the scripts of the supported languages.
func letterCase(r rune) int {
	switch {
	case r >= 'A' && r <= 'Z', r >= 0x410 && r <= 0x42F, r >= 0x531 && r <= 0x556:
		return 1
	case r >= 'a' && r <= 'z', r >= 0x430 && r <= 0x44F, r >= 0x561 && r <= 0x587:
		return -1
	case r < 0x80, r >= 0x600 && r <= 0x6FF:
		return 0
	case unicode.IsUpper(r):
		return 1
	case unicode.IsLower(r):
		return -1
	}
	return 0
}
