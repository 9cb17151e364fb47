package rules

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/parley-chat/parley"
)

// Agent limits.
const (
	DefaultCapacity = 3
	MaxCapacity     = 100
	MaxEmailLen     = 254
)

// EmailKey is the case-insensitive form of an email address that agents are
// unique on and found by. Lower-casing in Go, not SQL, makes both stores
// agree on non-ASCII addresses.
func EmailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// AgentLists holds the stored JSON forms of an agent's lists.
type AgentLists struct{ Teams, Languages, Skills []byte }

// Agent checks an agent before it is stored and normalises it: email
// trimmed, empty role agent, zero capacity DefaultCapacity, languages
// canonical. It returns the lists' JSON forms.
func Agent(a parley.Agent) (parley.Agent, AgentLists, error) {
	var l AgentLists
	a.Email = strings.TrimSpace(a.Email)
	if a.Email == "" || len(a.Email) > MaxEmailLen || !strings.Contains(a.Email, "@") {
		return a, l, parley.Errorf(parley.EINVALID, "agent email %q is not an address", a.Email)
	}
	if err := Texts("email", a.Email, "name", a.Name); err != nil {
		return a, l, err
	}
	switch a.Role {
	case "":
		a.Role = parley.RoleAgent
	case parley.RoleAgent, parley.RoleAdmin:
	default:
		return a, l, parley.Errorf(parley.EINVALID, "unknown role %q", a.Role)
	}
	if a.Capacity == 0 {
		a.Capacity = DefaultCapacity
	}
	if a.Capacity < 1 || a.Capacity > MaxCapacity {
		return a, l, parley.Errorf(parley.EINVALID, "capacity %d outside 1..%d", a.Capacity, MaxCapacity)
	}
	var err error
	if a.Languages, err = Languages(a.Languages); err != nil {
		return a, l, err
	}
	for _, list := range [][]string{a.Teams, a.Skills} {
		for _, s := range list {
			if err := Text("team or skill", s); err != nil || s == "" {
				return a, l, parley.Errorf(parley.EINVALID, "team or skill %q is empty or not text", s)
			}
		}
	}
	if len(a.Teams) == 0 {
		a.Teams = nil
	}
	if len(a.Skills) == 0 {
		a.Skills = nil
	}
	l = AgentLists{Teams: Origins(a.Teams), Languages: Origins(a.Languages), Skills: Origins(a.Skills)}
	return a, l, nil
}

// ParseAgentLists reads an agent's stored lists; empty lists are nil.
func ParseAgentLists(a *parley.Agent, teams, languages, skills []byte) error {
	var err error
	if a.Teams, err = ParseOrigins(teams); err != nil {
		return fmt.Errorf("agent teams: %w", err)
	}
	if a.Languages, err = ParseOrigins(languages); err != nil {
		return fmt.Errorf("agent languages: %w", err)
	}
	if a.Skills, err = ParseOrigins(skills); err != nil {
		return fmt.Errorf("agent skills: %w", err)
	}
	return nil
}

// Languages checks and canonicalises a list of language tags (see Language);
// an empty entry is refused.
func Languages(ls []string) ([]string, error) {
	if len(ls) == 0 {
		return nil, nil
	}
	out := make([]string, len(ls))
	for i, l := range ls {
		c, err := Language(l)
		if err != nil {
			return nil, err
		}
		if c == "" {
			return nil, parley.Errorf(parley.EINVALID, "empty language in a list")
		}
		out[i] = c
	}
	return out, nil
}

// hoursJSON is the stored form of business hours; weekdays are named, so the
// JSON reads well and does not depend on Go's field names.
type hoursJSON struct {
	TimeZone string             `json:"time_zone,omitempty"`
	Weekly   map[string][]shift `json:"weekly,omitempty"`
	Holidays []string           `json:"holidays,omitempty"`
}

type shift struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Team checks a team and returns its hours' JSON form. Only what the store
// needs is checked (text, weekdays); handoff.NewHours validates the hours'
// meaning before they are put.
func Team(t parley.Team) ([]byte, error) {
	if t.Key == "" {
		return nil, parley.Errorf(parley.EINVALID, "team without key")
	}
	h := t.Hours
	if err := Texts("team key", t.Key, "team name", t.Name, "time zone", h.TimeZone); err != nil {
		return nil, err
	}
	j := hoursJSON{TimeZone: h.TimeZone, Holidays: h.Holidays}
	for day, shifts := range h.Weekly {
		if day < time.Sunday || day > time.Saturday {
			return nil, parley.Errorf(parley.EINVALID, "weekday %d out of range", day)
		}
		if j.Weekly == nil {
			j.Weekly = map[string][]shift{}
		}
		name := strings.ToLower(day.String())
		j.Weekly[name] = []shift{} // a day without shifts is closed: kept, not dropped
		for _, s := range shifts {
			if err := Texts("shift start", s.From, "shift end", s.To); err != nil {
				return nil, err
			}
			j.Weekly[name] = append(j.Weekly[name], shift(s))
		}
	}
	for _, d := range h.Holidays {
		if err := Text("holiday", d); err != nil {
			return nil, err
		}
	}
	b, err := json.Marshal(j)
	if err != nil {
		return nil, fmt.Errorf("business hours: %w", err)
	}
	return b, nil
}

// ParseHours reads stored business hours; empty parts are nil.
func ParseHours(b []byte) (parley.BusinessHours, error) {
	var j hoursJSON
	var h parley.BusinessHours
	if len(b) == 0 {
		return h, nil
	}
	if err := json.Unmarshal(b, &j); err != nil {
		return h, fmt.Errorf("business hours: %w", err)
	}
	h.TimeZone = j.TimeZone
	if len(j.Holidays) > 0 {
		h.Holidays = j.Holidays
	}
	for day := time.Sunday; day <= time.Saturday; day++ {
		shifts, ok := j.Weekly[strings.ToLower(day.String())]
		if !ok {
			continue
		}
		if h.Weekly == nil {
			h.Weekly = map[time.Weekday][]parley.Shift{}
		}
		h.Weekly[day] = []parley.Shift{}
		for _, s := range shifts {
			h.Weekly[day] = append(h.Weekly[day], parley.Shift(s))
		}
	}
	return h, nil
}

// SLAPolicies checks a set of policies: known urgency and segment (or empty,
// matching any), no negative target (zero is none), and one policy per
// urgency and segment, so a conversation never matches two equally.
func SLAPolicies(ps []parley.SLAPolicy) error {
	seen := map[[2]string]bool{}
	for _, p := range ps {
		switch p.Urgency {
		case "", parley.UrgencyLow, parley.UrgencyNormal, parley.UrgencyHigh, parley.UrgencyCritical:
		default:
			return parley.Errorf(parley.EINVALID, "unknown urgency %q", p.Urgency)
		}
		if p.Segment != "" && !p.Segment.Valid() {
			return parley.Errorf(parley.EINVALID, "unknown segment %q", p.Segment)
		}
		if p.FirstResponse < 0 || p.NextResponse < 0 || p.Resolution < 0 {
			return parley.Errorf(parley.EINVALID, "negative SLA target")
		}
		k := [2]string{string(p.Urgency), string(p.Segment)}
		if seen[k] {
			return parley.Errorf(parley.EINVALID, "two SLA policies for urgency %q and segment %q", p.Urgency, p.Segment)
		}
		seen[k] = true
	}
	return nil
}

// AgentState checks a state for SetAgentState.
func AgentState(st parley.AgentState) error {
	switch st {
	case parley.AgentActive, parley.AgentDisabled, parley.AgentDeleted:
		return nil
	}
	return parley.Errorf(parley.EINVALID, "unknown agent state %q (want \"\", disabled or deleted)", st)
}

// StateChange refuses changing a deleted agent: deletion is final.
func StateChange(current parley.AgentState) error {
	if current == parley.AgentDeleted {
		return parley.Errorf(parley.ECONFLICT, "agent is deleted; create another agent")
	}
	return nil
}

// DeletedEmailKey is a deleted agent's email_key: unique, never an email
// (no '@'), so the address is free for a new agent.
func DeletedEmailKey(id string) string { return "deleted:" + id }

// SignIn refuses a session for an agent who may not sign in.
func SignIn(a parley.Agent) error {
	if !a.Active() {
		return parley.Errorf(parley.ECONFLICT, "agent is %s", a.State)
	}
	return nil
}
