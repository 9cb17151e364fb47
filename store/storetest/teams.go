package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

var teamTests = []test{
	{"PutAndRead", func(t *testing.T, s Store) {
		if all, err := s.Teams(ctx(t)); err != nil || all != nil {
			t.Fatalf("Teams of an empty store = %+v, %v; want none", all, err)
		}
		l2 := parley.Team{Key: "l2", Name: "Техподдержка", Hours: parley.BusinessHours{
			TimeZone: "Europe/Belgrade",
			Weekly: map[time.Weekday][]parley.Shift{
				time.Monday:   {{From: "09:00", To: "12:00"}, {From: "13:00", To: "17:30"}},
				time.Saturday: {{From: "10:00", To: "14:00"}},
				time.Sunday:   {},
			},
			Holidays: []string{"2025-01-07", "2025-05-01"},
		}}
		got, err := s.PutTeam(ctx(t), l2)
		if err != nil {
			t.Fatalf("PutTeam: %v", err)
		}
		want := l2
		want.ID = got.ID
		if got.ID == "" || !reflect.DeepEqual(got, want) {
			t.Fatalf("PutTeam = %+v, want %+v with an id", got, want)
		}
		l1, err := s.PutTeam(ctx(t), parley.Team{ID: "ignored", Key: "L1", Hours: parley.BusinessHours{Holidays: []string{}}})
		if err != nil || l1.ID == "ignored" || l1.ID == "" || l1.Hours.Weekly != nil || l1.Hours.Holidays != nil || l1.Hours.TimeZone != "" {
			t.Fatalf("PutTeam(L1) = %+v, %v; want a new id and empty hours (24/7)", l1, err)
		}
		if tm, err := s.Team(ctx(t), "l2"); err != nil || !reflect.DeepEqual(tm, want) {
			t.Errorf("Team(l2) = %+v, %v; want %+v", tm, err, want)
		}
		if all, err := s.Teams(ctx(t)); err != nil || len(all) != 2 || all[0].Key != "L1" || !reflect.DeepEqual(all[1], want) {
			t.Errorf("Teams = %+v, %v; want L1 then l2 (byte order)", all, err)
		}
		_, err = s.Team(ctx(t), "L2")
		wantNotFound(t, "Team(L2)", err)
	}},
	{"PutUpdatesByKey", func(t *testing.T, s Store) {
		first, err := s.PutTeam(ctx(t), parley.Team{Key: "billing", Name: "Billing", Hours: parley.BusinessHours{TimeZone: "UTC",
			Weekly: map[time.Weekday][]parley.Shift{time.Friday: {{From: "08:00", To: "16:00"}}}}})
		if err != nil {
			t.Fatalf("PutTeam: %v", err)
		}
		second, err := s.PutTeam(ctx(t), parley.Team{ID: parley.NewID(), Key: "billing", Name: "Billing & refunds"})
		want := parley.Team{ID: first.ID, Key: "billing", Name: "Billing & refunds"}
		if err != nil || !reflect.DeepEqual(second, want) {
			t.Fatalf("PutTeam again = %+v, %v; want %+v (id kept, hours replaced)", second, err, want)
		}
		if all, err := s.Teams(ctx(t)); err != nil || len(all) != 1 || !reflect.DeepEqual(all[0], want) {
			t.Errorf("Teams = %+v, %v; want only %+v", all, err, want)
		}
		for i, bad := range []parley.Team{{}, {Key: "k\x00"}, {Key: "k", Name: "\xff"},
			{Key: "k", Hours: parley.BusinessHours{Weekly: map[time.Weekday][]parley.Shift{7: {{From: "09:00", To: "10:00"}}}}},
			{Key: "k", Hours: parley.BusinessHours{Holidays: []string{"\xff"}}}} {
			if _, err := s.PutTeam(ctx(t), bad); parley.ErrorCode(err) != parley.EINVALID {
				t.Errorf("case %d: PutTeam(%+v) = %v, want EINVALID", i, bad, err)
			}
		}
	}},
	{"SLAPolicies", func(t *testing.T, s Store) {
		if ps, err := s.SLAPolicies(ctx(t)); err != nil || ps != nil {
			t.Fatalf("SLAPolicies of an empty store = %+v, %v; want none", ps, err)
		}
		ps := []parley.SLAPolicy{
			{Urgency: parley.UrgencyCritical, FirstResponse: 5 * time.Minute, NextResponse: 10 * time.Minute, Resolution: 4 * time.Hour},
			{Urgency: parley.UrgencyHigh, Segment: parley.SegmentUser, FirstResponse: 30*time.Minute + 1, BusinessHours: true},
			{FirstResponse: 8 * time.Hour, NextResponse: 24 * time.Hour, Resolution: 72 * time.Hour, BusinessHours: true},
		}
		if err := s.PutSLAPolicies(ctx(t), ps); err != nil {
			t.Fatalf("PutSLAPolicies: %v", err)
		}
		if got, err := s.SLAPolicies(ctx(t)); err != nil || !reflect.DeepEqual(got, ps) {
			t.Fatalf("SLAPolicies = %+v, %v; want %+v in that order", got, err, ps)
		}
		for i, bad := range [][]parley.SLAPolicy{
			{{Urgency: "urgent"}}, {{Segment: "vip"}}, {{FirstResponse: -time.Second}},
			{{Urgency: parley.UrgencyHigh}, {Urgency: parley.UrgencyHigh, Resolution: time.Hour}},
		} {
			if err := s.PutSLAPolicies(ctx(t), bad); parley.ErrorCode(err) != parley.EINVALID {
				t.Errorf("case %d: PutSLAPolicies(%+v) = %v, want EINVALID", i, bad, err)
			}
		}
		if got, err := s.SLAPolicies(ctx(t)); err != nil || !reflect.DeepEqual(got, ps) {
			t.Fatalf("SLAPolicies after refusals = %+v, %v; want them unchanged", got, err)
		}
		replaced := []parley.SLAPolicy{ps[2], {Urgency: parley.UrgencyLow, Segment: parley.SegmentLead, Resolution: time.Hour}}
		if err := s.PutSLAPolicies(ctx(t), replaced); err != nil {
			t.Fatalf("PutSLAPolicies again: %v", err)
		}
		if got, err := s.SLAPolicies(ctx(t)); err != nil || !reflect.DeepEqual(got, replaced) {
			t.Fatalf("SLAPolicies after replace = %+v, %v; want %+v", got, err, replaced)
		}
		race(4, func(i int) {
			if err := s.PutSLAPolicies(ctx(t), ps[:i%3+1]); err != nil {
				t.Errorf("racing PutSLAPolicies: %v", err)
			}
		})
		if got, err := s.SLAPolicies(ctx(t)); err != nil || len(got) == 0 || !reflect.DeepEqual(got, ps[:len(got)]) {
			t.Errorf("after racing puts: %+v, %v; want one put's policies whole", got, err)
		}
		if err := s.PutSLAPolicies(ctx(t), nil); err != nil {
			t.Fatalf("PutSLAPolicies(nil): %v", err)
		}
		if got, err := s.SLAPolicies(ctx(t)); err != nil || got != nil {
			t.Errorf("SLAPolicies after clearing = %+v, %v", got, err)
		}
	}},
}
