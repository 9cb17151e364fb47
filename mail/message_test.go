package mail

import (
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"time"
)

// languages holds one subject and body per language the product speaks.
var languages = []struct{ name, subject, body string }{
	{"Serbian Cyrillic", "Нови одговор: ћаскање", "Здраво, ево одговора на ваше питање."},
	{"Serbian Latin", "Novi odgovor: ćaskanje", "Zdravo, evo odgovora na vaše pitanje: čćžšđ."},
	{"Polish", "Zażółć gęślą jaźń", "Dzień dobry, oto odpowiedź: łódź, źdźbło."},
	{"Armenian", "Նոր պատասխան", "Բարև, ահա ձեր հարցի պատասխանը։"},
	{"Persian", "پاسخ تازه از پشتیبانی", "سلام، این پاسخ پرسش شماست."},
	{"Kazakh", "Жаңа жауап: қолдау", "Сәлеметсіз бе, міне жауабыңыз: ғқңөұүһі."},
	{"Russian", "Новый ответ от поддержки", "Здравствуйте, вот ответ на ваш вопрос."},
	{"English", "New reply from support", "Hello, here is the answer to your question."},
}

func TestBuildIsMIMEInEveryLanguage(t *testing.T) {
	from := &mail.Address{Name: "Поддршка", Address: "support@example.com"}
	for _, l := range languages {
		t.Run(l.name, func(t *testing.T) {
			raw, id, err := Build(Message{To: []string{"Ана <ana@example.org>"}, Subject: l.subject, Text: l.body + "\nline two",
				HTML: "<p>" + l.body + "</p>"}, from, time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			for _, line := range strings.Split(string(raw), "\r\n") {
				if len(line) > 998 {
					t.Fatalf("line of %d bytes", len(line))
				}
				for _, b := range []byte(line) {
					if b >= 0x80 {
						t.Fatalf("8-bit byte in %q: headers and bodies must be encoded", line)
					}
				}
			}
			msg, err := mail.ReadMessage(strings.NewReader(string(raw)))
			if err != nil {
				t.Fatal(err)
			}
			dec := new(mime.WordDecoder)
			subj, err := dec.DecodeHeader(msg.Header.Get("Subject"))
			if err != nil || subj != l.subject {
				t.Errorf("subject %q (%v), want %q", subj, err, l.subject)
			}
			if got := msg.Header.Get("Message-ID"); got != id || !strings.HasSuffix(id, "@example.com>") {
				t.Errorf("Message-ID %q, returned %q", got, id)
			}
			to, err := msg.Header.AddressList("To")
			if err != nil || len(to) != 1 || to[0].Name != "Ана" || to[0].Address != "ana@example.org" {
				t.Errorf("To %v %v", to, err)
			}
			fromH, err := msg.Header.AddressList("From")
			if err != nil || fromH[0].Name != "Поддршка" {
				t.Errorf("From %v %v", fromH, err)
			}
			mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
			if err != nil || mt != "multipart/alternative" {
				t.Fatalf("content type %q %v", mt, err)
			}
			mr := multipart.NewReader(msg.Body, params["boundary"])
			var types, bodies []string
			for {
				p, err := mr.NextPart() // decodes quoted-printable
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(p)
				ct, cp, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
				if cp["charset"] != "UTF-8" {
					t.Errorf("part %s charset %q", ct, cp["charset"])
				}
				types, bodies = append(types, ct), append(bodies, string(b))
			}
			if strings.Join(types, ",") != "text/plain,text/html" {
				t.Fatalf("parts %v, want text then HTML", types)
			}
			if bodies[0] != l.body+"\r\nline two" || bodies[1] != "<p>"+l.body+"</p>" {
				t.Errorf("bodies %q", bodies)
			}
		})
	}
}

func TestBuildRefusesBadInput(t *testing.T) {
	from := &mail.Address{Address: "a@example.com"}
	for name, m := range map[string]Message{
		"no recipient":     {Subject: "x", Text: "x"},
		"bad recipient":    {To: []string{"not an address"}, Subject: "x", Text: "x"},
		"header injection": {To: []string{"a@example.org"}, Subject: "x\r\nBcc: evil@example.org", Text: "x"},
	} {
		if _, _, err := Build(m, from, time.Now()); err == nil {
			t.Errorf("%s: built", name)
		}
	}
}

func TestConfigErrors(t *testing.T) {
	for name, c := range map[string]Config{
		"scheme":  {URL: "http://mail.example.com", From: "a@example.com"},
		"no host": {URL: "smtp://", From: "a@example.com"},
		"tls":     {URL: "smtp://mail.example.com", From: "a@example.com", TLS: "maybe"},
		"no from": {URL: "smtp://mail.example.com"},
		"from":    {URL: "smtp://mail.example.com", From: "not an address"},
	} {
		if err := c.Validate(); err == nil {
			t.Errorf("%s: %+v accepted", name, c)
		}
	}
	err := Config{URL: "ftp://u:hunter2@mail.example.com", From: "a@example.com"}.Validate()
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("error %v shows the password or is nil", err)
	}
	s, err := Config{URL: "smtps://u:p@mail.example.com", From: "Support <s@example.com>"}.parse()
	if err != nil || s.addr != "mail.example.com:465" || s.tls != TLSImplicit || s.user != "u" || s.pass != "p" {
		t.Errorf("smtps: %+v %v", s, err)
	}
	s, _ = Config{URL: "smtp://mail.example.com", From: "s@example.com"}.parse()
	if s.addr != "mail.example.com:587" || s.tls != TLSAuto {
		t.Errorf("smtp defaults: %+v", s)
	}
}
