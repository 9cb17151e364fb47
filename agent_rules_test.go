package parley

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestAgentCanonical(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   Agent
		want Agent
		code string
	}{
		{"defaults", Agent{Email: "  ana@example.com "},
			Agent{Email: "ana@example.com", Role: RoleAgent, Capacity: DefaultCapacity}, ""},
		{"kept and canonical", Agent{Email: "a@b", Role: RoleAdmin, Capacity: 7, Languages: []string{"SR-latn"}, Teams: []string{"l2"}, Skills: []string{}},
			Agent{Email: "a@b", Role: RoleAdmin, Capacity: 7, Languages: []string{"sr-Latn"}, Teams: []string{"l2"}}, ""},
		{"no at", Agent{Email: "ana"}, Agent{}, EINVALID},
		{"long email", Agent{Email: strings.Repeat("a", MaxEmailLen) + "@b"}, Agent{}, EINVALID},
		{"unknown role", Agent{Email: "a@b", Role: "owner"}, Agent{}, EINVALID},
		{"capacity over", Agent{Email: "a@b", Capacity: MaxCapacity + 1}, Agent{}, EINVALID},
		{"capacity negative", Agent{Email: "a@b", Capacity: -1}, Agent{}, EINVALID},
		{"bad language", Agent{Email: "a@b", Languages: []string{"english"}}, Agent{}, EINVALID},
		{"empty team", Agent{Email: "a@b", Teams: []string{""}}, Agent{}, EINVALID},
		{"NUL in a skill", Agent{Email: "a@b", Skills: []string{"s\x00"}}, Agent{}, EINVALID},
		{"NUL in the name", Agent{Email: "a@b", Name: "\x00"}, Agent{}, EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.in.Canonical()
			if code(err) != tc.code {
				t.Fatalf("Canonical: %v, want code %q", err, tc.code)
			}
			if err == nil && !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Canonical = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestAgentStates(t *testing.T) {
	for _, tc := range []struct {
		name     string
		from, to AgentState
		code     string
	}{
		{"disable", AgentActive, AgentDisabled, ""},
		{"enable", AgentDisabled, AgentActive, ""},
		{"delete", AgentDisabled, AgentDeleted, ""},
		{"deleted is final", AgentDeleted, AgentActive, ECONFLICT},
		{"unknown", AgentActive, "gone", EINVALID},
	} {
		got, err := Agent{State: tc.from}.ChangeState(tc.to)
		if code(err) != tc.code || (err == nil && got.State != tc.to) {
			t.Errorf("%s: ChangeState = %+v, %v; want code %q", tc.name, got, err, tc.code)
		}
	}
	if err := (Agent{}).CanSignIn(); err != nil {
		t.Errorf("an active agent may not sign in: %v", err)
	}
	for _, st := range []AgentState{AgentDisabled, AgentDeleted} {
		if err := (Agent{State: st}).CanSignIn(); ErrorCode(err) != ECONFLICT {
			t.Errorf("%s agent signs in: %v", st, err)
		}
	}
}

func TestEmailKey(t *testing.T) {
	for in, want := range map[string]string{" Ана@Example.COM ": "ана@example.com", "A@B": "a@b", "ß@x": "ß@x"} {
		if got := EmailKey(in); got != want {
			t.Errorf("EmailKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTeamValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		t    Team
		code string
	}{
		{"always open", Team{Key: "l1"}, ""},
		{"hours", Team{Key: "l1", Hours: BusinessHours{TimeZone: "Europe/Belgrade",
			Weekly: map[time.Weekday][]Shift{time.Monday: {{From: "09:00", To: "17:00"}}}, Holidays: []string{"2026-01-07"}}}, ""},
		{"no key", Team{Name: "General"}, EINVALID},
		{"weekday out of range", Team{Key: "l1", Hours: BusinessHours{Weekly: map[time.Weekday][]Shift{7: nil}}}, EINVALID},
		{"NUL in a shift", Team{Key: "l1", Hours: BusinessHours{Weekly: map[time.Weekday][]Shift{time.Monday: {{From: "\x00"}}}}}, EINVALID},
		{"bad holiday", Team{Key: "l1", Hours: BusinessHours{Holidays: []string{"\xff"}}}, EINVALID},
	} {
		if err := tc.t.Validate(); code(err) != tc.code {
			t.Errorf("%s: %v, want code %q", tc.name, err, tc.code)
		}
	}
}

func TestValidSLAPolicies(t *testing.T) {
	for _, tc := range []struct {
		name string
		ps   []SLAPolicy
		code string
	}{
		{"none", nil, ""},
		{"two", []SLAPolicy{{Urgency: UrgencyHigh, FirstResponse: time.Minute}, {Urgency: UrgencyHigh, Segment: SegmentUser}}, ""},
		{"duplicate", []SLAPolicy{{Urgency: UrgencyHigh}, {Urgency: UrgencyHigh}}, EINVALID},
		{"unknown urgency", []SLAPolicy{{Urgency: "asap"}}, EINVALID},
		{"unknown segment", []SLAPolicy{{Segment: "vip"}}, EINVALID},
		{"negative", []SLAPolicy{{Resolution: -time.Second}}, EINVALID},
	} {
		if err := ValidSLAPolicies(tc.ps); code(err) != tc.code {
			t.Errorf("%s: %v, want code %q", tc.name, err, tc.code)
		}
	}
}
