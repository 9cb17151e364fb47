package sqlite

import (
	"context"

	"github.com/parley-chat/parley"
)

// FreshStack is a DB whose calls made from long-lived goroutines (a
// websocket's reader, above all) run on a short-lived goroutine of their
// own. The driver (C translated to Go) grows the calling goroutine's stack
// by several KiB, and a stack shrinks only at a GC: on the caller's own
// goroutine that growth would stay with every idle connection
// (docs/performance.md, "Idle memory"). The methods not listed here are the
// DB's, on the caller's stack.
type FreshStack struct{ *DB }

// onFreshStack runs f on a goroutine of its own and waits for it.
func onFreshStack(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	<-done
}

// SessionByToken is DB.SessionByToken on a fresh stack.
func (s FreshStack) SessionByToken(ctx context.Context, siteID string, tokenHash []byte) (sess parley.Session, err error) {
	onFreshStack(func() { sess, err = s.DB.SessionByToken(ctx, siteID, tokenHash) })
	return sess, err
}

// CreateSession is DB.CreateSession on a fresh stack.
func (s FreshStack) CreateSession(ctx context.Context, siteID string, tokenHash []byte, c parley.Contact) (sess parley.Session, err error) {
	onFreshStack(func() { sess, err = s.DB.CreateSession(ctx, siteID, tokenHash, c) })
	return sess, err
}

// IdentifySession is DB.IdentifySession on a fresh stack.
func (s FreshStack) IdentifySession(ctx context.Context, siteID string, tokenHash []byte, id parley.Identity) (sess parley.Session, err error) {
	onFreshStack(func() { sess, err = s.DB.IdentifySession(ctx, siteID, tokenHash, id) })
	return sess, err
}

// UpdateContact is DB.UpdateContact on a fresh stack.
func (s FreshStack) UpdateContact(ctx context.Context, contactID string, p parley.ContactPatch) (c parley.Contact, err error) {
	onFreshStack(func() { c, err = s.DB.UpdateContact(ctx, contactID, p) })
	return c, err
}

// Conversation is DB.Conversation on a fresh stack.
func (s FreshStack) Conversation(ctx context.Context, conversationID string) (c parley.Conversation, err error) {
	onFreshStack(func() { c, err = s.DB.Conversation(ctx, conversationID) })
	return c, err
}

// AppendMessage is DB.AppendMessage on a fresh stack.
func (s FreshStack) AppendMessage(ctx context.Context, m parley.Message) (stored parley.Message, created bool, err error) {
	onFreshStack(func() { stored, created, err = s.DB.AppendMessage(ctx, m) })
	return stored, created, err
}

// MessageByClientID is DB.MessageByClientID on a fresh stack.
func (s FreshStack) MessageByClientID(ctx context.Context, conversationID, clientID string) (m parley.Message, err error) {
	onFreshStack(func() { m, err = s.DB.MessageByClientID(ctx, conversationID, clientID) })
	return m, err
}

// Messages is DB.Messages on a fresh stack.
func (s FreshStack) Messages(ctx context.Context, conversationID string, afterSeq int64, limit int, withPrivate bool) (ms []parley.Message, err error) {
	onFreshStack(func() { ms, err = s.DB.Messages(ctx, conversationID, afterSeq, limit, withPrivate) })
	return ms, err
}

// SetRead is DB.SetRead on a fresh stack.
func (s FreshStack) SetRead(ctx context.Context, conversationID string, seq int64) (err error) {
	onFreshStack(func() { err = s.DB.SetRead(ctx, conversationID, seq) })
	return err
}

// RecordFeedback is DB.RecordFeedback on a fresh stack.
func (s FreshStack) RecordFeedback(ctx context.Context, conversationID string, seq int64, helpful bool) (err error) {
	onFreshStack(func() { err = s.DB.RecordFeedback(ctx, conversationID, seq, helpful) })
	return err
}

// RecordCSAT is DB.RecordCSAT on a fresh stack.
func (s FreshStack) RecordCSAT(ctx context.Context, conversationID string, score int, comment string) (err error) {
	onFreshStack(func() { err = s.DB.RecordCSAT(ctx, conversationID, score, comment) })
	return err
}

// RecordNPS is DB.RecordNPS on a fresh stack.
func (s FreshStack) RecordNPS(ctx context.Context, conversationID string, score int, comment string) (err error) {
	onFreshStack(func() { err = s.DB.RecordNPS(ctx, conversationID, score, comment) })
	return err
}
