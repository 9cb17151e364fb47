package handoff

import (
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

func agent(id string, capacity int, teams, langs []string) parley.Agent {
	return parley.Agent{ID: id, Capacity: capacity, Teams: teams, Languages: langs}
}

func TestPick(t *testing.T) {
	l1ru := agent("a-ru", 3, []string{"l1"}, []string{"ru", "en"})
	l1en := agent("b-en", 3, []string{"l1"}, []string{"en"})
	billing := agent("c-bill", 5, []string{"billing"}, []string{"en", "ru"})
	l1fa := agent("d-fa", 5, []string{"l1"}, []string{"fa", "en"})
	l1any := agent("e-any", 5, []string{"l1"}, nil)
	l1pt := agent("f-pt", 5, []string{"l1"}, []string{"PT"})
	skilled := agent("g-skill", 5, []string{"billing"}, []string{"en"})
	skilled.Skills = []string{"billing_dispute"}
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	queued := func(team, lang string, ago time.Duration) parley.Conversation {
		return parley.Conversation{Team: team, Language: lang, QueuedAt: now.Add(-ago)}
	}
	on := func(a parley.Agent, n int) Candidate { return Candidate{a, parley.PresenceOnline, n} }
	tests := []struct {
		name   string
		conv   parley.Conversation
		cands  []Candidate
		rules  Rules
		want   string // "" = nobody
		reason string // "" = not checked
	}{
		{"team first", parley.Conversation{Team: "billing", Language: "en"},
			[]Candidate{on(l1en, 0), on(billing, 4)}, Rules{}, "c-bill", "speaks en; team billing; least busy 4/5"},
		{"language before load", parley.Conversation{Team: "l1", Language: "ru"},
			[]Candidate{on(l1en, 0), on(l1ru, 2)}, Rules{}, "a-ru", ""},
		{"least busy", parley.Conversation{Team: "l1", Language: "en"},
			[]Candidate{on(l1ru, 2), on(l1en, 1)}, Rules{}, "b-en", "speaks en; team l1; least busy 1/3"},
		{"away and full agents are skipped", parley.Conversation{Team: "l1", Language: "en"},
			[]Candidate{{l1ru, parley.PresenceAway, 0}, on(l1en, 3)}, Rules{}, "", ""},
		{"no team: anyone", parley.Conversation{Language: "en"},
			[]Candidate{on(billing, 1), {l1en, parley.PresenceOffline, 0}}, Rules{}, "c-bill", "speaks en; least busy 1/5"},
		{"tie broken by id", parley.Conversation{Team: "l1"},
			[]Candidate{on(l1en, 1), on(l1ru, 1)}, Rules{}, "a-ru", "team l1; least busy 1/3"},
		{"nobody speaks it yet: the conversation waits", queued("l1", "fa", 30*time.Second),
			[]Candidate{on(l1en, 0), on(l1ru, 0)}, Rules{Now: now}, "", ""},
		{"a speaker, though busier", queued("l1", "fa", 30*time.Second),
			[]Candidate{on(l1en, 0), on(l1fa, 4)}, Rules{Now: now}, "d-fa", "speaks fa; team l1; least busy 4/5"},
		{"after the wait: anyone on the team", queued("l1", "fa", 3*time.Minute),
			[]Candidate{on(l1ru, 1), on(l1en, 0), on(billing, 0)}, Rules{Now: now}, "b-en", "nobody speaking fa free within 2m0s; team l1; least busy 0/3"},
		{"the wait is configurable", queued("l1", "fa", 30*time.Second),
			[]Candidate{on(l1en, 0)}, Rules{Now: now, LanguageWait: 20 * time.Second}, "b-en", "nobody speaking fa free within 20s; team l1; least busy 0/3"},
		{"no wait: falls back at once", queued("l1", "fa", 0),
			[]Candidate{on(l1en, 0)}, Rules{Now: now, LanguageWait: -1}, "b-en", "nobody speaking fa free; team l1; least busy 0/3"},
		{"a speaker is still preferred after the wait", queued("l1", "fa", time.Hour),
			[]Candidate{on(l1en, 0), on(l1fa, 4)}, Rules{Now: now}, "d-fa", ""},
		{"an agent listing no language answers any", queued("l1", "fa", 0),
			[]Candidate{on(l1en, 0), on(l1any, 2)}, Rules{Now: now}, "e-any", "answers any language; team l1; least busy 2/5"},
		{"base language and case", queued("l1", "pt-BR", 0),
			[]Candidate{on(l1en, 0), on(l1pt, 3)}, Rules{Now: now}, "f-pt", "speaks pt-BR; team l1; least busy 3/5"},
		{"skill before load", queued("billing", "en", 0),
			[]Candidate{on(billing, 0), on(skilled, 3)}, Rules{Now: now, Skill: "billing_dispute"}, "g-skill", "speaks en; skill billing_dispute; team billing; least busy 3/5"},
		{"a skill nobody has holds nothing back", queued("billing", "en", 0),
			[]Candidate{on(billing, 1), on(skilled, 3)}, Rules{Now: now, Skill: "refunds"}, "c-bill", "speaks en; team billing; least busy 1/5"},
		{"language before skill", queued("billing", "ru", 0),
			[]Candidate{on(skilled, 0), on(billing, 4)}, Rules{Now: now, Skill: "billing_dispute"}, "c-bill", ""},
		{"skipped agents are left out", queued("l1", "en", 0),
			[]Candidate{on(l1en, 0), on(l1ru, 2)}, Rules{Now: now, Skip: func(id string) bool { return id == "b-en" }}, "a-ru", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Pick(tt.conv, tt.cands, tt.rules)
			if (tt.want == "") == ok || got.Agent.ID != tt.want {
				t.Fatalf("picked %q (ok=%v), want %q", got.Agent.ID, ok, tt.want)
			}
			if tt.reason != "" && got.Reason != tt.reason {
				t.Errorf("reason %q, want %q", got.Reason, tt.reason)
			}
		})
	}
}

func TestETA(t *testing.T) {
	h := 10 * time.Minute
	tests := []struct {
		pos, online, busy int
		want              time.Duration
		ok                bool
	}{
		{1, 0, 0, 0, false},               // nobody online: no guess
		{1, 4, 2, 30 * time.Second, true}, // a seat is free
		{3, 4, 2, 10 * time.Minute, true}, // first beyond the free seats
		{10, 4, 4, 30 * time.Minute, true},
	}
	for _, tt := range tests {
		got, ok := ETA(tt.pos, tt.online, tt.busy, h)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ETA(pos %d, online %d, busy %d) = %s %v, want %s %v", tt.pos, tt.online, tt.busy, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSLAPolicyAndDues(t *testing.T) {
	ps := []parley.SLAPolicy{
		{FirstResponse: time.Hour, Resolution: 24 * time.Hour},
		{Urgency: parley.UrgencyCritical, FirstResponse: 5 * time.Minute, Resolution: 4 * time.Hour},
		{Urgency: parley.UrgencyCritical, Segment: parley.SegmentUser, FirstResponse: 2 * time.Minute, BusinessHours: true},
	}
	if p, _ := Policy(ps, parley.UrgencyCritical, parley.SegmentUser); p.FirstResponse != 2*time.Minute {
		t.Fatalf("most specific policy not chosen: %+v", p)
	}
	if p, _ := Policy(ps, parley.UrgencyCritical, parley.SegmentLead); p.FirstResponse != 5*time.Minute {
		t.Fatalf("urgency policy not chosen: %+v", p)
	}
	if p, _ := Policy(ps, parley.UrgencyLow, parley.SegmentLead); p.FirstResponse != time.Hour {
		t.Fatalf("default policy not chosen: %+v", p)
	}
	h := mustHours(t, belgrade)
	start := at(t, "2026-11-27 16:59") // Friday, a minute before closing
	first, res := Dues(parley.SLAPolicy{FirstResponse: 2 * time.Minute, BusinessHours: true}, h, start)
	if !first.Equal(at(t, "2026-11-30 09:01")) || !res.IsZero() {
		t.Fatalf("business-hours due %s, resolution %s", first, res)
	}
	if first, _ := Dues(parley.SLAPolicy{FirstResponse: 2 * time.Minute}, h, start); !first.Equal(start.Add(2 * time.Minute)) {
		t.Fatalf("calendar due %s", first)
	}
}
