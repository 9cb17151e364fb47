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
	tests := []struct {
		name  string
		conv  parley.Conversation
		cands []Candidate
		want  string // "" = nobody
	}{
		{"team first", parley.Conversation{Team: "billing", Language: "en"},
			[]Candidate{{l1en, parley.PresenceOnline, 0}, {billing, parley.PresenceOnline, 4}}, "c-bill"},
		{"language before load", parley.Conversation{Team: "l1", Language: "ru"},
			[]Candidate{{l1en, parley.PresenceOnline, 0}, {l1ru, parley.PresenceOnline, 2}}, "a-ru"},
		{"least busy", parley.Conversation{Team: "l1", Language: "en"},
			[]Candidate{{l1ru, parley.PresenceOnline, 2}, {l1en, parley.PresenceOnline, 1}}, "b-en"},
		{"away and full agents are skipped", parley.Conversation{Team: "l1", Language: "en"},
			[]Candidate{{l1ru, parley.PresenceAway, 0}, {l1en, parley.PresenceOnline, 3}}, ""},
		{"no team: anyone", parley.Conversation{Language: "fa"},
			[]Candidate{{billing, parley.PresenceOnline, 1}, {l1en, parley.PresenceOffline, 0}}, "c-bill"},
		{"tie broken by id", parley.Conversation{Team: "l1"},
			[]Candidate{{l1en, parley.PresenceOnline, 1}, {l1ru, parley.PresenceOnline, 1}}, "a-ru"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Pick(tt.conv, tt.cands)
			if (tt.want == "") == ok || got.ID != tt.want {
				t.Fatalf("picked %q (ok=%v), want %q", got.ID, ok, tt.want)
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
