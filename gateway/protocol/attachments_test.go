package protocol

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/parley-chat/parley"
)

func TestDecodeSendAttachments(t *testing.T) {
	f, err := Decode([]byte(`{"type":"send","client_id":"a1","attachments":["att1","att2"]}`))
	if s, ok := f.(*Send); err != nil || !ok || s.Text != "" || strings.Join(s.Attachments, ",") != "att1,att2" {
		t.Fatalf("files only = %+v, %v", f, err)
	}
	f, err = Decode([]byte(`{"type":"send","client_id":"a2","text":" see this ","attachments":["att1"]}`))
	if s, ok := f.(*Send); err != nil || !ok || s.Text != "see this" || len(s.Attachments) != 1 {
		t.Fatalf("text and file = %+v, %v", f, err)
	}
	// Clients that never send attachments are decoded as before.
	for _, in := range []string{`{"type":"send","client_id":"a3","text":"hi"}`, `{"type":"send","client_id":"a4","text":"hi","attachments":null}`,
		`{"type":"send","client_id":"a5","text":"hi","attachments":[]}`} {
		f, err = Decode([]byte(in))
		if s, ok := f.(*Send); err != nil || !ok || s.Text != "hi" || s.Attachments != nil {
			t.Errorf("Decode(%s) = %+v, %v", in, f, err)
		}
	}
}

func TestDecodeSendAttachmentRefusals(t *testing.T) {
	many := make([]string, parley.MaxAttachmentsPerMessage+1)
	for i := range many {
		many[i] = fmt.Sprintf("%q", fmt.Sprint("a", i))
	}
	for _, tc := range []struct{ in, want string }{
		{`{"type":"send","client_id":"c1","attachments":[]}`, `send needs "text"`},
		{`{"type":"send","client_id":"c1","text":" ","attachments":[]}`, "send.text is empty"},
		{`{"type":"send","client_id":"c1","attachments":[""]}`, "attachments[0] is not an attachment id"},
		{`{"type":"send","client_id":"c1","attachments":["ok","a b"]}`, "attachments[1] is not an attachment id"},
		{`{"type":"send","client_id":"c1","attachments":["` + strings.Repeat("x", 65) + `"]}`, "not an attachment id"},
		{`{"type":"send","client_id":"c1","attachments":["x","x"]}`, "names x twice"},
		{`{"type":"send","client_id":"c1","attachments":[` + strings.Join(many, ",") + `]}`, "the limit is 10"},
		{`{"type":"send","client_id":"c1","attachments":"x"}`, "must be a list"},
		{`{"type":"send","client_id":"c1","attachments":[1]}`, "must be a string"},
	} {
		_, err := Decode([]byte(tc.in))
		if err == nil || parley.ErrorCode(err) != parley.EBADFRAME || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Decode(%.70s) = %v, want bad_frame containing %q", tc.in, err, tc.want)
		}
	}
	_, err := Decode([]byte(`{"type":"send","client_id":"c9","attachments":[""]}`))
	if ce, ok := err.(*ClientIDError); !ok || ce.ClientID != "c9" {
		t.Errorf("attachment refusal does not name its client_id: %#v", err)
	}
}

func TestEncodeAgentRead(t *testing.T) {
	var f map[string]any
	if err := json.Unmarshal(EncodeAgentRead(7), &f); err != nil {
		t.Fatal(err)
	}
	if f["type"] != "read" || f["by"] != "agent" || f["seq"] != 7.0 || len(f) != 3 {
		t.Errorf("read frame = %v", f)
	}
}

func TestHelloAsksForReads(t *testing.T) {
	for in, want := range map[string]bool{`{"type":"hello","reads":true}`: true, `{"type":"hello"}`: false, `{"type":"hello","reads":false}`: false} {
		f, err := Decode([]byte(in))
		if h, ok := f.(*Hello); err != nil || !ok || h.Reads != want {
			t.Errorf("Decode(%s) = %+v, %v; want reads %v", in, f, err, want)
		}
	}
	if _, err := Decode([]byte(`{"type":"hello","reads":"yes"}`)); parley.ErrorCode(err) != parley.EBADFRAME {
		t.Errorf("reads as a string: %v", err)
	}
}
