package api

import (
	"strings"
	"testing"
)

// A body over the API's limit is 413 too_large saying so, not 400
// "unexpected EOF" from a cut-off document.
func TestOversizedBodyIs413(t *testing.T) {
	f := newFixture(t)
	big := strings.Repeat("a", maxBody+1)
	st, out := f.call(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": big, "password": "x"})
	e, _ := out["error"].(map[string]any)
	if st != 413 || e["code"] != "too_large" || !strings.Contains(e["message"].(string), "larger than 1048576 bytes") {
		t.Fatalf("oversized body: %d %v", st, out)
	}
	// Just under the limit it is read whole, and judged on its content.
	st, out = f.call(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": big[:maxBody-100], "password": "x"})
	if st == 413 {
		t.Fatalf("a body under the limit was refused as too large: %v", out)
	}
}
