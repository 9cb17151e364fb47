package parley

import (
	"strings"
	"time"
)

// Agent limits.
const (
	DefaultCapacity = 3   // Agent.Capacity when zero
	MaxCapacity     = 100 // the most conversations an agent holds at once
	MaxEmailLen     = 254
)

// EmailKey is the case-insensitive form of an email address that agents are
// unique on and found by. Lower-casing here, not in SQL, makes every store
// agree on non-ASCII addresses.
func EmailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// Canonical checks an agent before it is stored and returns it normalised:
// email trimmed (it needs an '@'), an empty role agent, a zero capacity
// DefaultCapacity (else 1..MaxCapacity), languages canonical tags, teams and
// skills without empty entries, empty lists nil.
func (a Agent) Canonical() (Agent, error) {
	a.Email = strings.TrimSpace(a.Email)
	if a.Email == "" || len(a.Email) > MaxEmailLen || !strings.Contains(a.Email, "@") {
		return a, Errorf(EINVALID, "agent email %q is not an address", a.Email)
	}
	if err := validTexts("email", a.Email, "name", a.Name); err != nil {
		return a, err
	}
	switch a.Role {
	case "":
		a.Role = RoleAgent
	case RoleAgent, RoleAdmin:
	default:
		return a, Errorf(EINVALID, "unknown role %q", a.Role)
	}
	if a.Capacity == 0 {
		a.Capacity = DefaultCapacity
	}
	if a.Capacity < 1 || a.Capacity > MaxCapacity {
		return a, Errorf(EINVALID, "capacity %d outside 1..%d", a.Capacity, MaxCapacity)
	}
	var err error
	if a.Languages, err = LanguageTags(a.Languages); err != nil {
		return a, err
	}
	for _, list := range [][]string{a.Teams, a.Skills} {
		for _, s := range list {
			if err := validText("team or skill", s); err != nil || s == "" {
				return a, Errorf(EINVALID, "team or skill %q is empty or not text", s)
			}
		}
	}
	if len(a.Teams) == 0 {
		a.Teams = nil
	}
	if len(a.Skills) == 0 {
		a.Skills = nil
	}
	return a, nil
}

// Validate refuses an unknown agent state.
func (s AgentState) Validate() error {
	switch s {
	case AgentActive, AgentDisabled, AgentDeleted:
		return nil
	}
	return Errorf(EINVALID, "unknown agent state %q (want \"\", disabled or deleted)", s)
}

// ChangeState returns a in state s: an unknown state is EINVALID, and a
// deleted agent is final (ECONFLICT).
func (a Agent) ChangeState(s AgentState) (Agent, error) {
	if err := s.Validate(); err != nil {
		return a, err
	}
	if a.State == AgentDeleted {
		return a, Errorf(ECONFLICT, "agent is deleted; create another agent")
	}
	a.State = s
	return a, nil
}

// CanSignIn refuses a session for an agent who may not sign in (disabled or
// deleted).
func (a Agent) CanSignIn() error {
	if !a.Active() {
		return Errorf(ECONFLICT, "agent is %s", a.State)
	}
	return nil
}

// Validate checks what a store needs of a team: a key, texts any store can
// keep and weekdays in range. The hours' meaning (times, zone, shifts in
// order) is handoff.NewHours's to check before they are put.
func (t Team) Validate() error {
	if t.Key == "" {
		return Errorf(EINVALID, "team without key")
	}
	h := t.Hours
	if err := validTexts("team key", t.Key, "team name", t.Name, "time zone", h.TimeZone); err != nil {
		return err
	}
	for day, shifts := range h.Weekly {
		if day < time.Sunday || day > time.Saturday {
			return Errorf(EINVALID, "weekday %d out of range", day)
		}
		for _, s := range shifts {
			if err := validTexts("shift start", s.From, "shift end", s.To); err != nil {
				return err
			}
		}
	}
	for _, d := range h.Holidays {
		if err := validText("holiday", d); err != nil {
			return err
		}
	}
	return nil
}

// ValidSLAPolicies checks a set of policies: known urgency and segment (or
// empty, matching any), no negative target (zero is none), and one policy
// per urgency and segment, so a conversation never matches two equally.
func ValidSLAPolicies(ps []SLAPolicy) error {
	seen := map[[2]string]bool{}
	for _, p := range ps {
		if err := validUrgency(p.Urgency); err != nil {
			return err
		}
		if p.Segment != "" && !p.Segment.Valid() {
			return Errorf(EINVALID, "unknown segment %q", p.Segment)
		}
		if p.FirstResponse < 0 || p.NextResponse < 0 || p.Resolution < 0 {
			return Errorf(EINVALID, "negative SLA target")
		}
		k := [2]string{string(p.Urgency), string(p.Segment)}
		if seen[k] {
			return Errorf(EINVALID, "two SLA policies for urgency %q and segment %q", p.Urgency, p.Segment)
		}
		seen[k] = true
	}
	return nil
}
