package handoff

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/parley-chat/parley"
)

// Candidate is an agent as routing sees them: presence and current load.
type Candidate struct {
	Agent    parley.Agent
	Presence parley.Presence
	Assigned int // conversations assigned now (and, with offers, offered)
}

// free is how many more conversations the agent can take.
func (c Candidate) free() int { return c.Agent.Capacity - c.Assigned }

// DefaultLanguageWait is how long a conversation waits for an agent who
// speaks its language before anyone on its team may take it.
const DefaultLanguageWait = 2 * time.Minute

// Rules are what Pick honours beyond team, presence and capacity.
type Rules struct {
	// Now and LanguageWait: a conversation queued less than LanguageWait
	// ago goes only to an agent who speaks its language; after that,
	// to anyone on its team. Zero LanguageWait is DefaultLanguageWait; a
	// negative one never waits (speakers are still preferred).
	Now          time.Time
	LanguageWait time.Duration
	// Skill the conversation needs ("" none): agents who list it are
	// preferred after language, before load. Skills never hold a
	// conversation back, so a skill nobody lists costs nothing.
	Skill string
	// Skip leaves an agent out for this conversation (an offer pending,
	// paced, or they declined it); nil skips nobody.
	Skip func(agentID string) bool
}

// Choice is who Pick chose and why, in words for the console.
type Choice struct {
	Agent  parley.Agent
	Reason string // e.g. "speaks fa; skill billing; least busy 1/5"
}

// Pick chooses who gets a queued conversation: online agents of its team
// with free capacity; among them those who speak its language (agents who
// list no language answer any), and only them until the conversation has
// waited r.LanguageWait; then those with the skill it needs; then the least
// busy (by share of capacity used); then the lowest id, so the choice is
// deterministic. ok is false when nobody can take it now.
func Pick(conv parley.Conversation, cands []Candidate, r Rules) (Choice, bool) {
	wait := r.LanguageWait
	if wait == 0 {
		wait = DefaultLanguageWait
	}
	mustSpeak := conv.Language != "" && (wait > 0 && r.Now.Sub(conv.QueuedAt) < wait)
	best := -1
	for i, c := range cands {
		if c.Presence != parley.PresenceOnline || c.free() <= 0 {
			continue
		}
		if conv.Team != "" && !slices.Contains(c.Agent.Teams, conv.Team) {
			continue
		}
		if mustSpeak && !speaks(c.Agent, conv.Language) {
			continue
		}
		if r.Skip != nil && r.Skip(c.Agent.ID) {
			continue
		}
		if best < 0 || better(conv, r.Skill, c, cands[best]) {
			best = i
		}
	}
	if best < 0 {
		return Choice{}, false
	}
	c := cands[best]
	return Choice{Agent: c.Agent, Reason: reason(conv, r, c, wait)}, true
}

func better(conv parley.Conversation, skill string, a, b Candidate) bool {
	if la, lb := speaks(a.Agent, conv.Language), speaks(b.Agent, conv.Language); la != lb {
		return la
	}
	if sa, sb := hasSkill(a.Agent, skill), hasSkill(b.Agent, skill); sa != sb {
		return sa
	}
	// Compare load shares without floats: a.Assigned/a.Cap vs b.Assigned/b.Cap.
	if x, y := a.Assigned*b.Agent.Capacity, b.Assigned*a.Agent.Capacity; x != y {
		return x < y
	}
	return a.Agent.ID < b.Agent.ID
}

// reason says why c was chosen, most decisive rule first.
func reason(conv parley.Conversation, r Rules, c Candidate, wait time.Duration) string {
	var parts []string
	switch {
	case conv.Language == "":
	case len(c.Agent.Languages) == 0:
		parts = append(parts, "answers any language")
	case speaks(c.Agent, conv.Language):
		parts = append(parts, "speaks "+conv.Language)
	case wait > 0:
		parts = append(parts, fmt.Sprintf("nobody speaking %s free within %s", conv.Language, wait))
	default:
		parts = append(parts, "nobody speaking "+conv.Language+" free")
	}
	if hasSkill(c.Agent, r.Skill) {
		parts = append(parts, "skill "+r.Skill)
	}
	if conv.Team != "" {
		parts = append(parts, "team "+conv.Team)
	}
	parts = append(parts, fmt.Sprintf("least busy %d/%d", c.Assigned, c.Agent.Capacity))
	return strings.Join(parts, "; ")
}

// speaks compares base languages: an agent listing "pt" speaks "pt-BR".
func speaks(a parley.Agent, lang string) bool {
	if lang == "" || len(a.Languages) == 0 || slices.Contains(a.Languages, lang) {
		return true
	}
	base, _, _ := strings.Cut(lang, "-")
	return slices.ContainsFunc(a.Languages, func(l string) bool {
		b, _, _ := strings.Cut(l, "-")
		return strings.EqualFold(b, base)
	})
}

func hasSkill(a parley.Agent, skill string) bool {
	return skill != "" && slices.Contains(a.Skills, skill)
}
