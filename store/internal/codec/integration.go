package codec

import (
	"encoding/json"
	"fmt"

	"github.com/parley-chat/parley"
)

// Events returns the stored form of a webhook's events.
func Events(events []parley.ActivityKind) []byte {
	if events == nil {
		events = []parley.ActivityKind{}
	}
	b, _ := json.Marshal(events) // strings always marshal
	return b
}

// ParseEvents reads a webhook's stored events; none is nil.
func ParseEvents(b []byte) ([]parley.ActivityKind, error) {
	var out []parley.ActivityKind
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("webhook events: %w", err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}
