package main

import "testing"

// TestWebhookAllowPrivateFlag: private webhook targets are refused unless
// --webhook-allow-private or PARLEY_WEBHOOK_ALLOW_PRIVATE says otherwise;
// the old --webhook-deny-private is still accepted (it is the default now).
func TestWebhookAllowPrivateFlag(t *testing.T) {
	if c, err := parseTest(t, nil, nil); err != nil || c.WebhookAllowPrivate {
		t.Fatalf("default: allow %v, %v; want refused", c.WebhookAllowPrivate, err)
	}
	if c, err := parseTest(t, []string{"--webhook-allow-private"}, nil); err != nil || !c.WebhookAllowPrivate {
		t.Fatalf("flag: %v %v", c.WebhookAllowPrivate, err)
	}
	if c, err := parseTest(t, nil, map[string]string{"PARLEY_WEBHOOK_ALLOW_PRIVATE": "1"}); err != nil || !c.WebhookAllowPrivate {
		t.Fatalf("environment: %v %v", c.WebhookAllowPrivate, err)
	}
	if c, err := parseTest(t, []string{"--webhook-deny-private"}, nil); err != nil || c.WebhookAllowPrivate {
		t.Fatalf("--webhook-deny-private: %v %v", c.WebhookAllowPrivate, err)
	}
	if _, err := parseTest(t, []string{"--webhook-deny-private", "--webhook-allow-private"}, nil); err == nil {
		t.Fatal("both options: accepted")
	}
}
