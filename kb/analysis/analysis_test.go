package analysis

import (
	"slices"
	"testing"
	"unicode/utf8"
)

func TestAnalyzeWords(t *testing.T) {
	for _, c := range []struct {
		text, lang string
		want       []string
	}{
		{"I can't remember my password!", "en", []string{"rememb", "password"}},
		{"Invoices, invoicing", "en", []string{"invoic", "invoic"}},
		{"Заборавио сам ЛОЗИНКУ", "sr", []string{"zaboravi", "lozink"}},
		{"Zaboravio sam lozinku", "sr", []string{"zaboravi", "lozink"}},
		{"đak, ђак", "sr", []string{"djak", "djak"}},
		{"Сбросить пароль, пароля", "ru", []string{"сброс", "парол", "парол"}},
		{"Zapomniałem hasła, hasło", "pl", []string{"zapomnia", "hasl", "hasl"}},
		{"Құпиясөзімді, құпиясөзді", "kk", []string{"купиясоз", "купиясоз"}},
		{"CSV-ге экспорттаймын", "kk", []string{"csv", "экспорт"}},
		{"Slack-ին authenticator-ն, հաշիվ-ապրանքագիր", "hy", []string{"slack", "authenticator", "հաշիվ", "ապրանքագիր"}},
		{"Ինչպե՞ս գաղտնաբառը", "hy", []string{"գաղտնաբառ"}},
		{"پلن‌ها", "fa", []string{"پلن"}},
		{"می توانم", "fa", []string{"توانم"}},
		{"see [the guide](/help/contact-support) or mail support@flowdesk.example", "en", []string{"see", "guid", "mail"}},
		{"２ＦＡ", "", []string{"2fa"}},
	} {
		if got := Analyze(c.text, c.lang).Words; !slices.Equal(got, c.want) {
			t.Errorf("Analyze(%q, %s) = %q, want %q", c.text, c.lang, got, c.want)
		}
	}
}

// The folds that make one form of what visitors type in several ways.
func TestAnalyzeFolds(t *testing.T) {
	for _, c := range []struct{ a, b, lang string }{
		{"zażółć gęślą jaźń", "zazolc gesla jazn", "pl"},
		{"ёлка", "елка", "ru"},
		{"қалай", "калай", "kk"},
		{"شِكايَة", "شکایه", "fa"},
		{"كيف", "کیف", "fa"},
		{"میخواهم", "می‌خواهم", "fa"},
		{"Šifra", "шифра", "sr"},
		{"١٢٣", "123", "fa"},
		{"Résumé", "resume", "fr"},
	} {
		a, b := Analyze(c.a, c.lang), Analyze(c.b, c.lang)
		if !slices.Equal(a.Words, b.Words) || !slices.Equal(a.Grams, b.Grams) {
			t.Errorf("%q %q and %q %q differ", c.a, a.Words, c.b, b.Words)
		}
	}
}

// Scripts without spaces become bigrams; any language gets trigrams.
func TestAnalyzeOther(t *testing.T) {
	if got := Analyze("パスワード", "ja").Words; !slices.Equal(got, []string{"パス", "スワ", "ワー", "ード"}) {
		t.Errorf("ja: %q", got)
	}
	if got := Analyze("Passwort vergessen", "de"); len(got.Words) != 2 || len(got.Grams) != 8+9 {
		t.Errorf("de: %q, %d grams", got.Words, len(got.Grams))
	}
	if got := Analyze("the", "en"); len(got.Words)+len(got.Grams) != 0 {
		t.Errorf("stop word kept: %v", got)
	}
	if Base("sr-Latn") != "sr" || Base("EN_us") != "en" || Base("") != "" {
		t.Error("Base")
	}
}

func BenchmarkAnalyze(b *testing.B) {
	text := "Если вы забыли пароль, новый можно задать на странице входа примерно за минуту. Откройте /login и нажмите **Забыли пароль?**"
	b.ReportAllocs()
	for b.Loop() {
		Analyze(text, "ru")
	}
}

// FuzzAnalyze: no panic in any language's stemmer, and every word and
// gram is made of valid UTF-8 (Snowball runs on what textfold leaves).
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"I can't remember my password!", "Сбросить пароль, пароля", "Құпиясөзімді CSV-ге",
		"Slack-ին հաշիվ-ապրանքագիր", "می توانم پلن‌ها", "Zapomniałem hasła", "Заборавио сам lozinku", "パスワード",
		"пароль password ﬁle", "ьъ йй ыы 'ed ies sses"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, lang := range []string{"en", "ru", "pl", "sr", "hy", "fa", "kk", ""} {
			terms := Analyze(s, lang)
			for _, w := range terms.Words {
				if w == "" || !utf8.ValidString(w) {
					t.Fatalf("%s %q: word %q", lang, s, w)
				}
			}
		}
	})
}
