package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

var integrationTests = []test{
	{"APITokenLifecycle", apiTokenLifecycle},
	{"APITokenRefusesBadInput", apiTokenBadInput},
	{"WebhookCRUD", webhookCRUD},
	{"WebhookRefusesBadInput", webhookBadInput},
	{"OutboxCursorAndClaims", outboxCursorAndClaims},
	{"OutboxLeaseAndFencing", outboxLeaseAndFencing},
	{"OutboxClaimRace", outboxClaimRace},
	{"OutboxPrune", outboxPrune},
}

// outboxPrune: finished deliveries go once old enough, a batch at a time;
// pending ones stay however old.
func outboxPrune(t *testing.T, s Store) {
	w := mustWebhook(t, s, parley.Webhook{Active: true})
	ds := []parley.WebhookDelivery{delivery(w, "p1"), delivery(w, "p2"), delivery(w, "p3"), delivery(w, "p4")}
	from, _ := s.WebhookCursor(ctx(t))
	if err := s.EnqueueWebhookDeliveries(ctx(t), from, from+4, ds); err != nil {
		t.Fatal(err)
	}
	claims, err := s.ClaimWebhookDeliveries(ctx(t), time.Now().Add(time.Second), time.Minute, 10)
	if err != nil || len(claims) < 4 {
		t.Fatalf("claim = %d, %v", len(claims), err)
	}
	finished := map[string]parley.DeliveryStatus{}
	for i, c := range claims {
		if c.Delivery.WebhookID != w.ID || i > 2 {
			continue
		}
		st := []parley.DeliveryStatus{parley.DeliveryDelivered, parley.DeliveryFailed, parley.DeliveryDelivered}[i]
		r := parley.WebhookResult{DeliveryID: c.Delivery.ID, Attempt: c.Delivery.Attempt, Status: st, StatusCode: 200}
		if err := s.FinishWebhookDelivery(ctx(t), r); err != nil {
			t.Fatal(err)
		}
		finished[c.Delivery.ID] = st
	}
	if n, err := s.PruneWebhookDeliveries(ctx(t), time.Now().Add(-time.Hour), 100); err != nil || n != 0 {
		t.Fatalf("prune before the hour: %d, %v; want nothing that young", n, err)
	}
	later := time.Now().Add(time.Hour)
	if n, err := s.PruneWebhookDeliveries(ctx(t), later, 2); err != nil || n != 2 {
		t.Fatalf("prune limit 2: %d, %v", n, err)
	}
	if n, err := s.PruneWebhookDeliveries(ctx(t), later, 100); err != nil || n != 1 {
		t.Fatalf("prune the rest: %d, %v; want the third finished one", n, err)
	}
	left, err := s.WebhookDeliveries(ctx(t), w.ID, 10)
	if err != nil || len(left) != 1 || finished[left[0].ID] != "" || left[0].Status != parley.DeliveryPending {
		t.Fatalf("left %+v, %v; want the pending delivery only", left, err)
	}
	_, err = s.PruneWebhookDeliveries(ctx(t), later, 0)
	wantCode(t, err, parley.EINVALID)
}

func apiTokenLifecycle(t *testing.T, s Store) {
	secret := parley.APITokenPrefix + parley.NewToken()
	expires := time.Now().Add(time.Hour).UTC().Truncate(time.Microsecond)
	tok, err := s.CreateAPIToken(ctx(t), parley.APIToken{Name: "CRM sync", Role: parley.RoleAdmin, CreatedBy: "a1", ExpiresAt: expires}, parley.HashToken(secret))
	if err != nil {
		t.Fatalf("CreateAPIToken: %v", err)
	}
	if tok.ID == "" || tok.Revoked || !tok.LastUsedAt.IsZero() || !tok.ExpiresAt.Equal(expires) {
		t.Errorf("created = %+v", tok)
	}
	wantUTC(t, "created at", tok.CreatedAt)
	got, err := s.APITokenByHash(ctx(t), parley.HashToken(secret))
	if err != nil || got != tok {
		t.Fatalf("APITokenByHash = %+v, %v; want %+v", got, err, tok)
	}
	_, err = s.APITokenByHash(ctx(t), parley.HashToken(secret+"x"))
	wantNotFound(t, "unknown secret", err)

	used := time.Now().UTC().Truncate(time.Microsecond)
	if err := s.TouchAPIToken(ctx(t), tok.ID, used); err != nil {
		t.Fatalf("TouchAPIToken: %v", err)
	}
	if err := s.TouchAPIToken(ctx(t), tok.ID, used.Add(-time.Hour)); err != nil {
		t.Fatalf("TouchAPIToken earlier: %v", err)
	}
	got, _ = s.APITokenByHash(ctx(t), parley.HashToken(secret))
	if !got.LastUsedAt.Equal(used) {
		t.Errorf("LastUsedAt = %v, want %v (it only rises)", got.LastUsedAt, used)
	}
	wantNotFound(t, "touch unknown", s.TouchAPIToken(ctx(t), parley.NewID(), used))

	second, err := s.CreateAPIToken(ctx(t), parley.APIToken{Name: "Zapier", Role: parley.RoleAgent, CreatedBy: "a1"}, parley.HashToken(parley.NewToken()))
	if err != nil {
		t.Fatal(err)
	}
	list, err := s.APITokens(ctx(t))
	if err != nil || len(list) != 2 || list[0].ID != second.ID || list[1].ID != tok.ID {
		t.Fatalf("APITokens = %+v, %v; want newest first", list, err)
	}
	revoked, err := s.RevokeAPIToken(ctx(t), tok.ID)
	if err != nil || !revoked.Revoked {
		t.Fatalf("RevokeAPIToken = %+v, %v", revoked, err)
	}
	if got, _ := s.APITokenByHash(ctx(t), parley.HashToken(secret)); !got.Revoked || got.Usable(time.Now()) {
		t.Errorf("after revoke: %+v", got)
	}
	_, err = s.RevokeAPIToken(ctx(t), parley.NewID())
	wantNotFound(t, "revoke unknown", err)
}

func apiTokenBadInput(t *testing.T, s Store) {
	ok := parley.APIToken{Name: "n", Role: parley.RoleAgent, CreatedBy: "a"}
	for name, tc := range map[string]struct {
		tok  parley.APIToken
		hash []byte
	}{
		"plaintext secret": {ok, []byte("pat_plaintext")},
		"no name":          {parley.APIToken{Role: parley.RoleAgent}, parley.HashToken("x1")},
		"unknown role":     {parley.APIToken{Name: "n", Role: "owner"}, parley.HashToken("x2")},
		"NUL in name":      {parley.APIToken{Name: "a\x00b", Role: parley.RoleAgent}, parley.HashToken("x3")},
	} {
		_, err := s.CreateAPIToken(ctx(t), tc.tok, tc.hash)
		if parley.ErrorCode(err) != parley.EINVALID {
			t.Errorf("%s: error = %v, want invalid", name, err)
		}
	}
	h := parley.HashToken(parley.NewToken())
	if _, err := s.CreateAPIToken(ctx(t), ok, h); err != nil {
		t.Fatal(err)
	}
	_, err := s.CreateAPIToken(ctx(t), ok, h)
	wantCode(t, err, parley.ECONFLICT)
}

func mustWebhook(t *testing.T, s Store, w parley.Webhook) parley.Webhook {
	t.Helper()
	if w.URL == "" {
		w.URL = "https://example.com/hooks/" + parley.NewID()
	}
	w.Secret = "whsec_" + parley.NewToken()
	got, err := s.CreateWebhook(ctx(t), w)
	if err != nil {
		t.Fatalf("CreateWebhook: %v", err)
	}
	return got
}

func webhookCRUD(t *testing.T, s Store) {
	in := parley.Webhook{URL: "https://crm.example.com/parley", Events: []parley.ActivityKind{parley.ActivityResolved, parley.ActivityCSAT},
		Description: "CRM", Active: true, Secret: "whsec_abc"}
	w, err := s.CreateWebhook(ctx(t), in)
	if err != nil {
		t.Fatalf("CreateWebhook: %v", err)
	}
	if w.ID == "" || w.URL != in.URL || len(w.Events) != 2 || w.Events[1] != parley.ActivityCSAT || !w.Active || w.Secret != in.Secret || w.Description != "CRM" {
		t.Errorf("created = %+v", w)
	}
	wantUTC(t, "created at", w.CreatedAt)
	other := mustWebhook(t, s, parley.Webhook{})
	if other.Events != nil || other.Active {
		t.Errorf("no events must read back as nil (every event), inactive: %+v", other)
	}
	if got, err := s.Webhook(ctx(t), w.ID); err != nil || fmt.Sprint(got) != fmt.Sprint(w) {
		t.Errorf("Webhook = %+v, %v; want %+v", got, err, w)
	}
	list, err := s.Webhooks(ctx(t))
	if err != nil || len(list) != 2 || list[0].ID != w.ID || list[1].ID != other.ID {
		t.Fatalf("Webhooks = %+v, %v; want oldest first", list, err)
	}
	up, err := s.UpdateWebhook(ctx(t), parley.Webhook{ID: w.ID, URL: "http://10.0.0.5:8080/in", Active: false, Secret: "ignored"})
	if err != nil {
		t.Fatalf("UpdateWebhook: %v", err)
	}
	if up.URL != "http://10.0.0.5:8080/in" || up.Events != nil || up.Active || up.Secret != in.Secret || !up.CreatedAt.Equal(w.CreatedAt) || up.Description != "" {
		t.Errorf("updated = %+v (secret and creation time must be kept)", up)
	}
	_, err = s.UpdateWebhook(ctx(t), parley.Webhook{ID: parley.NewID(), URL: "https://x.example"})
	wantNotFound(t, "update unknown", err)
	if err := s.DeleteWebhook(ctx(t), w.ID); err != nil {
		t.Fatalf("DeleteWebhook: %v", err)
	}
	_, err = s.Webhook(ctx(t), w.ID)
	wantNotFound(t, "deleted", err)
	wantNotFound(t, "delete again", s.DeleteWebhook(ctx(t), w.ID))
	_, err = s.WebhookDeliveries(ctx(t), w.ID, 10)
	wantNotFound(t, "deliveries of deleted", err)
}

func webhookBadInput(t *testing.T, s Store) {
	for name, w := range map[string]parley.Webhook{
		"no url":        {Secret: "s"},
		"ftp":           {URL: "ftp://example.com/x", Secret: "s"},
		"relative":      {URL: "/hooks", Secret: "s"},
		"credentials":   {URL: "https://u:p@example.com/", Secret: "s"},
		"unknown event": {URL: "https://example.com/", Events: []parley.ActivityKind{"conversation.deleted"}, Secret: "s"},
		"no secret":     {URL: "https://example.com/"},
	} {
		_, err := s.CreateWebhook(ctx(t), w)
		if parley.ErrorCode(err) != parley.EINVALID {
			t.Errorf("%s: error = %v, want invalid", name, err)
		}
	}
}

func delivery(w parley.Webhook, activity string) parley.WebhookDelivery {
	return parley.WebhookDelivery{WebhookID: w.ID, ActivityID: activity, Event: parley.ActivityResolved,
		Payload: []byte(`{"id":"` + activity + `"}`)}
}

func outboxCursorAndClaims(t *testing.T, s Store) {
	w := mustWebhook(t, s, parley.Webhook{Active: true})
	off := mustWebhook(t, s, parley.Webhook{Active: false})
	if n, err := s.WebhookCursor(ctx(t)); err != nil || n != 0 {
		t.Fatalf("WebhookCursor = %d, %v; want 0", n, err)
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	later := delivery(w, "a3")
	later.NextAt = now.Add(time.Minute)
	if err := s.EnqueueWebhookDeliveries(ctx(t), 0, 5, []parley.WebhookDelivery{delivery(w, "a1"), delivery(w, "a2"), later, delivery(off, "a1")}); err != nil {
		t.Fatalf("EnqueueWebhookDeliveries: %v", err)
	}
	err := s.EnqueueWebhookDeliveries(ctx(t), 0, 7, []parley.WebhookDelivery{delivery(w, "a9")})
	wantCode(t, err, parley.ECONFLICT)
	if n, _ := s.WebhookCursor(ctx(t)); n != 5 {
		t.Fatalf("cursor = %d after a refused move, want 5", n)
	}
	// A repeated activity for one endpoint is skipped, not doubled.
	if err := s.EnqueueWebhookDeliveries(ctx(t), 5, 6, []parley.WebhookDelivery{delivery(w, "a1")}); err != nil {
		t.Fatalf("enqueue again: %v", err)
	}
	claims, err := s.ClaimWebhookDeliveries(ctx(t), now.Add(time.Second), time.Minute, 10)
	if err != nil {
		t.Fatalf("Claim: %v", err)
	}
	if len(claims) != 2 {
		t.Fatalf("claimed %d, want the 2 due deliveries of the active endpoint: %+v", len(claims), claims)
	}
	for _, c := range claims {
		if c.URL != w.URL || c.Secret != w.Secret || c.Delivery.Attempt != 1 || c.Delivery.Status != parley.DeliveryPending ||
			c.Delivery.WebhookID != w.ID || string(c.Delivery.Payload) != `{"id":"`+c.Delivery.ActivityID+`"}` {
			t.Errorf("claim = %+v", c)
		}
	}
	if again, _ := s.ClaimWebhookDeliveries(ctx(t), now.Add(2*time.Second), time.Minute, 10); len(again) != 0 {
		t.Errorf("claimed %d leased deliveries again", len(again))
	}
	d := claims[0].Delivery
	if err := s.FinishWebhookDelivery(ctx(t), parley.WebhookResult{DeliveryID: d.ID, Attempt: 1, Status: parley.DeliveryDelivered, StatusCode: 204}); err != nil {
		t.Fatalf("Finish delivered: %v", err)
	}
	retry := now.Add(30 * time.Second)
	d2 := claims[1].Delivery
	if err := s.FinishWebhookDelivery(ctx(t), parley.WebhookResult{DeliveryID: d2.ID, Attempt: 1, Status: parley.DeliveryPending, StatusCode: 503, Error: "HTTP 503", NextAt: retry}); err != nil {
		t.Fatalf("Finish retry: %v", err)
	}
	list, err := s.WebhookDeliveries(ctx(t), w.ID, 10)
	if err != nil || len(list) != 3 {
		t.Fatalf("WebhookDeliveries = %d, %v; want 3", len(list), err)
	}
	byID := map[string]parley.WebhookDelivery{}
	for _, x := range list {
		byID[x.ID] = x
	}
	if x := byID[d.ID]; x.Status != parley.DeliveryDelivered || x.StatusCode != 204 {
		t.Errorf("delivered row = %+v", x)
	}
	if x := byID[d2.ID]; x.Status != parley.DeliveryPending || x.StatusCode != 503 || x.Error != "HTTP 503" || !x.NextAt.Equal(retry) || x.Attempt != 1 {
		t.Errorf("retry row = %+v", x)
	}
	// At the retry time the failed one and the later one are due, earliest first.
	claims, err = s.ClaimWebhookDeliveries(ctx(t), retry.Add(time.Minute), time.Minute, 10)
	if err != nil || len(claims) != 2 || claims[0].Delivery.ID != d2.ID || claims[0].Delivery.Attempt != 2 || claims[1].Delivery.ActivityID != "a3" {
		t.Fatalf("second claim = %+v, %v", claims, err)
	}
	if lim, _ := s.WebhookDeliveries(ctx(t), w.ID, 1); len(lim) != 1 {
		t.Errorf("limit 1 gave %d", len(lim))
	}
}

func outboxLeaseAndFencing(t *testing.T, s Store) {
	w := mustWebhook(t, s, parley.Webhook{Active: true})
	if err := s.EnqueueWebhookDeliveries(ctx(t), 0, 1, []parley.WebhookDelivery{delivery(w, "a1")}); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Add(time.Second)
	first, err := s.ClaimWebhookDeliveries(ctx(t), now, time.Minute, 1)
	if err != nil || len(first) != 1 {
		t.Fatalf("claim = %+v, %v", first, err)
	}
	// The first claimant died: after the lease the delivery is due again.
	second, err := s.ClaimWebhookDeliveries(ctx(t), now.Add(61*time.Second), time.Minute, 1)
	if err != nil || len(second) != 1 || second[0].Delivery.Attempt != 2 {
		t.Fatalf("claim after lease = %+v, %v", second, err)
	}
	late := parley.WebhookResult{DeliveryID: first[0].Delivery.ID, Attempt: 1, Status: parley.DeliveryDelivered, StatusCode: 200}
	wantCode(t, s.FinishWebhookDelivery(ctx(t), late), parley.ECONFLICT)
	final := parley.WebhookResult{DeliveryID: first[0].Delivery.ID, Attempt: 2, Status: parley.DeliveryFailed, StatusCode: 410, Error: "HTTP 410: gone"}
	if err := s.FinishWebhookDelivery(ctx(t), final); err != nil {
		t.Fatalf("Finish: %v", err)
	}
	wantCode(t, s.FinishWebhookDelivery(ctx(t), final), parley.ECONFLICT)
	if c, _ := s.ClaimWebhookDeliveries(ctx(t), now.Add(time.Hour), time.Minute, 1); len(c) != 0 {
		t.Errorf("a failed delivery was claimed: %+v", c)
	}
	wantCode(t, s.FinishWebhookDelivery(ctx(t), parley.WebhookResult{DeliveryID: "x", Attempt: 1, Status: "lost"}), parley.EINVALID)
}

// outboxClaimRace has many goroutines claim 100 deliveries at once: each
// must be claimed exactly once.
func outboxClaimRace(t *testing.T, s Store) {
	w := mustWebhook(t, s, parley.Webhook{Active: true})
	ds := make([]parley.WebhookDelivery, 100)
	for i := range ds {
		ds[i] = delivery(w, fmt.Sprint("a", i))
	}
	if err := s.EnqueueWebhookDeliveries(ctx(t), 0, 100, ds); err != nil {
		t.Fatal(err)
	}
	now := time.Now().Add(time.Second)
	var mu sync.Mutex
	seen := map[string]int{}
	race(8, func(int) {
		for {
			c, err := s.ClaimWebhookDeliveries(ctx(t), now, time.Hour, 7)
			if err != nil {
				t.Errorf("claim: %v", err)
				return
			}
			if len(c) == 0 {
				return
			}
			mu.Lock()
			for _, x := range c {
				seen[x.Delivery.ID]++
			}
			mu.Unlock()
		}
	})
	if len(seen) != 100 {
		t.Errorf("claimed %d distinct deliveries, want 100", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("delivery %s claimed %d times", id, n)
		}
	}
}
