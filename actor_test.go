package parley

import (
	"errors"
	"testing"
)

func TestActBy(t *testing.T) {
	ana := Agent{ID: "ana", Role: RoleAgent}
	bo := Agent{ID: "bo", Role: RoleAgent}
	root := Agent{ID: "root", Role: RoleAdmin}
	anas := Conversation{Mode: ModeAssigned, AssigneeID: "ana"}
	for name, tc := range map[string]struct {
		c    Conversation
		a    Agent
		want error
	}{
		"assignee":            {anas, ana, nil},
		"another agent":       {anas, bo, ErrAssignedToOther},
		"admin":               {anas, root, nil},
		"queued":              {Conversation{Mode: ModeQueued}, bo, nil},
		"bot":                 {Conversation{Mode: ModeBot}, bo, nil},
		"resolved, was ana's": {Conversation{Mode: ModeResolved, AssigneeID: "ana"}, bo, nil},
	} {
		if got := tc.c.ActBy(tc.a); !errors.Is(got, tc.want) && got != tc.want {
			t.Errorf("%s: %v, want %v", name, got, tc.want)
		}
	}
}
