package handoff

import (
	"slices"

	"github.com/parley-chat/parley"
)

// Candidate is an agent as routing sees them: presence and current load.
type Candidate struct {
	Agent    parley.Agent
	Presence parley.Presence
	Assigned int // conversations assigned now
}

// free is how many more conversations the agent can take.
func (c Candidate) free() int { return c.Agent.Capacity - c.Assigned }

// Pick chooses who gets a queued conversation: online agents of its team
// with free capacity, preferring those who speak its language, then the
// least busy (by share of capacity used), then the lowest id so the choice
// is deterministic. ok is false when nobody can take it now.
func Pick(conv parley.Conversation, cands []Candidate) (parley.Agent, bool) {
	best := -1
	for i, c := range cands {
		if c.Presence != parley.PresenceOnline || c.free() <= 0 {
			continue
		}
		if conv.Team != "" && !slices.Contains(c.Agent.Teams, conv.Team) {
			continue
		}
		if best < 0 || better(conv, c, cands[best]) {
			best = i
		}
	}
	if best < 0 {
		return parley.Agent{}, false
	}
	return cands[best].Agent, true
}

func better(conv parley.Conversation, a, b Candidate) bool {
	la, lb := speaks(a.Agent, conv.Language), speaks(b.Agent, conv.Language)
	if la != lb {
		return la
	}
	// Compare load shares without floats: a.Assigned/a.Cap vs b.Assigned/b.Cap.
	if x, y := a.Assigned*b.Agent.Capacity, b.Assigned*a.Agent.Capacity; x != y {
		return x < y
	}
	return a.Agent.ID < b.Agent.ID
}

func speaks(a parley.Agent, lang string) bool {
	return lang == "" || len(a.Languages) == 0 || slices.Contains(a.Languages, lang)
}
