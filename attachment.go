package parley

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Attachment is a file a visitor or an agent added to a conversation. The
// bytes are kept by the store, addressed by SHA256 (hex); the metadata
// names the conversation, who uploaded it and what it is.
type Attachment struct {
	ID             string
	ConversationID string
	Uploader       Author // Kind and ID (contact or agent); Name unused
	Filename       string // sanitised (SanitizeFilename)
	ContentType    string // sniffed from the bytes, never the client's word
	Size           int64
	SHA256         string
	CreatedAt      time.Time
}

// DefaultAttachmentMaxBytes is the upload limit unless configured.
const DefaultAttachmentMaxBytes = 10 << 20

// MaxAttachmentsPerMessage bounds the files one message references.
const MaxAttachmentsPerMessage = 10

// allowed maps sniffed types (http.DetectContentType, parameters dropped)
// to whether a browser may show them inline. Only raster images are
// inline: SVG and HTML can run script, so they are never accepted at all.
var allowed = map[string]bool{
	"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true,
	"application/pdf": false, "text/plain": false, "application/zip": false,
}

// office maps the extensions whose zip container is an Office document
// (docx, xlsx, pptx are zip files to the sniffer) to their real type.
var office = map[string]string{
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	".odt":  "application/vnd.oasis.opendocument.text",
	".ods":  "application/vnd.oasis.opendocument.spreadsheet",
}

// markup lists extensions of files that run script when opened.
var markup = map[string]bool{".svg": true, ".svgz": true, ".html": true, ".htm": true, ".xhtml": true, ".xml": true, ".js": true, ".mjs": true, ".hta": true}

// SniffAttachment decides the content type of data from its bytes (the
// filename refines only a zip into an Office type and plain text into
// CSV). Anything outside the allow-list is EINVALID.
func SniffAttachment(data []byte, filename string) (contentType string, err error) {
	ct := http.DetectContentType(data)
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	if _, ok := allowed[ct]; !ok {
		return "", Errorf(EINVALID, "files of type %s are not accepted; send an image (PNG, JPEG, GIF, WebP), a PDF, text, CSV, a zip or an Office document", ct)
	}
	ext := strings.ToLower(path.Ext(filename))
	switch {
	case ct == "application/zip" && office[ext] != "":
		return office[ext], nil
	case ct == "text/plain" && ext == ".csv":
		return "text/csv", nil
	case ct == "text/plain" && markup[ext]:
		// Markup the sniffer took for text: saved and opened, it would run.
		return "", Errorf(EINVALID, "%s files are not accepted", ext)
	case ct == "text/plain" && !utf8.Valid(data):
		return "", Errorf(EINVALID, "text files must be UTF-8")
	}
	return ct, nil
}

// InlineType reports whether a browser may show a file of this type in
// the page rather than download it: raster images only.
func InlineType(contentType string) bool { return allowed[contentType] }

// SanitizeFilename keeps a file's base name without directory parts,
// control or bidirectional-override characters, quotes or path
// separators, at most 120 characters; an empty result is "file".
func SanitizeFilename(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = name[strings.LastIndexByte(name, '/')+1:]
	var b strings.Builder
	n := 0
	for _, r := range name {
		if n >= 120 {
			break
		}
		switch {
		case r == utf8.RuneError, unicode.IsControl(r), unicode.Is(unicode.Bidi_Control, r),
			r == '"', r == ':', r == '*', r == '?', r == '<', r == '>', r == '|':
			r = '_'
		}
		b.WriteRune(r)
		n++
	}
	out := strings.Trim(strings.TrimSpace(b.String()), ".")
	if out == "" {
		return "file"
	}
	return out
}

// NewAttachment checks a before a store keeps it with data, and fills what
// the store decides: ID (when empty), Size, SHA256, CreatedAt (when zero)
// and the sanitised Filename. Refusals are EINVALID.
func NewAttachment(a Attachment, data []byte, now time.Time) (Attachment, error) {
	switch {
	case a.ConversationID == "":
		return a, Errorf(EINVALID, "attachment needs a conversation")
	case a.Uploader.Kind != AuthorVisitor && a.Uploader.Kind != AuthorAgent:
		return a, Errorf(EINVALID, "attachments are uploaded by a visitor or an agent, not %q", a.Uploader.Kind)
	case a.Uploader.ID == "":
		return a, Errorf(EINVALID, "attachment needs its uploader's id")
	case len(data) == 0:
		return a, Errorf(EINVALID, "the file is empty")
	case a.ContentType == "":
		return a, Errorf(EINVALID, "attachment needs a content type")
	}
	if a.ID == "" {
		a.ID = NewID()
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = now
	}
	sum := sha256.Sum256(data)
	a.SHA256 = hex.EncodeToString(sum[:])
	a.Size = int64(len(data))
	a.Filename = SanitizeFilename(a.Filename)
	a.Uploader.Name = ""
	return a, nil
}

// AttachmentRef is how a message's meta names an attachment
// (meta.attachments), for the transcript on both sides.
type AttachmentRef struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Type  string `json:"type"`
	Size  int64  `json:"size"`
	Image bool   `json:"image"` // shown inline as a thumbnail
}

// Ref is a's entry in a message's meta.
func (a Attachment) Ref() AttachmentRef {
	return AttachmentRef{ID: a.ID, Name: a.Filename, Type: a.ContentType, Size: a.Size, Image: InlineType(a.ContentType)}
}

// AttachmentsMeta is the meta object of a message carrying as.
func AttachmentsMeta(as []Attachment) json.RawMessage {
	refs := make([]AttachmentRef, len(as))
	for i, a := range as {
		refs[i] = a.Ref()
	}
	b, _ := json.Marshal(map[string]any{"attachments": refs})
	return b
}

// UsableBy refuses an attachment that a message in conversationID by
// author may not reference: another conversation's, or (for a visitor)
// one the visitor did not upload. Refusals are ENOTFOUND, as for an
// unknown id, so ids of other conversations reveal nothing.
func (a Attachment) UsableBy(conversationID string, by Author) error {
	if a.ConversationID != conversationID || (by.Kind == AuthorVisitor && (a.Uploader.Kind != AuthorVisitor || a.Uploader.ID != by.ID)) {
		return Errorf(ENOTFOUND, "no attachment %s in this conversation", a.ID)
	}
	return nil
}
