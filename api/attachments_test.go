package api

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")

// multipartBody builds a form with fields and a "file" part; the part's
// Content-Type claims image/png whatever it holds, as a hostile client may.
func multipartBody(t *testing.T, fields map[string]string, name string, data []byte) (string, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	h := make(map[string][]string)
	h["Content-Disposition"] = []string{`form-data; name="file"; filename="` + name + `"`}
	h["Content-Type"] = []string{"image/png"}
	p, _ := mw.CreatePart(h)
	p.Write(data)
	mw.Close()
	return mw.FormDataContentType(), &buf
}

func (f *fixture) upload(t *testing.T, path, token string, fields map[string]string, name string, data []byte) (int, map[string]any) {
	t.Helper()
	ct, body := multipartBody(t, fields, name, data)
	return f.send(t, "POST", path, token, ct, body)
}

func get(t *testing.T, url, token string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

// visitorSession makes a visitor on the demo site and returns its token.
func (f *fixture) visitorSession(t *testing.T) (string, parley.Session) {
	t.Helper()
	site, _ := f.db.SiteByKey(t.Context(), "demo")
	token := parley.NewToken()
	sess, err := f.db.CreateSession(t.Context(), site.ID, parley.HashToken(token), parley.Contact{})
	if err != nil {
		t.Fatal(err)
	}
	return token, sess
}

func TestVisitorUploadSniffsAndServes(t *testing.T) {
	f := newFixture(t)
	token, _ := f.visitorSession(t)
	st, out := f.upload(t, "/api/v1/visitor/attachments", "", map[string]string{"site": "demo", "token": token}, "../../shot:1.png", pngBytes)
	if st != 201 {
		t.Fatalf("upload: %d %v", st, out)
	}
	a := out["attachment"].(map[string]any)
	if a["type"] != "image/png" || a["name"] != "shot_1.png" || a["image"] != true || a["size"].(float64) != float64(len(pngBytes)) {
		t.Fatalf("attachment %v", a)
	}
	resp, body := get(t, f.srv.URL+a["url"].(string), "")
	h := resp.Header
	if resp.StatusCode != 200 || !bytes.Equal(body, pngBytes) || h.Get("Content-Type") != "image/png" ||
		h.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'none'") ||
		!strings.HasPrefix(h.Get("Content-Disposition"), "inline;") {
		t.Fatalf("served %d %v", resp.StatusCode, h)
	}
	// A PDF is never inline; HTML pretending to be an image is refused.
	st, out = f.upload(t, "/api/v1/visitor/attachments", "", map[string]string{"site": "demo", "token": token}, "a.pdf", []byte("%PDF-1.4\n"))
	if st != 201 {
		t.Fatalf("pdf: %d %v", st, out)
	}
	resp, _ = get(t, f.srv.URL+out["attachment"].(map[string]any)["url"].(string), "")
	if d := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(d, "attachment;") || !strings.Contains(d, `filename=a.pdf`) {
		t.Errorf("pdf disposition %q", d)
	}
	for name, data := range map[string][]byte{"x.png": []byte("<html><script>alert(1)</script></html>"),
		"x.svg": []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`)} {
		if st, out := f.upload(t, "/api/v1/visitor/attachments", "", map[string]string{"site": "demo", "token": token}, name, data); st != 400 || errCode(out) != parley.EINVALID {
			t.Errorf("%s: %d %v; want 400 invalid", name, st, out)
		}
	}
}

func TestUploadLimit(t *testing.T) {
	f := newFixture(t)
	f.api.cfg.AttachmentMaxBytes = 1000
	token, _ := f.visitorSession(t)
	big := append(append([]byte{}, pngBytes...), make([]byte, 1000)...)
	if st, out := f.upload(t, "/api/v1/visitor/attachments", "", map[string]string{"site": "demo", "token": token}, "big.png", big); st != 413 || errCode(out) != parley.ETOOLARGE {
		t.Fatalf("over the limit: %d %v; want 413 too_large", st, out)
	}
	if st, out := f.upload(t, "/api/v1/visitor/attachments", "", map[string]string{"site": "demo", "token": token}, "ok.png", big[:1000]); st != 201 {
		t.Fatalf("at the limit: %d %v", st, out)
	}
}

func TestAttachmentAccess(t *testing.T) {
	f := newFixture(t)
	token, _ := f.visitorSession(t)
	other, _ := f.visitorSession(t)
	if st, out := f.upload(t, "/api/v1/visitor/attachments", "", map[string]string{"site": "demo", "token": "nope"}, "a.png", pngBytes); st != 401 {
		t.Errorf("unknown token: %d %v; want 401", st, out)
	}
	_, out := f.upload(t, "/api/v1/visitor/attachments", "", map[string]string{"site": "demo", "token": token}, "a.png", pngBytes)
	a := out["attachment"].(map[string]any)
	id, link := a["id"].(string), a["url"].(string)
	u, _ := url.Parse(link)
	q := u.Query()
	tampered := "/api/v1/attachments/" + id + "?exp=" + q.Get("exp") + "&sig=" + strings.Repeat("A", len(q.Get("sig")))
	later := f.api.sign(t, id, time.Now().Add(-time.Minute).Unix())
	for name, tc := range map[string]struct{ path, token string }{
		"anonymous":                 {"/api/v1/attachments/" + id, ""},
		"tampered":                  {tampered, ""},
		"expired":                   {later, ""},
		"visitor token is no agent": {"/api/v1/attachments/" + id, token},
	} {
		if resp, _ := get(t, f.srv.URL+tc.path, tc.token); resp.StatusCode != 403 {
			t.Errorf("%s: %d; want 403", name, resp.StatusCode)
		}
	}
	// A signed-in agent reads it without a link.
	if resp, body := get(t, f.srv.URL+"/api/v1/attachments/"+id, f.login(t, "ana@example.com")); resp.StatusCode != 200 || !bytes.Equal(body, pngBytes) {
		t.Errorf("agent: %d", resp.StatusCode)
	}
	// Links are given to the conversation's visitor only.
	links := func(tok string) map[string]any {
		resp, err := http.PostForm(f.srv.URL+"/api/v1/visitor/attachments/links", url.Values{"site": {"demo"}, "token": {tok}, "id": {id}})
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		l, _ := out["links"].(map[string]any)
		return l
	}
	if l := links(token); l[id] == nil {
		t.Errorf("own visitor got no link: %v", l)
	}
	if l := links(other); len(l) != 0 {
		t.Errorf("another visitor got links: %v", l)
	}
}

// sign makes a link as the server would, with any expiry.
func (s *Server) sign(t *testing.T, id string, exp int64) string {
	key, err := s.store.(AttachmentStore).AttachmentKey(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return "/api/v1/attachments/" + id + "?" + url.Values{"exp": {itoa(exp)}, "sig": {sign(key, id, exp)}}.Encode()
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestAgentReplyWithAttachment(t *testing.T) {
	f := newFixture(t)
	tok := f.login(t, "ana@example.com")
	st, out := f.upload(t, "/api/v1/conversations/"+f.convID+"/attachments", tok, nil, "guide.pdf", []byte("%PDF-1.7\nguide"))
	if st != 201 {
		t.Fatalf("agent upload: %d %v", st, out)
	}
	id := out["attachment"].(map[string]any)["id"].(string)
	st, out = f.call(t, "POST", "/api/v1/conversations/"+f.convID+"/messages", tok, map[string]any{"text": "", "attachments": []string{id}})
	if st != 201 {
		t.Fatalf("reply: %d %v", st, out)
	}
	meta, _ := json.Marshal(out["message"].(map[string]any)["meta"])
	if !strings.Contains(string(meta), `"id":"`+id+`"`) || !strings.Contains(string(meta), `"name":"guide.pdf"`) {
		t.Fatalf("reply meta %s; want the attachment", meta)
	}
	// Another conversation's attachment cannot be referenced.
	vt, _ := f.visitorSession(t)
	_, out = f.upload(t, "/api/v1/visitor/attachments", "", map[string]string{"site": "demo", "token": vt}, "a.png", pngBytes)
	foreign := out["attachment"].(map[string]any)["id"].(string)
	if st, out := f.call(t, "POST", "/api/v1/conversations/"+f.convID+"/messages", tok, map[string]any{"text": "x", "attachments": []string{foreign}}); st != 404 {
		t.Errorf("foreign attachment: %d %v; want 404", st, out)
	}
}

func TestVisitorUploadLimit(t *testing.T) {
	f := newFixture(t)
	f.api.cfg.AttachmentMaxBytes = 1234
	st, out := f.call(t, "GET", "/api/v1/visitor/attachments/limits", "", nil)
	if st != 200 || out["max_bytes"] != 1234.0 {
		t.Errorf("limits: %d %v", st, out)
	}
}

func TestUploadPreflight(t *testing.T) {
	f := newFixture(t)
	req, _ := http.NewRequest("OPTIONS", f.srv.URL+"/api/v1/visitor/attachments", nil)
	req.Header.Set("Origin", "https://shop.example")
	req.Header.Set("Access-Control-Request-Method", "POST")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if h := resp.Header; resp.StatusCode != 204 || h.Get("Access-Control-Allow-Origin") != "https://shop.example" || h.Get("Access-Control-Allow-Methods") != "POST" {
		t.Errorf("preflight: %d %v", resp.StatusCode, h)
	}
}
