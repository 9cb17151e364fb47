package parley

// ActBy reports whether agent a may act on c: reply, write an internal
// note, transfer, resolve or show typing. Anyone may act on a conversation
// nobody holds (the bot's, the queue's, a resolved one); one assigned to an
// agent is theirs alone, admins excepted. The desk's REST calls and the
// agents' websocket all ask this one rule.
func (c Conversation) ActBy(a Agent) error {
	if c.Mode != ModeAssigned || c.AssigneeID == "" || c.AssigneeID == a.ID || a.Role == RoleAdmin {
		return nil
	}
	return ErrAssignedToOther
}

// ErrAssignedToOther is ActBy's refusal (409: take it over by asking an
// admin to reassign it).
var ErrAssignedToOther = &Error{Code: ECONFLICT, Message: "the conversation is assigned to another agent; ask an admin to reassign it"}
