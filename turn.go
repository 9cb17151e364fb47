package parley

import "time"

// The bot's turn on one visitor message: one read of what the bot needs
// (TurnState) and one all-or-nothing write of what it decided (Turn), so a
// crash never leaves a reply without its decision.

// TurnHistory is how many messages before the one decided on a turn reads
// (and as many after it: messages the visitor sent meanwhile).
const TurnHistory = 30

// TurnState is what the bot's turn on visitor message Seq reads, in one
// store call. History, Decisions and Feedback are read only when the bot may
// answer (bot or resolved mode); queued and assigned conversations get the
// conversation and its contact.
type TurnState struct {
	Conversation Conversation
	Contact      Contact
	History      []Message      // visitor-visible, oldest first, seq > Seq-TurnHistory
	Decisions    []Decision     // oldest first
	Feedback     map[int64]bool // bot message seq → helpful
	// Version is the conversation row's version as read, where the store
	// keeps one (PostgreSQL); "" elsewhere.
	Version string
}

// Turn is what one bot turn stores, in one transaction.
type Turn struct {
	// Decision is recorded with ReplySeq set to the reply's seq (0 when
	// there is none); its ConversationID says which conversation.
	Decision Decision
	// Reply is the bot's message, nil when it says nothing. Its client id is
	// the turn's idempotency key.
	Reply *Message
	// Handoff is the queue entry Conversation.Enqueue applies (team,
	// urgency, reason, due times); a handoff decision needs one, no other may
	// have one.
	Handoff *Conversation
	// Basis is the conversation as the turn's state read it, and
	// BasisVersion its row version (TurnState.Version): with a version, a
	// store that keeps them writes the turn against that read and reads the
	// conversation again only if it has moved since. Empty: read at commit.
	Basis        Conversation
	BasisVersion string
}

// TurnResult is what committing a turn stored.
type TurnResult struct {
	Conversation Conversation // as stored after the turn
	Decision     Decision     // as recorded (zero when dropped)
	Reply        *Message     // as stored (nil: none, or dropped)
	// Dropped: the conversation had left bot mode (people took over), so
	// nothing was stored.
	Dropped bool
	// Retried: the reply's client id was already stored, so an earlier
	// commit of this turn stands and nothing more was stored.
	Retried bool
}

// NewTurn checks a turn before it is committed and fills what committing
// gives it (NewDecision, NewMessage): a reply must be the bot's, in the
// decision's conversation, with a client id; a handoff decision needs its
// queue entry and no other decision may have one (EINVALID).
func NewTurn(t Turn, now time.Time) (Turn, error) {
	d, err := NewDecision(t.Decision, now)
	if err != nil {
		return t, err
	}
	d.ReplySeq = 0
	t.Decision = d
	if t.Reply != nil {
		m, err := NewMessage(*t.Reply, now)
		if err != nil {
			return t, err
		}
		switch {
		case m.ConversationID != d.ConversationID:
			return t, Errorf(EINVALID, "turn reply is in conversation %q, its decision in %q", m.ConversationID, d.ConversationID)
		case m.Author.Kind != AuthorBot:
			return t, Errorf(EINVALID, "turn reply is by %s, not the bot", m.Author.Kind)
		case m.ClientID == "":
			return t, Errorf(EINVALID, "turn reply needs a client id")
		}
		t.Reply = &m
	}
	switch {
	case d.Action == ActionHandoff && t.Handoff == nil:
		return t, Errorf(EINVALID, "a handoff decision needs its queue entry")
	case d.Action != ActionHandoff && t.Handoff != nil:
		return t, Errorf(EINVALID, "a %s decision takes no queue entry", d.Action)
	}
	return t, nil
}

// TakeTurn applies a checked turn (NewTurn) to the conversation as stored:
// a conversation out of bot mode takes no turn (taken false: people took
// over); else it gets the reply's seq, the decision's language and, on a
// handoff, the queue entry. UpdatedAt moves when anything changes.
func (c Conversation) TakeTurn(t Turn, now time.Time) (_ Conversation, taken bool, err error) {
	if c.Mode != ModeBot {
		return c, false, nil
	}
	moved := false
	if t.Reply != nil {
		c.LastSeq++
		moved = true
	}
	if l := t.Decision.Language; l != "" && l != c.Language {
		c.Language, moved = l, true
	}
	if t.Handoff != nil {
		if c, err = c.Enqueue(*t.Handoff, now); err != nil {
			return c, false, err
		}
		moved = true
	}
	if moved {
		c.UpdatedAt = now
	}
	return c, true, nil
}
