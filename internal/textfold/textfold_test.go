package textfold

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func toLower(r rune) rune { return unicode.ToLower(r) }

// words returns the tokens of text under p.
func words(p *Policy, text string) []string {
	buf, toks := p.AppendTokens(nil, nil, text)
	var ws []string
	for _, t := range toks {
		ws = append(ws, string(buf[t.Start:t.End]))
	}
	return ws
}

// TestLanguages is the table of every proved language: what visitors type
// and the words it folds to, under the language's own policy (For) and
// under Pooled, the classifier's.
func TestLanguages(t *testing.T) {
	for _, c := range []struct {
		lang, text   string
		want, pooled string // tokens joined by spaces; pooled "" = same as want
	}{
		// English: case, apostrophes, compatibility forms, stray accents.
		{"en", "I can't LOG IN!", "i cant log in", ""},
		{"en", "Café ﬁle résumé", "cafe file resume", ""},
		{"en", "２ＦＡ code", "2fa code", ""},
		{"en", "don’t, won't", "dont wont", ""},
		// Polish: diacritics and ł.
		{"pl", "Zażółć GĘŚLĄ jaźń", "zazolc gesla jazn", ""},
		{"pl", "Zapomniałem hasła", "zapomnialem hasla", ""},
		// Serbian, Cyrillic and Latin: one form.
		{"sr", "Заборавио сам ЛОЗИНКУ", "zaboravio sam lozinku", ""},
		{"sr", "Zaboravio sam lozinku", "zaboravio sam lozinku", ""},
		{"sr", "ЧАША čaša ćup", "casa casa cup", ""},
		{"sr", "Đorđe, Ђорђе, џем", "djordje djordje dzem", ""},
		{"sr", "Љубав њушка", "ljubav njuska", ""},
		// Russian: ё → е, й kept (Pooled: Latin).
		{"ru", "Ещё ёлка", "еще елка", "esce elka"},
		{"ru", "Сбросить мой пароль", "сбросить мой пароль", "sbrosit moj parol"},
		{"ru", "объявление щука", "объявление щука", "objavlenie scuka"},
		// Kazakh: the Kazakh letters as their Russian look-alikes, so text
		// typed on a Russian keyboard meets.
		{"kk", "Құпиясөзді қалай өзгертемін", "купиясозди калай озгертемин", "kupijasozdi kalaj ozgertemin"},
		{"kk", "Купиясозди калай озгертемин", "купиясозди калай озгертемин", "kupijasozdi kalaj ozgertemin"},
		{"kk", "Әріптер ҒҮҢҰҺ", "ариптер гунух", "aripter gunuh"},
		// Armenian: lower case, և, in-word stress and question marks.
		{"hy", "Ինչպե՞ս ՓՈԽԵԼ գաղտնաբառը", "ինչպես փոխել գաղտնաբառը", ""},
		{"hy", "Բարև, շնորհակալություն", "բարեվ շնորհակալություն", ""},
		{"hy", "Slack-ին", "slack ին", ""},
		// Persian: Arabic variants, harakat, ZWNJ, digits, می glued.
		{"fa", "كيف", "کیف", ""},
		{"fa", "شِكايَة", "شکایه", ""},
		{"fa", "پلن‌ها", "پلنها", ""},
		{"fa", "می توانم", "میتوانم", ""},
		{"fa", "نمی‌خواهم", "نمیخواهم", ""},
		{"fa", "۱۲۳ ٤٥", "123 45", ""},
		{"fa", "أإآٱ ؤ ئ ة", "اااا و ی ه", ""},
		{"fa", "می Slack", "می slack", ""},
		// Scripts without spaces and marks that are letters.
		{"ja", "パスワードをリセット", "パスワードをリセット", ""},
		{"hi", "हिंदी", "हिंदी", ""},
		{"el", "Άλφα", "αλφα", ""},
		{"de", "Straße", "strasse", ""},
	} {
		p := For(c.lang)
		if got := strings.Join(words(p, c.text), " "); got != c.want {
			t.Errorf("%s %q: %q, want %q", c.lang, c.text, got, c.want)
		}
		want := c.pooled
		if want == "" {
			want = c.want
		}
		if got := strings.Join(words(Pooled, c.text), " "); got != want {
			t.Errorf("pooled %q: %q, want %q", c.text, got, want)
		}
	}
}

// Pooled is what the intent classifier's features are made of (these
// were its own Normalize's cases; և now folds to եվ as everywhere).
func TestPooled(t *testing.T) {
	for in, want := range map[string]string{
		"ЧАША":             "casa", // Serbian Cyrillic meets Latin
		"čaša":             "casa",
		"Đorđe":            "djordje",
		"Zażółć GĘŚLĄ":     "zazolc gesla",
		"Café ﬁle":         "cafe file", // accent and ligature
		"ещё":              "esce",
		"қалай калай":      "kalaj kalaj", // Kazakh typed with and without its letters
		"كيف":              "کیف",         // Arabic kaf/yeh to Persian
		"می\u200cخواهم":    "میخواهم",
		"۱۲۳ ٤":            "123 4",
		"don't":            "dont",
		"Բարև":             "բարեվ",
		"हिंदी":            "हिंदी", // Indic vowel signs are letters: kept
		"Hello, World! 42": "hello, world! 42",
	} {
		if got := Pooled.Fold(in); got != want {
			t.Errorf("Pooled.Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// Fold keeps separators; the Serbian policy leaves Russian letters alone.
func TestFold(t *testing.T) {
	for _, c := range []struct {
		p        *Policy
		in, want string
	}{
		{Default, "Hello, World! 42", "hello, world! 42"},
		{Default, "ЧАША", "чаша"},
		{Serbian, "ЧАША, ещё", "casa, eщe"}, // ё → е → e; щ is not Serbian
		{Pooled, "ЧАША, ещё", "casa, esce"},
		{Pooled, "Բարև", "բարեվ"},
		{Default, "a\u0301b", "ab"},
		{Default, "x ́y", "x y"}, // a mark not after a letter goes
	} {
		if got := c.p.Fold(c.in); got != c.want {
			t.Errorf("%s.Fold(%q) = %q, want %q", c.p, c.in, got, c.want)
		}
	}
}

func TestTokens(t *testing.T) {
	buf, toks := Default.AppendTokens([]byte("kept"), nil, "CSV-ге, Slack - ին x,-y パス1")
	if s, want := string(buf), "kept"+"csv ге slack ին x y パス 1"; s != want {
		t.Fatalf("buf %q, want %q", s, want)
	}
	var hy []bool
	var dense []bool
	for _, tk := range toks {
		hy, dense = append(hy, tk.Hyphen), append(dense, tk.Dense)
	}
	if !slices.Equal(hy, []bool{false, true, false, true, false, false, false, false}) {
		t.Errorf("hyphen %v", hy)
	}
	if !slices.Equal(dense, []bool{false, false, false, false, false, false, true, false}) {
		t.Errorf("dense %v", dense)
	}
	if For("sr-Latn") != Serbian || For("EN_us") != Default || For("") != Default || For("xx") != Default {
		t.Error("For")
	}
	if Base("sr-Latn") != "sr" || Base("EN_us") != "en" || Base("") != "" {
		t.Error("Base")
	}
}

func TestLower(t *testing.T) {
	for r := range rune(0x10000) {
		if got, want := Lower(r), toLower(r); got != want {
			t.Fatalf("Lower(%U) = %U, want %U", r, got, want)
		}
	}
}

// Every rune of the Basic Multilingual Plane folds to a fixed point.
func TestFoldIdempotentBMP(t *testing.T) {
	for _, p := range []*Policy{Default, Serbian, Pooled} {
		var b strings.Builder
		for r := rune(0); r < 0x10000; r++ {
			if r >= 0xD800 && r < 0xE000 {
				continue
			}
			b.WriteRune(r)
			b.WriteByte(' ')
		}
		checkFold(t, p, b.String())
	}
}

func checkFold(t *testing.T, p *Policy, s string) {
	t.Helper()
	once := p.Fold(s)
	if !utf8.ValidString(once) {
		t.Fatalf("%s: Fold(%q) is not UTF-8", p, s)
	}
	if twice := p.Fold(once); twice != once {
		i := 0
		for i < len(once) && i < len(twice) && once[i] == twice[i] {
			i++
		}
		lo := max(0, i-12)
		t.Fatalf("%s: Fold not idempotent on %q: %q then %q", p, s[:min(len(s), 200)], once[lo:min(len(once), i+12)], twice[lo:min(len(twice), i+12)])
	}
	buf, toks := p.AppendTokens(nil, nil, s)
	if !utf8.Valid(buf) {
		t.Fatalf("%s: tokens of %q are not UTF-8", p, s)
	}
	var ws []string
	for _, tk := range toks {
		w := string(buf[tk.Start:tk.End])
		if w == "" || strings.ContainsAny(w, " \t\n") {
			t.Fatalf("%s: token %q of %q", p, w, s)
		}
		ws = append(ws, w)
	}
	if again := words(p, strings.Join(ws, " ")); !slices.Equal(again, ws) {
		t.Fatalf("%s: tokens of %q: %q, of their join: %q", p, s, ws, again)
	}
	if folded := words(p, once); !slices.Equal(folded, ws) {
		t.Fatalf("%s: tokens of %q: %q, of its fold: %q", p, s, ws, folded)
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{
		"I can't LOG IN!", "Zażółć GĘŚLĄ", "Заборавио сам ЛОЗИНКУ", "Ещё ёлка", "Құпиясөзді қалай",
		"Ինչպե՞ս Բարև", "می توانم پلن‌ها ۱۲۳ شِكايَة", "パスワード CSV-ге", "हिंदी Άλφα ﬁ ２ＦＡ",
		"a\u0301 \u0301x", "\xff\xfe", "ﷺ ½ ǅ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range []*Policy{Default, Serbian, Pooled} {
			checkFold(t, p, s)
		}
	})
}

func BenchmarkAppendTokens(b *testing.B) {
	text := "Если вы забыли пароль, новый можно задать на странице входа примерно за минуту. Откройте /login и нажмите **Забыли пароль?**"
	var buf []byte
	var toks []Token
	b.ReportAllocs()
	for b.Loop() {
		buf, toks = Default.AppendTokens(buf[:0], toks[:0], text)
	}
}
