package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

// Run checks every semantic of the Store contract, each in its own named
// parallel subtest on a fresh store from open. open must return an empty
// store and clean up its resources with t.Cleanup; Run closes the store
// itself (so Close must be safe to call twice).
func Run(t *testing.T, open func(t *testing.T) Store) {
	groups := []struct {
		name  string
		tests []test
	}{
		{"Site", siteTests},
		{"SiteSettings", siteSettingsTests},
		{"Session", sessionTests},
		{"Contact", contactTests},
		{"Message", messageTests},
		{"Conversation", conversationTests},
		{"Article", articleTests},
		{"Decision", decisionTests},
		{"Agent", agentTests},
		{"AgentAccess", accessTests},
		{"Team", teamTests},
		{"Desk", deskTests},
		{"Queue", queueTests},
		{"Activity", activityTests},
		{"Integrations", integrationTests},
		{"Admin", adminTests},
		{"HelpCenter", helpTests},
		{"Search", searchTests},
		{"BotName", botNameTests},
		{"Attachments", attachmentTests},
		{"ReadMarks", readTests},
		{"Turn", turnTests},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for _, tc := range g.tests {
				t.Run(tc.name, func(t *testing.T) {
					t.Parallel()
					s := open(t)
					t.Cleanup(func() {
						if err := s.Close(); err != nil {
							t.Errorf("Close: %v", err)
						}
					})
					tc.fn(t, s)
				})
			}
		})
	}
}

type test struct {
	name string
	fn   func(t *testing.T, s Store)
}

// mustSite creates a site with a fresh key.
func mustSite(t *testing.T, s Store) parley.Site {
	t.Helper()
	site, err := s.EnsureSite(t.Context(), parley.Site{Key: "k-" + parley.NewID(), Name: "Example"})
	if err != nil {
		t.Fatalf("EnsureSite: %v", err)
	}
	return site
}

// mustSession creates a visitor session and returns its token hash.
func mustSession(t *testing.T, s Store, siteID string) ([]byte, parley.Session) {
	t.Helper()
	tok := parley.HashToken(parley.NewToken())
	sess, err := s.CreateSession(t.Context(), siteID, tok, parley.Contact{})
	if err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	return tok, sess
}

// mustAppend appends and fails the test on error.
func mustAppend(t *testing.T, s Store, m parley.Message) parley.Message {
	t.Helper()
	got, _, err := s.AppendMessage(t.Context(), m)
	if err != nil {
		t.Fatalf("AppendMessage: %v", err)
	}
	return got
}

func visitorMsg(convID, text string) parley.Message {
	return parley.Message{ConversationID: convID, Author: parley.Author{Kind: parley.AuthorVisitor}, Text: text}
}

// wantCode fails unless err matches the given parley error code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if !errors.Is(err, &parley.Error{Code: code}) {
		t.Fatalf("error = %v (code %s), want code %s", err, parley.ErrorCode(err), code)
	}
}

func wantNotFound(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, parley.ErrNotFound) {
		t.Fatalf("%s: error = %v, want ErrNotFound", what, err)
	}
}

func wantUTC(t *testing.T, what string, ts time.Time) {
	t.Helper()
	if ts.IsZero() {
		t.Errorf("%s is zero", what)
	}
	if ts.Location() != time.UTC {
		t.Errorf("%s location = %v, want UTC", what, ts.Location())
	}
}

// sameJSON compares JSON documents by value: PostgreSQL's jsonb keeps
// meaning, not bytes.
func sameJSON(a, b []byte) bool {
	if len(bytes.TrimSpace(a)) == 0 || len(bytes.TrimSpace(b)) == 0 {
		return len(bytes.TrimSpace(a)) == len(bytes.TrimSpace(b))
	}
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// diffMessage describes how got differs from want, or "" when equal.
func diffMessage(want, got parley.Message) string {
	if !sameJSON(want.Meta, got.Meta) {
		return fmt.Sprintf("meta %s, want %s", got.Meta, want.Meta)
	}
	if !got.CreatedAt.Equal(want.CreatedAt) || got.CreatedAt.Location() != want.CreatedAt.Location() {
		return fmt.Sprintf("created %v, want %v", got.CreatedAt, want.CreatedAt)
	}
	want.Meta, got.Meta = nil, nil
	want.CreatedAt, got.CreatedAt = time.Time{}, time.Time{}
	// Only the append says the mode (AppendSaysConversationMode).
	want.ConversationMode, got.ConversationMode = "", ""
	if !reflect.DeepEqual(want, got) {
		return fmt.Sprintf("%+v, want %+v", got, want)
	}
	return ""
}

func wantMessage(t *testing.T, what string, want, got parley.Message) {
	t.Helper()
	if d := diffMessage(want, got); d != "" {
		t.Errorf("%s: %s", what, d)
	}
}

// race runs n copies of fn released at once and waits for all of them.
func race(n int, fn func(i int)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			fn(i)
		})
	}
	close(start)
	wg.Wait()
}

// ctx is a short alias used by every test body.
func ctx(t *testing.T) context.Context { return t.Context() }
