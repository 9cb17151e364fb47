package api

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/parley-chat/parley"
)

// AttachmentStore keeps uploaded files (an optional capability of Store,
// found by type assertion: without it the attachment routes answer 404).
type AttachmentStore interface {
	PutAttachment(ctx context.Context, a parley.Attachment, data []byte) (parley.Attachment, error)
	Attachment(ctx context.Context, id string) (parley.Attachment, error)
	AttachmentData(ctx context.Context, a parley.Attachment) ([]byte, error)
	AttachmentKey(ctx context.Context) ([]byte, error)
	SessionByToken(ctx context.Context, siteID string, tokenHash []byte) (parley.Session, error)
}

// linkTTL is how long a signed attachment link works: long enough for a
// visitor reading the conversation, short enough that a leaked link dies.
const linkTTL = time.Hour

// attachmentCSP forbids everything a served file could start: no script,
// no plugin, no form; SVG and HTML are never accepted, this is the backstop.
const attachmentCSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"

type attachmentJSON struct {
	parley.AttachmentRef
	URL       string `json:"url"` // signed link, valid for an hour
	ExpiresAt string `json:"expires_at"`
}

type attachmentOut = struct {
	Attachment attachmentJSON `json:"attachment"`
}

type linksOut = struct {
	Links map[string]attachmentJSON `json:"links"`
}

type limitsOut = struct {
	MaxBytes int64 `json:"max_bytes"` // larger uploads are refused (413)
}

func (s *Server) attachmentRoutes() []Route {
	return []Route{
		{"POST", "/api/v1/conversations/{id}/attachments", parley.RoleAgent, "Upload a file (multipart/form-data, part \"file\") to reply with", s.agentUpload, op{Raw: "multipart/form-data", Out: attachmentOut{}, Status: http.StatusCreated}},
		{"POST", "/api/v1/visitor/attachments", "", "A visitor uploads a file (multipart/form-data: site, token, file)", s.visitorUpload, op{Raw: "multipart/form-data", Out: attachmentOut{}, Status: http.StatusCreated}},
		{"OPTIONS", "/api/v1/visitor/attachments", "", "CORS preflight of an upload that reports its progress", s.uploadPreflight, op{Status: http.StatusNoContent}},
		{"GET", "/api/v1/visitor/attachments/limits", "", "The upload limit, so the widget refuses a file too large before sending it", s.visitorLimits, op{Out: limitsOut{}}},
		{"POST", "/api/v1/visitor/attachments/links", "", "Signed links to a visitor's attachments (form: site, token, id…)", s.visitorLinks, op{Raw: "application/x-www-form-urlencoded", Out: linksOut{}}},
		{"GET", "/api/v1/attachments/{id}", "", "An attachment's bytes: for signed-in agents, or with a signed link's exp and sig", s.serveAttachment, op{Query: []string{"exp", "sig"}, Raw: "application/octet-stream"}},
	}
}

func (s *Server) attachments() (AttachmentStore, error) {
	as, ok := s.store.(AttachmentStore)
	if !ok {
		return nil, parley.Errorf(parley.ENOTFOUND, "this server keeps no attachments")
	}
	return as, nil
}

func (s *Server) maxAttachment() int64 {
	if s.cfg.AttachmentMaxBytes > 0 {
		return s.cfg.AttachmentMaxBytes
	}
	return parley.DefaultAttachmentMaxBytes
}

func (s *Server) agentUpload(w http.ResponseWriter, r *http.Request) {
	as, err := s.attachments()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.store.Conversation(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	form, err := s.readUpload(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	me := agentFrom(r.Context())
	s.keep(w, r, as, parley.Attachment{ConversationID: c.ID, Uploader: parley.Author{Kind: parley.AuthorAgent, ID: me.ID}}, form)
}

func (s *Server) visitorUpload(w http.ResponseWriter, r *http.Request) {
	as, err := s.attachments()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	form, err := s.readUpload(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sess, err := s.visitor(w, r, as, form.fields)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.keep(w, r, as, parley.Attachment{ConversationID: sess.Conversation.ID, Uploader: parley.Author{Kind: parley.AuthorVisitor, ID: sess.Contact.ID}}, form)
}

// keep sniffs and stores an uploaded file and answers with its signed link.
func (s *Server) keep(w http.ResponseWriter, r *http.Request, as AttachmentStore, a parley.Attachment, f upload) {
	ct, err := parley.SniffAttachment(f.data, f.name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a.Filename, a.ContentType = f.name, ct
	a, err = as.PutAttachment(r.Context(), a, f.data)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	j, err := s.link(r.Context(), as, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, attachmentOut{Attachment: j})
}

// visitor authenticates a visitor by the site key and session token in the
// form (not a header: a multipart or urlencoded POST needs no CORS
// preflight from the widget's page), and lets the page read the answer
// when the site allows its origin.
func (s *Server) visitor(w http.ResponseWriter, r *http.Request, as AttachmentStore, form url.Values) (parley.Session, error) {
	site, err := s.store.SiteByKey(r.Context(), form.Get("site"))
	if errors.Is(err, parley.ErrNotFound) {
		return parley.Session{}, parley.Errorf(parley.EUNAUTHORIZED, "unknown site or session")
	} else if err != nil {
		return parley.Session{}, err
	}
	if o := r.Header.Get("Origin"); o != "" {
		if !site.OriginAllowed(o) {
			return parley.Session{}, parley.Errorf(parley.EFORBIDDEN, "origin %s is not allowed for this site", o)
		}
		w.Header().Set("Access-Control-Allow-Origin", o)
		w.Header().Add("Vary", "Origin")
	}
	token := form.Get("token")
	if token == "" {
		return parley.Session{}, parley.Errorf(parley.EUNAUTHORIZED, "unknown site or session")
	}
	sess, err := as.SessionByToken(r.Context(), site.ID, parley.HashToken(token))
	if errors.Is(err, parley.ErrNotFound) {
		return parley.Session{}, parley.Errorf(parley.EUNAUTHORIZED, "unknown site or session")
	}
	return sess, err
}

// uploadPreflight lets pages of any origin send an upload with progress
// events (which makes the browser ask first); the upload itself checks
// the site's origins, its token and its file.
func (s *Server) uploadPreflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	if o := r.Header.Get("Origin"); o != "" {
		h.Set("Access-Control-Allow-Origin", o)
		h.Add("Vary", "Origin")
	}
	h.Set("Access-Control-Allow-Methods", "POST")
	h.Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
}

// visitorLimits answers any page: the limit is the server's, no secret.
func (s *Server) visitorLimits(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	writeJSON(w, http.StatusOK, limitsOut{MaxBytes: s.maxAttachment()})
}

func (s *Server) visitorLinks(w http.ResponseWriter, r *http.Request) {
	as, err := s.attachments()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, parley.Errorf(parley.EINVALID, "send a form: site, token, id…"))
		return
	}
	sess, err := s.visitor(w, r, as, r.PostForm)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ids := r.PostForm["id"]
	if len(ids) > 100 {
		s.fail(w, r, parley.Errorf(parley.EINVALID, "at most 100 ids at once"))
		return
	}
	out := linksOut{Links: map[string]attachmentJSON{}}
	for _, id := range ids {
		a, err := as.Attachment(r.Context(), id)
		if errors.Is(err, parley.ErrNotFound) {
			continue // unknown ids are left out, like other visitors' ones
		} else if err != nil {
			s.fail(w, r, err)
			return
		}
		c, err := s.store.Conversation(r.Context(), a.ConversationID)
		if err != nil || c.ContactID != sess.Contact.ID {
			continue
		}
		if out.Links[id], err = s.link(r.Context(), as, a); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// link signs a's URL: the HMAC of its id and expiry under the store's key.
func (s *Server) link(ctx context.Context, as AttachmentStore, a parley.Attachment) (attachmentJSON, error) {
	key, err := as.AttachmentKey(ctx)
	if err != nil {
		return attachmentJSON{}, err
	}
	exp := s.now().Add(linkTTL).Unix()
	q := url.Values{"exp": {strconv.FormatInt(exp, 10)}, "sig": {sign(key, a.ID, exp)}}
	return attachmentJSON{AttachmentRef: a.Ref(), URL: "/api/v1/attachments/" + url.PathEscape(a.ID) + "?" + q.Encode(),
		ExpiresAt: time.Unix(exp, 0).UTC().Format(time.RFC3339)}, nil
}

func sign(key []byte, id string, exp int64) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id + "\n" + strconv.FormatInt(exp, 10)))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// serveAttachment answers a signed link, else a signed-in agent. Anything
// else is 403, the same for unknown ids, so ids reveal nothing.
func (s *Server) serveAttachment(w http.ResponseWriter, r *http.Request) {
	as, err := s.attachments()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := r.PathValue("id")
	if q := r.URL.Query(); q.Has("sig") {
		key, err := as.AttachmentKey(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		exp, perr := strconv.ParseInt(q.Get("exp"), 10, 64)
		if perr != nil || !hmac.Equal([]byte(q.Get("sig")), []byte(sign(key, id, exp))) {
			s.fail(w, r, parley.Errorf(parley.EFORBIDDEN, "this link is not valid"))
			return
		}
		if s.now().Unix() > exp {
			s.fail(w, r, parley.Errorf(parley.EFORBIDDEN, "this link has expired; open the conversation again"))
			return
		}
	} else if _, err := s.Authenticate(r); err != nil {
		s.fail(w, r, parley.Errorf(parley.EFORBIDDEN, "sign in or use a signed link"))
		return
	}
	a, err := as.Attachment(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, err := as.AttachmentData(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.ContentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", attachmentCSP)
	h.Set("Cross-Origin-Resource-Policy", "cross-origin") // the widget shows images on the customer's page
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "private, max-age=3600")
	disp := "attachment"
	if parley.InlineType(a.ContentType) {
		disp = "inline"
	}
	h.Set("Content-Disposition", mime.FormatMediaType(disp, map[string]string{"filename": a.Filename}))
	http.ServeContent(w, r, "", a.CreatedAt, bytes.NewReader(data))
}

// upload is a multipart form's file and its other fields.
type upload struct {
	name   string
	data   []byte
	fields url.Values
}

// readUpload reads a multipart form with one "file" part no larger than
// the limit (413 too_large beyond) and small text fields.
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request) (upload, error) {
	limit := s.maxAttachment()
	r.Body = http.MaxBytesReader(w, r.Body, limit+64<<10)
	mr, err := r.MultipartReader()
	if err != nil {
		return upload{}, parley.Errorf(parley.EINVALID, "send multipart/form-data with the file in a part named \"file\"")
	}
	out := upload{fields: url.Values{}}
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return upload{}, tooLarge(err, limit, "the form is not valid multipart")
		}
		if p.FormName() == "file" {
			if out.data, err = io.ReadAll(io.LimitReader(p, limit+1)); err != nil {
				return upload{}, tooLarge(err, limit, "the file could not be read")
			}
			if int64(len(out.data)) > limit {
				return upload{}, parley.Errorf(parley.ETOOLARGE, "the file is larger than %d bytes", limit)
			}
			out.name = p.FileName()
			continue
		}
		v, err := io.ReadAll(io.LimitReader(p, 4096))
		if err != nil {
			return upload{}, tooLarge(err, limit, "the form could not be read")
		}
		out.fields.Add(p.FormName(), string(v))
	}
	if out.data == nil {
		return upload{}, parley.Errorf(parley.EINVALID, "the form has no part named \"file\"")
	}
	return out, nil
}

func tooLarge(err error, limit int64, msg string) error {
	var me *http.MaxBytesError
	if errors.As(err, &me) {
		return parley.Errorf(parley.ETOOLARGE, "the file is larger than %d bytes", limit)
	}
	return parley.Errorf(parley.EINVALID, "%s", msg)
}

// metaDesk is a Desk that stores a reply's meta (handoff.Desk).
type metaDesk interface {
	ReplyMeta(ctx context.Context, conversationID string, by parley.Agent, text string, private bool, meta json.RawMessage) (parley.Message, error)
}

// reply posts an agent's message, with the attachments it names.
func (s *Server) reply(ctx context.Context, conversationID string, by parley.Agent, req messageRequest) (parley.Message, error) {
	if len(req.Attachments) == 0 {
		return s.desk.Reply(ctx, conversationID, by, req.Text, req.Private)
	}
	md, ok := s.desk.(metaDesk)
	as, err := s.attachments()
	if !ok || err != nil {
		return parley.Message{}, parley.Errorf(parley.EINVALID, "this server takes no attachments")
	}
	if len(req.Attachments) > parley.MaxAttachmentsPerMessage {
		return parley.Message{}, parley.Errorf(parley.EINVALID, "at most %d attachments per message", parley.MaxAttachmentsPerMessage)
	}
	list := make([]parley.Attachment, len(req.Attachments))
	for i, id := range req.Attachments {
		a, err := as.Attachment(ctx, id)
		if err == nil {
			err = a.UsableBy(conversationID, parley.Author{Kind: parley.AuthorAgent, ID: by.ID})
		}
		if err != nil {
			return parley.Message{}, err
		}
		list[i] = a
	}
	return md.ReplyMeta(ctx, conversationID, by, req.Text, req.Private, parley.AttachmentsMeta(list))
}
