package codec

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/parley-chat/parley"
)

// AgentLists holds the stored JSON forms of an agent's lists.
type AgentLists struct{ Teams, Languages, Skills []byte }

// Lists returns the stored forms of an agent's lists (checked by
// parley.Agent.Canonical).
func Lists(a parley.Agent) AgentLists {
	return AgentLists{Teams: Origins(a.Teams), Languages: Origins(a.Languages), Skills: Origins(a.Skills)}
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

// DeletedEmailKey is a deleted agent's email_key: unique, never an email
// (no '@'), so the address is free for a new agent.
func DeletedEmailKey(id string) string { return "deleted:" + id }

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

// Hours returns the stored form of a team's business hours (checked by
// parley.Team.Validate). A day without shifts is closed: kept, not dropped.
func Hours(h parley.BusinessHours) ([]byte, error) {
	j := hoursJSON{TimeZone: h.TimeZone, Holidays: h.Holidays}
	for day, shifts := range h.Weekly {
		if j.Weekly == nil {
			j.Weekly = map[string][]shift{}
		}
		name := strings.ToLower(day.String())
		j.Weekly[name] = []shift{}
		for _, s := range shifts {
			j.Weekly[name] = append(j.Weekly[name], shift(s))
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
