package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

var sessionTests = []test{
	{"CreateAndFindByToken", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		tok, sess := mustSession(t, s, site.ID)
		c, conv := sess.Contact, sess.Conversation
		if c.ID == "" || c.SiteID != site.ID || c.Segment != parley.SegmentVisitor || c.UserID != "" {
			t.Errorf("contact = %+v", c)
		}
		if conv.ID == "" || conv.ID == c.ID || conv.SiteID != site.ID || conv.ContactID != c.ID ||
			conv.Mode != parley.ModeBot || conv.LastSeq != 0 {
			t.Errorf("conversation = %+v", conv)
		}
		for name, ts := range map[string]time.Time{"contact created": c.CreatedAt, "contact updated": c.UpdatedAt,
			"conversation created": conv.CreatedAt, "conversation updated": conv.UpdatedAt} {
			wantUTC(t, name, ts)
		}
		got, err := s.SessionByToken(ctx(t), site.ID, tok)
		if err != nil {
			t.Fatalf("SessionByToken: %v", err)
		}
		if !reflect.DeepEqual(got, sess) {
			t.Errorf("SessionByToken = %+v\nwant %+v", got, sess)
		}
		gc, err := s.Contact(ctx(t), c.ID)
		if err != nil || !reflect.DeepEqual(gc, c) {
			t.Errorf("Contact = %+v, %v; want %+v", gc, err, c)
		}
		gv, err := s.Conversation(ctx(t), conv.ID)
		if err != nil || !reflect.DeepEqual(gv, conv) {
			t.Errorf("Conversation = %+v, %v; want %+v", gv, err, conv)
		}
	}},
	{"CreateWithContactFields", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		in := parley.Contact{Segment: parley.SegmentLead, Email: "ana@example.com", Name: "Ана Петровић",
			Locale: "sr", Attributes: map[string]any{"plan": "pro", "seats": 3.0}}
		sess, err := s.CreateSession(ctx(t), site.ID, parley.HashToken(parley.NewToken()), in)
		if err != nil {
			t.Fatalf("CreateSession: %v", err)
		}
		got, err := s.Contact(ctx(t), sess.Contact.ID)
		if err != nil {
			t.Fatalf("Contact: %v", err)
		}
		if got.Segment != in.Segment || got.Email != in.Email || got.Name != in.Name || got.Locale != in.Locale ||
			!reflect.DeepEqual(got.Attributes, in.Attributes) {
			t.Errorf("Contact = %+v, want fields of %+v", got, in)
		}
	}},
	{"CreateRefusesBadInput", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, err := s.CreateSession(ctx(t), parley.NewID(), parley.HashToken(parley.NewToken()), parley.Contact{})
		wantNotFound(t, "unknown site", err)
		_, err = s.CreateSession(ctx(t), site.ID, []byte("plaintext-token"), parley.Contact{})
		wantCode(t, err, parley.EINVALID)
		_, err = s.CreateSession(ctx(t), site.ID, parley.HashToken(parley.NewToken()), parley.Contact{Segment: "vip"})
		wantCode(t, err, parley.EINVALID)
		tok, _ := mustSession(t, s, site.ID)
		_, err = s.CreateSession(ctx(t), site.ID, tok, parley.Contact{})
		wantCode(t, err, parley.ECONFLICT)
	}},
	{"SessionByTokenUnknown", func(t *testing.T, s Store) {
		site, other := mustSite(t, s), mustSite(t, s)
		_, err := s.SessionByToken(ctx(t), site.ID, parley.HashToken(parley.NewToken()))
		wantNotFound(t, "unknown token", err)
		tok, _ := mustSession(t, s, site.ID)
		_, err = s.SessionByToken(ctx(t), other.ID, tok)
		wantNotFound(t, "token of another site", err)
	}},
	{"IdentifyNewUser", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		tok, sess := mustSession(t, s, site.ID)
		_, err := s.UpdateContact(ctx(t), sess.Contact.ID, parley.ContactPatch{Attributes: map[string]any{"page": "/pricing", "plan": "free"}})
		if err != nil {
			t.Fatalf("UpdateContact: %v", err)
		}
		got, err := s.IdentifySession(ctx(t), site.ID, tok, parley.Identity{UserID: "u-1", Email: "u1@example.com",
			Name: "Արամ", Attributes: map[string]any{"plan": "pro"}})
		if err != nil {
			t.Fatalf("IdentifySession: %v", err)
		}
		c := got.Contact
		if c.ID != sess.Contact.ID || c.UserID != "u-1" || c.Segment != parley.SegmentUser || c.Email != "u1@example.com" || c.Name != "Արամ" {
			t.Errorf("identified contact = %+v", c)
		}
		if want := map[string]any{"page": "/pricing", "plan": "pro"}; !reflect.DeepEqual(c.Attributes, want) {
			t.Errorf("attributes = %v, want %v", c.Attributes, want)
		}
		if got.Conversation.ID != sess.Conversation.ID {
			t.Errorf("conversation changed: %s, want %s", got.Conversation.ID, sess.Conversation.ID)
		}
		again, err := s.SessionByToken(ctx(t), site.ID, tok)
		if err != nil || again.Contact.UserID != "u-1" {
			t.Errorf("SessionByToken after identify = %+v, %v", again, err)
		}
	}},
	{"IdentifyExistingUserRebinds", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		tokA, a := mustSession(t, s, site.ID)
		if _, err := s.IdentifySession(ctx(t), site.ID, tokA, parley.Identity{UserID: "u-7"}); err != nil {
			t.Fatalf("IdentifySession A: %v", err)
		}
		hist := mustAppend(t, s, visitorMsg(a.Conversation.ID, "earlier, on another device"))
		tokB, b := mustSession(t, s, site.ID)
		got, err := s.IdentifySession(ctx(t), site.ID, tokB, parley.Identity{UserID: "u-7"})
		if err != nil {
			t.Fatalf("IdentifySession B: %v", err)
		}
		if got.Contact.ID != a.Contact.ID || got.Conversation.ID != a.Conversation.ID || got.Conversation.LastSeq != hist.Seq {
			t.Errorf("session = %+v, want contact %s conversation %s at seq %d", got, a.Contact.ID, a.Conversation.ID, hist.Seq)
		}
		if got.Contact.ID == b.Contact.ID {
			t.Errorf("token B kept its own contact")
		}
		byTok, err := s.SessionByToken(ctx(t), site.ID, tokB)
		if err != nil || byTok.Contact.ID != a.Contact.ID || byTok.Conversation.ID != a.Conversation.ID {
			t.Errorf("SessionByToken B = %+v, %v", byTok, err)
		}
		byTok, err = s.SessionByToken(ctx(t), site.ID, tokA)
		if err != nil || byTok.Contact.ID != a.Contact.ID {
			t.Errorf("SessionByToken A = %+v, %v", byTok, err)
		}
	}},
	{"IdentifyUnknownToken", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		tok := parley.HashToken(parley.NewToken())
		got, err := s.IdentifySession(ctx(t), site.ID, tok, parley.Identity{UserID: "u-new", Email: "n@example.com"})
		if err != nil {
			t.Fatalf("IdentifySession: %v", err)
		}
		if got.Contact.ID == "" || got.Contact.UserID != "u-new" || got.Contact.Segment != parley.SegmentUser ||
			got.Contact.Email != "n@example.com" || got.Conversation.ID == "" || got.Conversation.Mode != parley.ModeBot {
			t.Errorf("session = %+v", got)
		}
		byTok, err := s.SessionByToken(ctx(t), site.ID, tok)
		if err != nil || byTok.Contact.ID != got.Contact.ID || byTok.Conversation.ID != got.Conversation.ID {
			t.Errorf("SessionByToken = %+v, %v", byTok, err)
		}
		second, err := s.IdentifySession(ctx(t), site.ID, parley.HashToken(parley.NewToken()), parley.Identity{UserID: "u-new"})
		if err != nil || second.Contact.ID != got.Contact.ID {
			t.Errorf("second unknown token: %+v, %v; want contact %s", second, err, got.Contact.ID)
		}
	}},
	{"IdentifyRefusesBadInput", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		tok, _ := mustSession(t, s, site.ID)
		_, err := s.IdentifySession(ctx(t), site.ID, tok, parley.Identity{Email: "x@example.com"})
		wantCode(t, err, parley.EINVALID)
		_, err = s.IdentifySession(ctx(t), site.ID, []byte("short"), parley.Identity{UserID: "u"})
		wantCode(t, err, parley.EINVALID)
	}},
	{"IdentifyRaceKnownTokens", func(t *testing.T, s Store) { identifyRace(t, s, true) }},
	{"IdentifyRaceUnknownTokens", func(t *testing.T, s Store) { identifyRace(t, s, false) }},
}

// identifyRace has two holders of different tokens prove the same new user
// id at once, several rounds, and checks they end on one contact.
func identifyRace(t *testing.T, s Store, known bool) {
	site := mustSite(t, s)
	for round := range 10 {
		toks := [2][]byte{parley.HashToken(parley.NewToken()), parley.HashToken(parley.NewToken())}
		if known {
			toks[0], _ = mustSession(t, s, site.ID)
			toks[1], _ = mustSession(t, s, site.ID)
		}
		user := "racer-" + parley.NewID()
		var got [2]parley.Session
		race(2, func(i int) {
			sess, err := s.IdentifySession(ctx(t), site.ID, toks[i], parley.Identity{UserID: user})
			if err != nil {
				t.Errorf("round %d: IdentifySession %d: %v", round, i, err)
			}
			got[i] = sess
		})
		if t.Failed() {
			return
		}
		if got[0].Contact.ID != got[1].Contact.ID || got[0].Conversation.ID != got[1].Conversation.ID {
			t.Fatalf("round %d: two contacts for one user: %s and %s", round, got[0].Contact.ID, got[1].Contact.ID)
		}
		for i, tok := range toks {
			byTok, err := s.SessionByToken(ctx(t), site.ID, tok)
			if err != nil || byTok.Contact.ID != got[0].Contact.ID || byTok.Contact.UserID != user {
				t.Fatalf("round %d: SessionByToken %d = %+v, %v", round, i, byTok, err)
			}
		}
	}
}
