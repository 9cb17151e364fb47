package sqlstore

import (
	"strings"
	"testing"
)

func TestDialectComplete(t *testing.T) {
	if err := (Dialect{Name: "half"}).complete(); err == nil || !strings.Contains(err.Error(), "Rebind") {
		t.Errorf("an empty dialect: %v, want Rebind named unset", err)
	}
}
