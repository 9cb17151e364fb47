package gateway

// VisitorConnected reports whether a visitor's websocket on this node
// follows the conversation (agents' consoles do not count). With several
// nodes it knows only its own: a visitor on another node shows up by
// writing, which the mail service also checks.
func (h *Hub) VisitorConnected(conversationID string) bool {
	topic := ConversationTopic(conversationID)
	sh := h.shard(topic)
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	for s := range sh.topics[topic] {
		if _, ok := s.(*session); ok {
			return true
		}
	}
	return false
}
