package webhook_test

import (
	"fmt"
	"time"

	"github.com/parley-chat/parley/webhook"
)

// A receiver written in Go checks each request with Verify before trusting
// its body (docs/webhooks.md, "Verifying the signature").
func ExampleVerify() {
	secret := "whsec_example"
	body := []byte(`{"id":"5q2v7k","type":"conversation.resolved"}`)
	sent := time.Unix(1_800_000_000, 0)
	header := webhook.Sign(secret, sent, body) // what Parley puts in Parley-Signature

	fmt.Println(webhook.Verify(secret, header, body, 5*time.Minute, sent.Add(time.Second)))
	fmt.Println(webhook.Verify(secret, header, append(body, ' '), 5*time.Minute, sent.Add(time.Second)))
	fmt.Println(webhook.Verify(secret, header, body, 5*time.Minute, sent.Add(time.Hour)))
	// Output:
	// <nil>
	// webhook: signature does not match
	// webhook: timestamp outside the tolerance
}
