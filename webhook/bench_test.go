package webhook_test

import (
	"testing"
	"time"

	"github.com/parley-chat/parley/webhook"
)

func BenchmarkSign(b *testing.B) {
	body := []byte(`{"id":"5q2v7kxx","type":"conversation.resolved","created_at":"2026-01-01T00:00:00Z","data":{"site_id":"a","conversation_id":"b"}}`)
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		webhook.Sign("whsec_secret", now, body)
	}
}

// BenchmarkDeliver measures events delivered per second through the
// embedded store to a local endpoint (feed, claim, POST, record).
func BenchmarkDeliver(b *testing.B) {
	db := openStore(b, "")
	rcv := newReceiver(b)
	mustWebhook(b, db, rcv.srv.URL, true)
	for range b.N {
		newConversation(b, db)
	}
	d := webhook.New(webhook.Config{Store: db, AllowPrivate: true, Batch: 64})
	b.ResetTimer()
	drain(b, d)
	b.StopTimer()
	if n := len(rcv.accepted()); n != b.N {
		b.Fatalf("%d delivered, want %d", n, b.N)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
