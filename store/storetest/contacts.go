package storetest

import (
	"reflect"
	"testing"

	"github.com/parley-chat/parley"
)

var contactTests = []test{
	{"PatchSegmentOnlyRises", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		id := sess.Contact.ID
		steps := []struct {
			patch parley.Segment
			want  parley.Segment
		}{
			{"", parley.SegmentVisitor},
			{parley.SegmentLead, parley.SegmentLead},
			{parley.SegmentVisitor, parley.SegmentLead},
			{parley.SegmentUser, parley.SegmentUser},
			{parley.SegmentLead, parley.SegmentUser},
			{parley.SegmentVisitor, parley.SegmentUser},
		}
		for i, st := range steps {
			got, err := s.UpdateContact(ctx(t), id, parley.ContactPatch{Segment: st.patch})
			if err != nil {
				t.Fatalf("step %d: UpdateContact: %v", i, err)
			}
			if got.Segment != st.want {
				t.Fatalf("step %d: patch %q gave segment %q, want %q", i, st.patch, got.Segment, st.want)
			}
			stored, err := s.Contact(ctx(t), id)
			if err != nil || stored.Segment != st.want {
				t.Fatalf("step %d: stored segment %q (%v), want %q", i, stored.Segment, err, st.want)
			}
		}
	}},
	{"PatchMergesFields", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		id := sess.Contact.ID
		_, err := s.UpdateContact(ctx(t), id, parley.ContactPatch{Email: "a@example.com", Name: "Ali", Locale: "fa",
			Attributes: map[string]any{"plan": "free", "country": "IR", "nested": map[string]any{"a": 1.0}}})
		if err != nil {
			t.Fatalf("UpdateContact: %v", err)
		}
		got, err := s.UpdateContact(ctx(t), id, parley.ContactPatch{Name: "علی",
			Attributes: map[string]any{"plan": "pro", "seats": 12.0}})
		if err != nil {
			t.Fatalf("UpdateContact 2: %v", err)
		}
		want := sess.Contact
		want.Email, want.Name, want.Locale = "a@example.com", "علی", "fa"
		want.Attributes = map[string]any{"plan": "pro", "country": "IR", "seats": 12.0, "nested": map[string]any{"a": 1.0}}
		want.UpdatedAt = got.UpdatedAt
		if !reflect.DeepEqual(got, want) {
			t.Errorf("UpdateContact = %+v\nwant %+v", got, want)
		}
		if got.UpdatedAt.Before(got.CreatedAt) {
			t.Errorf("UpdatedAt %v before CreatedAt %v", got.UpdatedAt, got.CreatedAt)
		}
		wantUTC(t, "UpdatedAt", got.UpdatedAt)
		stored, err := s.Contact(ctx(t), id)
		if err != nil || !reflect.DeepEqual(stored, got) {
			t.Errorf("Contact = %+v, %v\nwant %+v", stored, err, got)
		}
	}},
	{"PatchRefusesBadInput", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		_, err := s.UpdateContact(ctx(t), sess.Contact.ID, parley.ContactPatch{Segment: "vip"})
		wantCode(t, err, parley.EINVALID)
		_, err = s.UpdateContact(ctx(t), sess.Contact.ID, parley.ContactPatch{Name: "bad\xff"})
		wantCode(t, err, parley.EINVALID)
		_, err = s.UpdateContact(ctx(t), parley.NewID(), parley.ContactPatch{Name: "x"})
		wantNotFound(t, "UpdateContact unknown", err)
		_, err = s.Contact(ctx(t), parley.NewID())
		wantNotFound(t, "Contact unknown", err)
	}},
	{"ConcurrentPatchesKeepEveryKey", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		const n = 20
		race(n, func(i int) {
			key := string(rune('a' + i))
			if _, err := s.UpdateContact(ctx(t), sess.Contact.ID, parley.ContactPatch{Attributes: map[string]any{key: float64(i)}}); err != nil {
				t.Errorf("UpdateContact %d: %v", i, err)
			}
		})
		got, err := s.Contact(ctx(t), sess.Contact.ID)
		if err != nil || len(got.Attributes) != n {
			t.Fatalf("after %d concurrent merges: %v (%v), want %d keys", n, got.Attributes, err, n)
		}
	}},
}
