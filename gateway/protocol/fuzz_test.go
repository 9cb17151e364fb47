package protocol

import (
	"encoding/json"
	"testing"

	"github.com/parley-chat/parley"
)

// FuzzDecode: no input panics Decode, every refusal is a client-safe
// *parley.Error, and every accepted frame respects the protocol's limits.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"type":"hello","token":"","last_seq":0}`,
		`{"type":"hello","token":"abc","last_seq":12,"locale":"sr-Latn","page":{"url":"https://example.com/pricing","title":"Pricing"},"identity":{"user_id":"42","user_hash":"00ff","email":"a@b.c","attributes":{"plan":"team"}}}`,
		`{"type":"send","client_id":"c-1","text":"Не могу войти"}`,
		`{"type":"typing","on":true}`, `{"type":"read","seq":5}`,
		`{"type":"feedback","seq":4,"helpful":true}`,
		`{"type":"contact","email":"ana@example.com","name":"Ana"}`,
		`{"type":"csat","score":4,"comment":"ok"}`, `{"type":"human"}`,
		`{"type":"send","client_id":"x","text":"\u202egnp.exe"}`, "\xff\xfe", `{}`, `null`,
		`{"type":"page","url":"https://example.com/pricing?plan=team","title":"Pricing"}`,
		`{"type":"nps","client_id":"n-1","score":9,"comment":"Świetnie"}`, `{"type":"nps","score":0}`,
		`{"type":"send","client_id":"a-1","attachments":["01JATTACHMENT0000000000001"]}`,
		`{"type":"send","client_id":"a-2","text":"see","attachments":["x","x"]}`,
		`{"type":"transcript"}`, `{"type":"transcript","client_id":"t-1","email":"ана@пример.срб"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := Decode(data)
		if err != nil {
			if parley.ErrorCode(err) == parley.EINTERNAL {
				t.Fatalf("refusal without a client code: %v", err)
			}
			return
		}
		switch v := in.(type) {
		case *Send:
			if v.ClientID == "" || (v.Text == "" && len(v.Attachments) == 0) || len([]rune(v.Text)) > parley.MaxTextRunes ||
				len(v.Attachments) > parley.MaxAttachmentsPerMessage {
				t.Fatalf("accepted invalid send %+v", v)
			}
		case *Hello:
			if v.LastSeq < 0 {
				t.Fatal("negative last_seq accepted")
			}
			if v.Identity != nil && len(v.Identity.Attributes) > 0 && !json.Valid(v.Identity.Attributes) {
				t.Fatal("invalid attributes accepted")
			}
		case *Transcript:
			if len(v.Email) > MaxEmailLen {
				t.Fatal("overlong transcript email accepted")
			}
		case *CSAT:
			if v.Score < 1 || v.Score > 5 {
				t.Fatal("csat out of range accepted")
			}
		case *NPS:
			if v.Score < 0 || v.Score > 10 || len([]rune(v.Comment)) > MaxCommentLen {
				t.Fatalf("accepted invalid nps %+v", v)
			}
		case *PageView:
			if v.URL == "" || len(v.URL) > MaxURLLen || len(v.Title) > MaxTitleLen {
				t.Fatalf("accepted invalid page %+v", v)
			}
		}
	})
}

func BenchmarkDecodeSend(b *testing.B) {
	data := []byte(`{"type":"send","client_id":"c-123456","text":"How do I reset my password?"}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}
