package main

import (
	"strings"
	"testing"
)

func TestAttachmentMaxBytesFlag(t *testing.T) {
	if c, err := parseTest(t, nil, nil); err != nil || c.AttachmentMaxBytes != 10<<20 {
		t.Fatalf("default %d, %v; want 10 MiB", c.AttachmentMaxBytes, err)
	}
	if c, err := parseTest(t, nil, map[string]string{"PARLEY_ATTACHMENT_MAX_BYTES": "2048"}); err != nil || c.AttachmentMaxBytes != 2048 {
		t.Fatalf("from env %d, %v; want 2048", c.AttachmentMaxBytes, err)
	}
	c, _ := parseTest(t, []string{"--attachment-max-bytes", "0"}, nil)
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "--attachment-max-bytes") {
		t.Fatalf("zero limit: %v; want refused", err)
	}
}
