package webhook_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/webhook"
)

// slowEndpoint answers 200 after hold, counting the requests it got.
func slowEndpoint(t *testing.T, hold time.Duration) (*httptest.Server, *atomic.Int32, chan struct{}) {
	var n atomic.Int32
	arrived := make(chan struct{}, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) // read, so a dropped connection ends r.Context()
		n.Add(1)
		arrived <- struct{}{}
		select {
		case <-time.After(hold):
			w.WriteHeader(http.StatusOK)
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &n, arrived
}

// runUntilArrived runs a deliverer until the endpoint has the request, then
// stops it and waits for Run to return.
func runUntilArrived(t *testing.T, d *webhook.Deliverer, arrived chan struct{}) {
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { d.Run(ctx); close(done) }()
	select {
	case <-arrived:
	case <-time.After(30 * time.Second):
		t.Fatal("the endpoint got no request")
	}
	cancel()
	<-done
}

// TestShutdownLetsAttemptFinish: a request under way when the deliverer
// stops is let finish within Grace and recorded delivered, so the next run
// sends nothing again.
func TestShutdownLetsAttemptFinish(t *testing.T) {
	db := openStore(t, "")
	srv, n, arrived := slowEndpoint(t, 300*time.Millisecond)
	hook := mustWebhook(t, db, srv.URL, true)
	newConversation(t, db)
	cfg := webhook.Config{Store: db, AllowPrivate: true, Poll: 5 * time.Millisecond, Grace: 10 * time.Second}
	runUntilArrived(t, webhook.New(cfg), arrived)
	list, err := db.WebhookDeliveries(t.Context(), hook.ID, 10)
	if err != nil || len(list) != 1 || list[0].Status != parley.DeliveryDelivered {
		t.Fatalf("after shutdown: %+v, %v", list, err)
	}
	drain(t, webhook.New(cfg))
	if got := n.Load(); got != 1 {
		t.Errorf("%d requests, want 1", got)
	}
}

// TestShutdownCutsAttemptAfterGrace: an attempt still waiting when Grace
// runs out is cut and recorded as due again, so it is not lost.
func TestShutdownCutsAttemptAfterGrace(t *testing.T) {
	db := openStore(t, "")
	srv, _, arrived := slowEndpoint(t, time.Minute)
	hook := mustWebhook(t, db, srv.URL, true)
	newConversation(t, db)
	cfg := webhook.Config{Store: db, AllowPrivate: true, Poll: 5 * time.Millisecond, Grace: 50 * time.Millisecond}
	runUntilArrived(t, webhook.New(cfg), arrived)
	list, err := db.WebhookDeliveries(t.Context(), hook.ID, 10)
	if err != nil || len(list) != 1 || list[0].Status != parley.DeliveryPending || list[0].Error != "interrupted by shutdown" {
		t.Fatalf("after shutdown: %+v, %v", list, err)
	}
}
