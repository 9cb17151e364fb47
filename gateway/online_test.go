package gateway

import "testing"

type otherSubscriber struct{}

func (otherSubscriber) deliver(*delivery) {}

func TestHubVisitorConnected(t *testing.T) {
	h := NewHub(nil)
	visitor := &session{}
	h.subscribe(ConversationTopic("c1"), otherSubscriber{})
	if h.VisitorConnected("c1") {
		t.Error("a non-visitor subscriber counts as the visitor")
	}
	h.subscribe(ConversationTopic("c1"), visitor)
	if !h.VisitorConnected("c1") || h.VisitorConnected("c2") {
		t.Error("visitor on c1 not seen, or seen on c2")
	}
	h.unsubscribe(ConversationTopic("c1"), visitor)
	if h.VisitorConnected("c1") {
		t.Error("still connected after leaving")
	}
}
