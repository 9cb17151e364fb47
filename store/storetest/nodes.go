package storetest

import "testing"

// RunNodes checks the desk's claims across nodes: open must return two
// stores on one fresh, empty database (two nodes of one deployment; a store
// that has a single node may return one store twice) and clean up both.
// Agents and conversations created through one are claimed through both.
// (Run has no claim races of its own: these cover one store's too.)
func RunNodes(t *testing.T, open func(t *testing.T) (Store, Store)) {
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T, s1, s2 Store)
	}{
		{"ClaimRace", func(t *testing.T, s1, s2 Store) { claimRace(t, s1, s2, 100) }},
		{"CapacityRace", func(t *testing.T, s1, s2 Store) { capacityRace(t, s1, s2, 10) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s1, s2 := open(t)
			t.Cleanup(func() {
				if err := s1.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
				if err := s2.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tc.fn(t, s1, s2)
		})
	}
}
