package storetest

import (
	"context"
	"time"

	"github.com/parley-chat/parley"
)

// Desk is what the desk (handoff) and the agents' API ask of a store: agents
// and their sign-in sessions, teams, SLA policies, and the conversation's
// desk fields with their transitions. Store embeds it.
//
// Every conversation read (Conversation, SessionByToken, SetMode, …) returns
// the desk fields; unset ones are zero, times are UTC at microseconds.
//
// Each transition is one transaction, serialised against every other write
// of that conversation, also across nodes sharing a PostgreSQL database. It
// returns the conversation as stored; a missing conversation (or agent) is
// ErrNotFound, a transition its mode does not allow is ECONFLICT. A change
// sets UpdatedAt to now; MarkResponse leaves it.
type Desk interface {
	// CreateAgent stores a new agent with its password hash (1..1024 bytes,
	// e.g. bcrypt; never a password). ID is generated when empty, CreatedAt is
	// now. Email is trimmed, needs an '@' and is unique case-insensitively
	// (ECONFLICT); Role is agent (when empty) or admin; Capacity is 3 when
	// zero, else 1..100; Languages become canonical tags (see SetLanguage);
	// Teams, Languages and Skills hold no empty entry (else EINVALID) and read
	// back nil when empty. A taken ID is ECONFLICT.
	CreateAgent(ctx context.Context, a parley.Agent, passwordHash []byte) (parley.Agent, error)
	// Agent returns one agent.
	Agent(ctx context.Context, id string) (parley.Agent, error)
	// AgentByEmail finds an agent by email, ignoring case and surrounding
	// space, with its password hash.
	AgentByEmail(ctx context.Context, email string) (parley.Agent, []byte, error)
	// Agents returns every agent but the deleted ones, ordered by name (byte
	// order), then id; none is empty.
	Agents(ctx context.Context) ([]parley.Agent, error)
	// UpdateAgent replaces an agent's fields (matched by ID, checked as in
	// CreateAgent) but neither its password, CreatedAt nor State, and returns
	// it. Lowering Capacity unassigns nothing; the agent just claims no more.
	// A change of Role ends the agent's sessions and revokes the API tokens
	// it created. A deleted agent is ErrNotFound.
	UpdateAgent(ctx context.Context, a parley.Agent) (parley.Agent, error)
	// SetAgentPassword replaces an agent's password hash and, like every
	// change of a credential, ends the agent's sessions and revokes the API
	// tokens it created. A deleted agent is ErrNotFound.
	SetAgentPassword(ctx context.Context, id string, hash []byte) error
	// SetAgentState enables (AgentActive), disables or deletes an agent and
	// returns it; the agent's sessions end and the API tokens it created are
	// revoked. Deleting keeps the row (id, name, role) as the author of its
	// history, frees the email (AgentByEmail no longer finds it, CreateAgent
	// may reuse it), drops the password hash and hides it from Agents; it is
	// final (a later SetAgentState is ECONFLICT). An unknown state is
	// EINVALID, an unknown agent ErrNotFound. Assigned conversations stay
	// assigned: the caller requeues them. Disabled and deleted agents claim
	// nothing (ECONFLICT).
	SetAgentState(ctx context.Context, id string, state parley.AgentState) (parley.Agent, error)
	// DeleteAgentSessions ends every sign-in session of the agent ("sign
	// out everywhere"); API tokens are kept. No session is no error.
	DeleteAgentSessions(ctx context.Context, agentID string) error

	// CreateAuthSession stores an agent's sign-in session under tokenHash, a
	// SHA-256 digest (parley.HashToken; else EINVALID), until expires (not
	// zero). An unknown agent is ErrNotFound, a bound hash ECONFLICT. The
	// agent's expired sessions are deleted on the way.
	CreateAuthSession(ctx context.Context, tokenHash []byte, agentID string, expires time.Time) error
	// AuthSession returns the session's agent and expiry (UTC, microseconds);
	// ErrNotFound when unknown or expired (expires not after now).
	AuthSession(ctx context.Context, tokenHash []byte) (agentID string, expires time.Time, err error)
	// DeleteAuthSession signs a session out; an unknown one is no error.
	DeleteAuthSession(ctx context.Context, tokenHash []byte) error

	// PutTeam stores t by Key: inserted (ID generated) or updated (ID kept;
	// t.ID is ignored), Hours stored as given (handoff.NewHours validates
	// them) with empty parts read back nil. It returns the stored team.
	PutTeam(ctx context.Context, t parley.Team) (parley.Team, error)
	// Teams returns every team ordered by key (byte order); none is empty.
	Teams(ctx context.Context) ([]parley.Team, error)
	// Team returns the team with key.
	Team(ctx context.Context, key string) (parley.Team, error)
	// PutSLAPolicies replaces every policy with ps in one transaction.
	// Urgency and Segment are known or empty, targets not negative, and no
	// two policies share urgency and segment (else EINVALID, nothing changes).
	PutSLAPolicies(ctx context.Context, ps []parley.SLAPolicy) error
	// SLAPolicies returns the policies in the order put; none is empty.
	SLAPolicies(ctx context.Context) ([]parley.SLAPolicy, error)

	// Enqueue hands a conversation in mode bot or resolved to the queue:
	// mode queued with e's Team, Urgency (known or empty), HandoffReason,
	// QueuedAt (now when zero) and due times; AssigneeID, FirstResponseAt and
	// ResolvedAt clear (a new handoff). Queued or assigned is ECONFLICT.
	Enqueue(ctx context.Context, conversationID string, e parley.Conversation) (parley.Conversation, error)
	// Claim assigns a queued conversation to the agent for automatic routing
	// (parley.Conversation.Claim): mode assigned, AssigneeID, if the agent is
	// active and holds fewer assigned conversations than its Capacity (else
	// ECONFLICT). Already the agent's: returned unchanged. Another agent's,
	// bot or resolved: ECONFLICT. Of racing claims, on any nodes, exactly one
	// wins, and a claim never takes an agent past its capacity.
	Claim(ctx context.Context, conversationID, agentID string) (parley.Conversation, error)
	// Assign is Claim for a person's choice (parley.Conversation.Assign): an
	// agent taking a conversation, or an admin assigning one. The agent's
	// Capacity does not limit it; everything else is as in Claim, the
	// conversation.assigned activity too.
	Assign(ctx context.Context, conversationID, agentID string) (parley.Conversation, error)
	// Transfer puts a queued or assigned conversation back in the queue under
	// team (not empty), unassigned; QueuedAt, history and the rest stay. Bot
	// or resolved is ECONFLICT.
	Transfer(ctx context.Context, conversationID, team string) (parley.Conversation, error)
	// Resolve resolves a conversation in any mode at at (now when zero),
	// keeping its assignee for reports. Resolved already: returned unchanged.
	Resolve(ctx context.Context, conversationID string, at time.Time) (parley.Conversation, error)
	// Reopen takes a resolved conversation to mode (bot or queued, else
	// EINVALID), unassigned, ResolvedAt cleared; to queued it enters the queue
	// now (QueuedAt). Not resolved is ECONFLICT.
	Reopen(ctx context.Context, conversationID string, mode parley.Mode) (parley.Conversation, error)
	// MarkResponse records a person's reply at at (now when zero):
	// FirstResponseAt is set when zero; NextResponseDue becomes nextDue.
	MarkResponse(ctx context.Context, conversationID string, at time.Time, nextDue time.Time) error

	// Queue lists conversations for the desk and the API (GET
	// /conversations): those in f.Mode (queued when empty) on f.SiteID, with
	// f.Team and f.AssigneeID when set, at most f.Limit (0: 100; negative or
	// over 1000 EINVALID). Queued ones come in queue order: UrgencyRank
	// descending, then FirstResponseDue (zero last), QueuedAt, ID; other modes
	// most recently updated first, then ID descending. None is empty.
	Queue(ctx context.Context, f parley.QueueFilter) ([]parley.Conversation, error)
	// QueuePosition is a queued conversation's place in Queue's order among
	// its team's (every team's when it has none), from 1; 0 when it is not
	// queued or unknown.
	QueuePosition(ctx context.Context, conversationID string) (int, error)
	// AssignedCount returns how many conversations the agent has in mode
	// assigned; an unknown agent is ErrNotFound.
	AssignedCount(ctx context.Context, agentID string) (int, error)
}
