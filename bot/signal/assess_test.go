package signal

import (
	"encoding/json"
	"slices"
	"testing"
)

func TestUrgencyRules(t *testing.T) {
	ent := map[string]any{"plan": "Enterprise"}
	cases := []struct {
		name string
		in   Input
		want string
	}{
		{"plain question", Input{Text: "How do I export my contacts?"}, Normal},
		{"thanks", Input{Text: "thanks, that helped!"}, Low},
		{"emoji only", Input{Text: "👍"}, Low},
		{"ack in kazakh", Input{Text: "Рахмет"}, Low},
		{"login is high", Input{Text: "I can't log in"}, High},
		{"outage is high", Input{Text: "Сайт не работает"}, High},
		{"security is critical", Input{Text: "Мой аккаунт взломали"}, Critical},
		{"data loss is critical", Input{Text: "Nestali su svi moji podaci"}, Critical},
		{"frustrated without keyword", Input{Text: "This is ridiculous"}, High},
		{"frustrated outage", Input{Text: "YOUR SITE IS DOWN AGAIN!!!"}, Critical},
		{"enterprise question", Input{Text: "How do I export my contacts?", Attributes: ent}, High},
		{"enterprise login", Input{Text: "Nie mogę się zalogować", Attributes: ent}, Critical},
		{"enterprise thanks", Input{Text: "thanks", Attributes: ent}, Normal},
		{"shouting alone is not frustration", Input{Text: "HOW DO I EXPORT CONTACTS"}, Normal},
	}
	for _, c := range cases {
		if got := Assess(c.in); got.Urgency != c.want {
			t.Errorf("%s: %q → %s %v, want %s", c.name, c.in.Text, got.Urgency, got.Reasons, c.want)
		}
	}
}

func TestTone(t *testing.T) {
	cases := []struct {
		text       string
		reason     string
		want       bool
		frustrated bool
	}{
		{"WHY IS MY ACCOUNT BLOCKED", "tone:shouting", true, false},
		{"ПОЧЕМУ НИЧЕГО НЕ РАБОТАЕТ", "tone:shouting", true, false},
		{"ԻՆՉՈՒ ՉԻ ԱՇԽԱՏՈՒՄ ԿԱՅՔԸ", "tone:shouting", true, false}, // Armenian has case
		{"Is this GDPR compliant?", "tone:shouting", false, false},
		{"OK", "tone:shouting", false, false},
		{"چرا کار نمی‌کند", "tone:shouting", false, false}, // Persian has no case
		{"why???", "tone:punctuation", true, false},
		{"چرا؟؟؟", "tone:punctuation", true, false},
		{"why?", "tone:punctuation", false, false},
		{"WHERE IS MY REFUND!!!", "tone:shouting", true, true},
		{"Ужасный сервис", "tone:anger", true, true},
		{"what the fuck", "tone:profanity", true, true},
	}
	for _, c := range cases {
		got := Assess(Input{Text: c.text})
		if slices.Contains(got.Reasons, c.reason) != c.want || got.Frustrated != c.frustrated {
			t.Errorf("%q → %+v, want %s=%v frustrated=%v", c.text, got, c.reason, c.want, c.frustrated)
		}
	}
}

func TestRepeated(t *testing.T) {
	recent := []string{"Hello", "I can't log in to my account, it says invalid token"}
	cases := []struct {
		text   string
		recent []string
		want   bool
	}{
		{"I can't log in to my account, it says invalid token", recent, true},
		{"i cant log in to my account it says INVALID TOKEN!!", recent, true},
		{"Where can I download my invoices?", recent, false},
		{"Hello", recent, false}, // too short to count
		{"Не могу войти в аккаунт, пишет неверный токен", []string{"не могу войти в аккаунт пишет неверный токен"}, true},
		{"Не могу да се пријавим на налог", []string{"Ne mogu da se prijavim na nalog"}, true}, // both scripts
		{"نمی‌توانم وارد حساب کاربری‌ام شوم", []string{"نمیتوانم وارد حساب كاربري ام شوم"}, true},
		{"I can't log in to my account, it says invalid token", nil, false},
		{"I can't log in to my account, it says invalid token",
			append([]string{recent[1]}, "a", "b", "c", "d", "e"), false}, // only the last five count
	}
	for _, c := range cases {
		got := Assess(Input{Text: c.text, RecentVisitorTexts: c.recent})
		if got.Repeated != c.want || slices.Contains(got.Reasons, "repeated_message") != c.want {
			t.Errorf("%q → %+v, want repeated=%v", c.text, got, c.want)
		}
	}
}

func TestEnterpriseContact(t *testing.T) {
	yes := []Input{
		{Attributes: map[string]any{"plan": "enterprise-annual"}},
		{Attributes: map[string]any{"contract_value": 25000.0}},
		{Attributes: map[string]any{"contract_value": 25000}},
		{Attributes: map[string]any{"contract_value": json.Number("25000")}},
		{Attributes: map[string]any{"contract_value": "25,000"}},
		{Attributes: map[string]any{"sla_tier": "Premium"}},
		{Segment: "vip"},
	}
	no := []Input{
		{Attributes: map[string]any{"plan": "starter", "contract_value": 500, "sla_tier": "standard"}},
		{Attributes: map[string]any{"contract_value": "n/a"}},
		{Segment: "user"},
		{},
	}
	for _, in := range yes {
		in.Text = "How do I export my contacts?"
		if got := Assess(in); !slices.Contains(got.Reasons, "contact:enterprise") {
			t.Errorf("%+v → %v, want contact:enterprise", in, got.Reasons)
		}
	}
	for _, in := range no {
		in.Text = "How do I export my contacts?"
		if got := Assess(in); slices.Contains(got.Reasons, "contact:enterprise") {
			t.Errorf("%+v → %v, want no contact:enterprise", in, got.Reasons)
		}
	}
	p := DefaultPolicy()
	p.EnterpriseContractValue = 1000
	if got := p.Assess(Input{Text: "hi", Attributes: map[string]any{"contract_value": 1500}}); !slices.Contains(got.Reasons, "contact:enterprise") {
		t.Errorf("custom policy: %v", got.Reasons)
	}
}

// Normalisation: one cue list serves every spelling visitors use.
func TestNormalisedMatching(t *testing.T) {
	same := [][]string{
		{"نمی‌توانم وارد شوم", "نمیتوانم وارد شوم", "نمی توانم وارد شوم", "نمي‌توانم وارد شوم"},
		{"Не могу да се пријавим", "Ne mogu da se prijavim", "ne mogu da se prijavim"},
		{"Nie mogę się zalogować", "nie moge sie zalogowac"},
		{"Аккаунтыма кіре алмаймын", "аккаунтыма кире алмаймын"},
		{"аккаунт заблокирован", "аккаунт заблокировали", "заблокировали аккаунт"},
		{"Пароль не подходит", "пароль не подошёл", "пароль не подошел"},
	}
	for _, group := range same {
		want := Assess(Input{Text: group[0]}).Reasons
		if len(want) == 0 {
			t.Errorf("%q: no reasons", group[0])
		}
		for _, s := range group[1:] {
			if got := Assess(Input{Text: s}).Reasons; !slices.Equal(got, want) {
				t.Errorf("%q → %v, want %v as for %q", s, got, want, group[0])
			}
		}
	}
}

func BenchmarkAssess(b *testing.B) {
	ins := []Input{
		{Text: "I can't log in to my account, it says invalid token", Lang: "en",
			RecentVisitorTexts: []string{"Hello", "I tried resetting the password twice"}},
		{Text: "Не могу войти в аккаунт, пишет неверный токен!!!", Lang: "ru",
			Attributes: map[string]any{"plan": "enterprise"}},
		{Text: "Не могу да се пријавим", Lang: "sr", RecentVisitorTexts: []string{"Не могу да се пријавим"}},
		{Text: "نمی‌توانم وارد حساب کاربری‌ام شوم", Lang: "fa"},
		{Text: "thanks", Lang: "en"},
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Assess(ins[i%len(ins)])
	}
}

func FuzzAssess(f *testing.F) {
	for _, s := range []string{"I can't log in", "نمی توانم وارد شوم", "Не могу да се пријавим!!!", "ինչո՞ւ", "می", "a'b''", "đ ß և"} {
		f.Add(s, s+"!")
	}
	f.Fuzz(func(t *testing.T, text, prev string) {
		a := Assess(Input{Text: text, RecentVisitorTexts: []string{prev}})
		if a.Urgency == "" {
			t.Fatal("empty urgency")
		}
		HumanRequest(text, "")
	})
}
