package webhook_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/internal/testenv"
	"github.com/parley-chat/parley/webhook"
)

func TestDeliverySignedAndShaped(t *testing.T) {
	db, rcv, clk := openStore(t, ""), newReceiver(t), newClock()
	hook := mustWebhook(t, db, rcv.srv.URL+"/in", true)
	conv := newConversation(t, db)
	if err := db.RecordCSAT(t.Context(), conv, 4, "ok"); err != nil {
		t.Fatal(err)
	}
	d := webhook.New(webhook.Config{Store: db, AllowPrivate: true, Now: clk.Now})
	drain(t, d)
	got := rcv.requests()
	if len(got) != 2 {
		t.Fatalf("received %d requests, want 2 (created, csat)", len(got))
	}
	// Deliveries go out side by side, in no particular order.
	acts, _ := db.Activities(t.Context(), 0, 10)
	if got[0].event.ID != acts[0].ID {
		got[0], got[1] = got[1], got[0]
	}
	for i, g := range got {
		if err := webhook.Verify(hook.Secret, g.header.Get(webhook.HeaderSignature), g.body, 5*time.Minute, clk.Now()); err != nil {
			t.Errorf("request %d: signature does not verify: %v", i, err)
		}
		if g.header.Get(webhook.HeaderID) != g.event.ID || g.event.ID != acts[i].ID {
			t.Errorf("request %d: id header %q, body id %q, activity %q", i, g.header.Get(webhook.HeaderID), g.event.ID, acts[i].ID)
		}
		if g.header.Get(webhook.HeaderTimestamp) != strconv.FormatInt(clk.Now().Unix(), 10) {
			t.Errorf("request %d: timestamp header %q", i, g.header.Get(webhook.HeaderTimestamp))
		}
		if g.event.Data.ConversationID != conv || g.event.Data.SiteID == "" || g.event.CreatedAt.IsZero() {
			t.Errorf("request %d: event %+v", i, g.event)
		}
	}
	if got[0].event.Type != "conversation.created" || got[1].event.Type != "csat.received" ||
		got[1].event.Data.Score == nil || *got[1].event.Data.Score != 4 || got[0].event.Data.Score != nil {
		t.Errorf("events = %+v, %+v", got[0].event, got[1].event)
	}
	// A receiver refuses a changed body, another secret and an old timestamp.
	sig := got[0].header.Get(webhook.HeaderSignature)
	if err := webhook.Verify(hook.Secret, sig, append(got[0].body, ' '), 5*time.Minute, clk.Now()); !errors.Is(err, webhook.ErrBadSignature) {
		t.Errorf("changed body: %v", err)
	}
	if err := webhook.Verify(webhook.NewSecret(), sig, got[0].body, 5*time.Minute, clk.Now()); !errors.Is(err, webhook.ErrBadSignature) {
		t.Errorf("other secret: %v", err)
	}
	if err := webhook.Verify(hook.Secret, sig, got[0].body, 5*time.Minute, clk.Now().Add(6*time.Minute)); !errors.Is(err, webhook.ErrStale) {
		t.Errorf("replayed after 6 minutes: %v", err)
	}
	list, err := db.WebhookDeliveries(t.Context(), hook.ID, 10)
	if err != nil || len(list) != 2 || list[0].Status != parley.DeliveryDelivered || list[0].StatusCode != 200 || list[0].Attempt != 1 {
		t.Errorf("deliveries = %+v, %v", list, err)
	}
}

func TestRetriedAfter500DeliveredOnce(t *testing.T) {
	db, rcv, clk := openStore(t, ""), newReceiver(t, 500), newClock()
	hook := mustWebhook(t, db, rcv.srv.URL, true)
	newConversation(t, db)
	var mu sync.Mutex
	results := map[string]int{}
	d := webhook.New(webhook.Config{Store: db, AllowPrivate: true, Now: clk.Now, Backoff: fixedBackoff(10*time.Second, 7),
		Attempted: func(r string) { mu.Lock(); results[r]++; mu.Unlock() }})
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		if results["retry"] != 1 || results["delivered"] != 1 || len(results) != 2 {
			t.Errorf("attempts counted %v; want one retry and one delivered", results)
		}
	})
	drain(t, d)
	list, _ := db.WebhookDeliveries(t.Context(), hook.ID, 10)
	if len(rcv.requests()) != 1 || len(list) != 1 {
		t.Fatalf("after the 500: %d requests, %d deliveries", len(rcv.requests()), len(list))
	}
	if x := list[0]; x.Status != parley.DeliveryPending || x.StatusCode != 500 || !strings.HasPrefix(x.Error, "HTTP 500") ||
		x.Attempt != 1 || !x.NextAt.Equal(clk.Now().Add(10*time.Second).Truncate(time.Microsecond)) {
		t.Errorf("after the 500: %+v", x)
	}
	clk.Add(9 * time.Second)
	drain(t, d) // not due yet
	if n := len(rcv.requests()); n != 1 {
		t.Fatalf("retried before the backoff: %d requests", n)
	}
	clk.Add(time.Second)
	drain(t, d)
	clk.Add(time.Hour)
	drain(t, d) // nothing left to send
	got := rcv.requests()
	if len(got) != 2 || got[0].event.ID != got[1].event.ID {
		t.Fatalf("requests = %d, want the same event twice", len(got))
	}
	if acc := rcv.accepted(); len(acc) != 1 || acc[got[0].event.ID] != 1 {
		t.Errorf("accepted = %v, want the event once", acc)
	}
	list, _ = db.WebhookDeliveries(t.Context(), hook.ID, 10)
	if x := list[0]; x.Status != parley.DeliveryDelivered || x.Attempt != 2 || x.StatusCode != 200 {
		t.Errorf("after the retry: %+v", x)
	}
}

func TestPermanentErrorsAndGivingUp(t *testing.T) {
	for _, tc := range []struct {
		name     string
		answers  []int
		requests int
		attempt  int
		errStart string
	}{
		{"400 is permanent", []int{400}, 1, 1, "HTTP 400"},
		{"410 is permanent", []int{410}, 1, 1, "HTTP 410"},
		{"429 then 408 are retried", []int{429, 408}, 3, 3, ""},
		{"gives up after three 503s", []int{503, 503, 503, 503}, 3, 3, "gave up after 3 attempts: HTTP 503"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, rcv, clk := openStore(t, ""), newReceiver(t, tc.answers...), newClock()
			hook := mustWebhook(t, db, rcv.srv.URL, true)
			newConversation(t, db)
			d := webhook.New(webhook.Config{Store: db, AllowPrivate: true, Now: clk.Now, Backoff: fixedBackoff(time.Minute, 3)})
			for range 5 {
				drain(t, d)
				clk.Add(time.Minute)
			}
			list, _ := db.WebhookDeliveries(t.Context(), hook.ID, 10)
			if n := len(rcv.requests()); n != tc.requests || len(list) != 1 {
				t.Fatalf("%d requests, %d deliveries; want %d requests", n, len(list), tc.requests)
			}
			x := list[0]
			wantStatus := parley.DeliveryFailed
			if tc.errStart == "" {
				wantStatus = parley.DeliveryDelivered
			}
			if x.Status != wantStatus || x.Attempt != tc.attempt || !strings.HasPrefix(x.Error, tc.errStart) {
				t.Errorf("delivery = %+v", x)
			}
		})
	}
}

func TestFilterByEventAndActive(t *testing.T) {
	db, clk := openStore(t, ""), newClock()
	csatOnly, all, paused := newReceiver(t), newReceiver(t), newReceiver(t)
	mustWebhook(t, db, csatOnly.srv.URL, true, parley.ActivityCSAT)
	mustWebhook(t, db, all.srv.URL, true)
	mustWebhook(t, db, paused.srv.URL, false)
	conv := newConversation(t, db)
	if err := db.RecordCSAT(t.Context(), conv, 5, ""); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordNPS(t.Context(), conv, 9, ""); err != nil { // not a webhook event
		t.Fatal(err)
	}
	drain(t, webhook.New(webhook.Config{Store: db, AllowPrivate: true, Now: clk.Now}))
	types := func(r *receiver) string {
		var out []string
		for _, g := range r.requests() {
			out = append(out, g.event.Type)
		}
		slices.Sort(out) // sent side by side, in no particular order
		return strings.Join(out, ",")
	}
	if got := types(csatOnly); got != "csat.received" {
		t.Errorf("csat-only endpoint got %q", got)
	}
	if got := types(all); got != "conversation.created,csat.received" {
		t.Errorf("all-events endpoint got %q", got)
	}
	if got := types(paused); got != "" {
		t.Errorf("inactive endpoint got %q", got)
	}
}

// TestRestartResumes stops a deliverer with a delivery still to retry and
// activities not yet fed, reopens the database, and has a new deliverer
// finish: every activity arrives accepted exactly once.
func TestRestartResumes(t *testing.T) {
	path := t.TempDir() + "/parley.db"
	db, rcv, clk := openStore(t, path), newReceiver(t, 503), newClock()
	mustWebhook(t, db, rcv.srv.URL, true)
	for range 3 {
		newConversation(t, db)
	}
	d1 := webhook.New(webhook.Config{Store: db, AllowPrivate: true, Now: clk.Now, Backoff: fixedBackoff(time.Minute, 7), Batch: 2})
	if _, err := d1.Feed(t.Context()); err != nil { // two of three activities
		t.Fatal(err)
	}
	if _, err := d1.SendDue(t.Context()); err != nil { // one 503, one 200
		t.Fatal(err)
	}
	for range 2 {
		newConversation(t, db)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = openStore(t, path)
	clk.Add(time.Minute)
	drain(t, webhook.New(webhook.Config{Store: db, AllowPrivate: true, Now: clk.Now, Backoff: fixedBackoff(time.Minute, 7), Batch: 2}))
	acts, _ := db.Activities(t.Context(), 0, 100)
	acc := rcv.accepted()
	if len(acts) != 5 || len(acc) != 5 {
		t.Fatalf("%d activities, %d accepted: %v", len(acts), len(acc), acc)
	}
	for _, a := range acts {
		if acc[a.ID] != 1 {
			t.Errorf("activity %s accepted %d times", a.ID, acc[a.ID])
		}
	}
	if n := len(rcv.requests()); n != 6 {
		t.Errorf("%d requests, want 6 (five events and one retry)", n)
	}
}

// TestRunStopsWithContext runs the loops for real until an event arrives,
// then cancels: Run returns.
func TestRunStopsWithContext(t *testing.T) {
	db, rcv := openStore(t, ""), newReceiver(t)
	mustWebhook(t, db, rcv.srv.URL, true)
	newConversation(t, db)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		webhook.New(webhook.Config{Store: db, AllowPrivate: true, Poll: 5 * time.Millisecond}).Run(ctx)
		close(done)
	}()
	testenv.Eventually(t, 30*time.Second, func() bool { return len(rcv.accepted()) == 1 }, "the delivery accepted")
	cancel()
	<-done
}

// TestPrivateRefusedByDefault: without AllowPrivate, deliveries to
// loopback and to 10.x are refused when dialling (no request reaches them)
// and the delivery says why; with it, the loopback endpoint is reached.
func TestPrivateRefusedByDefault(t *testing.T) {
	db, rcv, clk := openStore(t, ""), newReceiver(t), newClock()
	loop := mustWebhook(t, db, rcv.srv.URL, true)
	ten := mustWebhook(t, db, "http://10.1.2.3:9/in", true)
	newConversation(t, db)
	drain(t, webhook.New(webhook.Config{Store: db, Now: clk.Now})) // the default
	if n := len(rcv.requests()); n != 0 {
		t.Fatalf("a private address was reached: %d requests", n)
	}
	for _, h := range []parley.Webhook{loop, ten} {
		list, _ := db.WebhookDeliveries(t.Context(), h.ID, 1)
		if len(list) != 1 || list[0].Status != parley.DeliveryPending || !strings.Contains(list[0].Error, "private address") {
			t.Errorf("%s: delivery = %+v", h.URL, list)
		}
	}
	clk.Add(time.Hour)
	drain(t, webhook.New(webhook.Config{Store: db, Now: clk.Now, AllowPrivate: true}))
	if n := len(rcv.accepted()); n != 1 {
		t.Errorf("with AllowPrivate: %d accepted", n)
	}
}

// TestPrivateResponseNotShown: what an endpoint on a private address
// answers is not copied into the delivery list (an admin could otherwise
// read internal services through it); the status is.
func TestPrivateResponseNotShown(t *testing.T) {
	db, clk := openStore(t, ""), newClock()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"internal":"db password is hunter2"}`)
	}))
	t.Cleanup(srv.Close)
	hook := mustWebhook(t, db, srv.URL, true)
	newConversation(t, db)
	drain(t, webhook.New(webhook.Config{Store: db, Now: clk.Now, AllowPrivate: true}))
	list, _ := db.WebhookDeliveries(t.Context(), hook.ID, 1)
	if len(list) != 1 || list[0].StatusCode != 400 || list[0].Error != "HTTP 400" {
		t.Errorf("delivery = %+v; want HTTP 400 and nothing of the body", list)
	}
}

// Finished deliveries stay for Keep (the admin's history), then go.
func TestPruneAfterKeep(t *testing.T) {
	db, rcv, clk := openStore(t, ""), newReceiver(t), newClock()
	hook := mustWebhook(t, db, rcv.srv.URL, true)
	newConversation(t, db)
	d := webhook.New(webhook.Config{Store: db, AllowPrivate: true, Now: clk.Now, Keep: 30 * 24 * time.Hour})
	drain(t, d)
	if list, _ := db.WebhookDeliveries(t.Context(), hook.ID, 10); len(list) != 1 || list[0].Status != parley.DeliveryDelivered {
		t.Fatalf("deliveries %+v; want one delivered", list)
	}
	clk.Add(29 * 24 * time.Hour)
	if n, err := d.Prune(t.Context()); err != nil || n != 0 {
		t.Fatalf("Prune after 29 days = %d, %v; want nothing yet", n, err)
	}
	clk.Add(2 * 24 * time.Hour)
	if n, err := d.Prune(t.Context()); err != nil || n != 1 {
		t.Fatalf("Prune after 31 days = %d, %v; want the delivery", n, err)
	}
	if list, _ := db.WebhookDeliveries(t.Context(), hook.ID, 10); len(list) != 0 {
		t.Fatalf("left %+v", list)
	}
}
