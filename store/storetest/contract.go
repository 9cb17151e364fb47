package storetest

import (
	"context"
	"time"

	"github.com/parley-chat/parley"
)

// Store is the union of what the product's packages ask of a store; each
// consumer (gateway, kb, handoff) declares its own smaller interface.
//
// Semantics every implementation must keep (the suite checks each one):
//   - Errors: a missing row is an error matching parley.ErrNotFound; input the
//     store refuses is a *parley.Error with code parley.EINVALID.
//   - Ids are parley.NewID() values, never sequential. Times are UTC.
//   - Safe for concurrent use by many goroutines and, for PostgreSQL, by many
//     processes sharing one database.
type Store interface {
	Desk  // agents, teams, SLA policies and the desk's transitions
	Admin // audit trail, intents, bot settings, replay questions

	Integrations // API tokens, webhook endpoints and their outbox
	HelpCenter   // readers' votes on help-center articles

	// EnsureSite creates the site with s.Key if none exists (s.ID is generated
	// when empty) and returns the stored site either way; it never overwrites.
	EnsureSite(ctx context.Context, s parley.Site) (parley.Site, error)
	// SiteByKey finds a site by its public key.
	SiteByKey(ctx context.Context, key string) (parley.Site, error)
	// UpdateSite replaces a site's settings (matched by ID).
	UpdateSite(ctx context.Context, s parley.Site) error
	// SiteByID finds a site by its id.
	SiteByID(ctx context.Context, id string) (parley.Site, error)
	// Sites returns every site ordered by key (byte order); none is empty.
	Sites(ctx context.Context) ([]parley.Site, error)
	// ProactiveRules returns a site's proactive message rules in the order
	// put (none is empty); an unknown site is ErrNotFound.
	ProactiveRules(ctx context.Context, siteID string) ([]parley.ProactiveRule, error)
	// PutProactiveRules replaces a site's rules (parley.ValidateProactive,
	// else EINVALID; message language tags stored canonical).
	PutProactiveRules(ctx context.Context, siteID string, rules []parley.ProactiveRule) error
	// ClaimForContact records that key (e.g. a proactive rule's message, the
	// NPS survey) was done for the contact now, unless it was already claimed
	// within the last every; it reports whether this call claimed. Racing
	// calls, from any node, claim once. An unknown contact is ErrNotFound.
	ClaimForContact(ctx context.Context, contactID, key string, every time.Duration) (bool, error)

	// CreateSession creates a contact (segment c.Segment, visitor when empty)
	// with an open conversation in mode bot, and binds tokenHash to the contact.
	// tokenHash must be a SHA-256 digest (parley.HashToken) or it is EINVALID,
	// so a plaintext token is never stored; an already bound one is ECONFLICT.
	CreateSession(ctx context.Context, siteID string, tokenHash []byte, c parley.Contact) (parley.Session, error)
	// SessionByToken returns the contact bound to tokenHash on the site and
	// that contact's current (most recent) conversation.
	SessionByToken(ctx context.Context, siteID string, tokenHash []byte) (parley.Session, error)
	// IdentifySession proves tokenHash's holder is the site's user id.UserID:
	//   - no contact has that user id yet: the token's contact becomes it
	//     (UserID set, segment user, email/name/attributes merged);
	//   - another contact already has it: tokenHash is re-bound to that contact,
	//     whose current conversation (its history) the session then shows;
	//   - tokenHash is unknown: a new session is created for the user.
	// (A token whose contact already proved another user id moves to a new
	// contact for id.UserID.) An empty id.UserID is EINVALID.
	// Two racing calls for one new user id end with one contact.
	IdentifySession(ctx context.Context, siteID string, tokenHash []byte, id parley.Identity) (parley.Session, error)
	// UpdateContact merges p into the contact: non-empty fields replace, the
	// segment only rises (Segment.Max), attributes are merged key by key.
	UpdateContact(ctx context.Context, contactID string, p parley.ContactPatch) (parley.Contact, error)
	// Contact returns one contact.
	Contact(ctx context.Context, contactID string) (parley.Contact, error)
	// Conversation returns one conversation.
	Conversation(ctx context.Context, conversationID string) (parley.Conversation, error)

	// AppendMessage stores m in one transaction and returns it as stored, with
	// ID (when empty), Seq and CreatedAt (when zero) set. Seq is the
	// conversation's next number: strictly increasing, no two messages share one.
	// When m.ClientID is non-empty and that conversation already holds a message
	// with it, nothing is stored and the earlier message is returned with
	// created=false — also when many goroutines or nodes race with one ClientID.
	// An unknown conversation is ErrNotFound. The append is durable when it returns.
	AppendMessage(ctx context.Context, m parley.Message) (stored parley.Message, created bool, err error)
	// MessageByClientID finds a conversation's message by its client id.
	MessageByClientID(ctx context.Context, conversationID, clientID string) (parley.Message, error)
	// Messages returns up to limit messages with Seq > afterSeq in ascending
	// Seq order; private notes only when withPrivate. limit must be positive
	// (EINVALID otherwise); an unknown conversation is ErrNotFound.
	Messages(ctx context.Context, conversationID string, afterSeq int64, limit int, withPrivate bool) ([]parley.Message, error)

	// SetRead records that the visitor read up to seq; the marker only rises.
	// A seq outside 0..LastSeq is EINVALID.
	SetRead(ctx context.Context, conversationID string, seq int64) error
	// RecordFeedback stores helpful/unhelpful for a bot message (the last vote
	// per message wins). A seq that is not a bot message is EINVALID; an
	// unknown seq is ErrNotFound.
	RecordFeedback(ctx context.Context, conversationID string, seq int64, helpful bool) error
	// RecordCSAT stores a rating 1–5 with an optional comment (last one wins per
	// conversation); a score out of range is EINVALID.
	RecordCSAT(ctx context.Context, conversationID string, score int, comment string) error
	// RecordNPS stores a net promoter score 0–10 with an optional comment;
	// out of range is EINVALID, an unknown conversation ErrNotFound. A second
	// score for the conversation replaces the first (the visitor changed their
	// mind; reports count one score per conversation), and each call records
	// an nps.received activity.
	RecordNPS(ctx context.Context, conversationID string, score int, comment string) error
	// Activities returns up to limit activities with N > afterN, in N order
	// (limit must be positive, else EINVALID). Every change below writes its
	// activity in its own transaction, so an activity exists exactly when its
	// change was stored: CreateSession and IdentifySession creating a
	// conversation (conversation.created), Enqueue (handed_off: Team, Reason),
	// Claim and Assign (assigned: AgentID, Team), Transfer (transferred:
	// Team), Resolve (resolved: AgentID when assigned, Team), Reopen
	// (reopened), RecordCSAT and RecordNPS (csat/nps.received: Score), and
	// PutArticle storing a published article that is new, has new content or
	// was just published (article.published: ArticleID). A call that changes nothing (claiming
	// one's own conversation, resolving a resolved one, an identical article)
	// records nothing. SiteID is the conversation's or article's site; At is
	// the store's clock. N only rises, and once a reader has seen N, no
	// activity with a lower N appears later, so afterN is a safe cursor.
	Activities(ctx context.Context, afterN int64, limit int) ([]parley.Activity, error)
	// Feedback returns the votes on a conversation's bot messages: message seq
	// → helpful, the last vote per message. None is an empty map; an unknown
	// conversation is ErrNotFound.
	Feedback(ctx context.Context, conversationID string) (map[int64]bool, error)
	// CSAT returns the conversation's rating (the last one recorded);
	// ErrNotFound when there is none (or no such conversation).
	CSAT(ctx context.Context, conversationID string) (score int, comment string, err error)
	// SetMode changes a conversation's mode, with none of the desk's rules
	// (Enqueue, Claim, … keep them); entering queued from another mode sets
	// QueuedAt to now, so the queue can order the conversation.
	SetMode(ctx context.Context, conversationID string, mode parley.Mode) (parley.Conversation, error)
	// SetLanguage sets the conversation's detected language
	// (Conversation.Language): a BCP 47-style tag of at most 35 bytes, a 2–3
	// letter language then subtags of 1–8 letters or digits ("en", "sr-Latn",
	// "pt-BR"), stored in canonical case ("PT-br" is "pt-BR"); anything else is
	// EINVALID. Empty clears it. UpdatedAt moves only when the language changes.
	SetLanguage(ctx context.Context, conversationID, lang string) error

	// RecordDecision stores one bot decision with every field and returns it
	// as stored: ID generated when empty, CreatedAt now when zero (UTC,
	// microseconds), Language canonical as in SetLanguage, empty Reasons and
	// Articles nil. Action must be known, Urgency known or empty, Confidence
	// within 0..1, seqs not negative, texts storable (else EINVALID). An
	// unknown conversation is ErrNotFound. Recording the same decision again
	// (same ID and content, as returned) is a no-op returning it; another
	// decision with a taken ID is ECONFLICT.
	RecordDecision(ctx context.Context, d parley.Decision) (parley.Decision, error)
	// Decisions returns a conversation's decisions oldest first: by CreatedAt,
	// then in recording order. None is empty; an unknown conversation is
	// ErrNotFound.
	Decisions(ctx context.Context, conversationID string) ([]parley.Decision, error)

	// PutArticle stores a knowledge-base article: by a.ID when that article
	// exists (a slug or language change renames it), else by (SiteID, Slug,
	// Language). A new article gets ID (when empty) and Version 1; new
	// content (parley.Article.SameContent) raises Version by one and keeps
	// every earlier version; a new Status alone (publish, unpublish) changes
	// the current version's status in place, keeping its Version, UpdatedBy
	// and UpdatedAt; identical content and status change nothing. The last
	// of ArticleVersions is always the article as Article returns it. A non-zero a.Version on an update must equal the stored
	// one, else ECONFLICT (two editors never overwrite each other unseen).
	// Empty Status is draft. An unknown site is ErrNotFound; a key or ID held
	// by another article is ECONFLICT. Racing puts of one key end in one article.
	PutArticle(ctx context.Context, a parley.Article) (parley.Article, error)
	// Article returns an article's current version.
	Article(ctx context.Context, id string) (parley.Article, error)
	// Articles returns a site's current articles matching f, ordered by
	// collection, slug and language (byte order). An unknown site is ErrNotFound.
	Articles(ctx context.Context, siteID string, f parley.ArticleFilter) ([]parley.Article, error)
	// ArticleVersions returns every version of an article, oldest first; the
	// last is the current one.
	ArticleVersions(ctx context.Context, id string) ([]parley.Article, error)
	// DeleteArticle removes an article and its history.
	DeleteArticle(ctx context.Context, id string) error

	// Ping answers nil when the database answers.
	Ping(ctx context.Context) error
	Close() error
}
