package protocol

import (
	"strings"
	"testing"

	"github.com/parley-chat/parley"
)

func TestDecodeTranscript(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Transcript
		err  string
	}{
		{`{"type":"transcript"}`, Transcript{}, ""},
		{`{"type":"transcript","client_id":"t-1","email":" ana@example.com "}`, Transcript{ClientID: "t-1", Email: "ana@example.com"}, ""},
		{`{"type":"transcript","client_id":"t-2","email":"Ana <ana@example.com>"}`, Transcript{}, "not a valid email"},
		{`{"type":"transcript","email":"nope"}`, Transcript{}, "not a valid email"},
		{`{"type":"transcript","email":7}`, Transcript{}, "email"},
	} {
		in, err := Decode([]byte(tt.in))
		if tt.err != "" {
			if err == nil || parley.ErrorCode(err) != parley.EBADFRAME || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: %v, want bad_frame about %q", tt.in, err, tt.err)
			}
			continue
		}
		got, ok := in.(*Transcript)
		if err != nil || !ok || *got != tt.want {
			t.Errorf("%s: %#v %v, want %+v", tt.in, in, err, tt.want)
		}
	}
}
