package lang

import "testing"

func TestShortMessagesFallBack(t *testing.T) {
	for _, s := range []string{"ok", "OK!", "hi", "2fa?", "12345", "+7 701 555 12 34",
		"👍", "🙏🙏🙏", "???", "", "   ", "ya", "no", "https://example.com/account/settings",
		"jane@example.com", "#4521", "help"} {
		if got := DetectWithFallback(s, "xx"); got != "xx" {
			t.Errorf("DetectWithFallback(%q) = %q, want the fallback", s, got)
		}
	}
}

func TestFallbackWhenItFitsAsWell(t *testing.T) {
	cases := []struct{ text, fallback, want string }{
		{"Спасибо", "ru", "ru"},
		{"Хвала", "sr", "sr"},           // no Serbian-only letter: trust the conversation
		{"Hvala", "sr-Latn", "sr-Latn"}, // the caller's tag is returned as given
		{"سلام", "fa", "fa"},
		{"Здравствуйте, не могу войти в аккаунт", "kk", "ru"}, // long enough to overrule
		{"I can't log in to my account", "ru", "en"},
		{"Nie mogę zalogować się do konta", "sr", "pl"},
		{"Не могу да се пријавим", "ru", "sr"},
		{"Ne mogu da se prijavim na nalog", "pl", "sr"},
		{"Բարեւ", "en", "hy"}, // a script of its own is enough, however short
	}
	for _, c := range cases {
		if got := DetectWithFallback(c.text, c.fallback); got != c.want {
			t.Errorf("DetectWithFallback(%q, %q) = %q, want %q", c.text, c.fallback, got, c.want)
		}
	}
}

func TestMixedText(t *testing.T) {
	cases := []struct{ text, want string }{
		{"Не могу войти в личный кабинет, пишет error 403 forbidden", "ru"},
		{"Ne mogu da se ulogujem, piše invalid token", "sr"},
		{"Не могу да се пријавим, пише invalid token", "sr"},
		{"نمی‌توانم وارد پنل admin شوم، خطای 500 می‌دهد", "fa"},
		{"Nie działa mi login przez Google, ciągle error", "pl"},
		{"Hi, my name is Łukasz Żółkiewski and I cannot log in", "en"},
		{"Hello, I can't open https://пример.рф/кабинет from my laptop", "en"},
		{"Աккаунտս արգելափակված է, please help", "hy"},
		{"Мен аккаунтқа кіре алмаймын, login page ашылмайды", "kk"},
	}
	for _, c := range cases {
		if got := Detect(c.text); got.Lang != c.want {
			t.Errorf("Detect(%q) = %+v, want %s", c.text, got, c.want)
		}
	}
}

func TestScripts(t *testing.T) {
	cases := []struct{ text, lang, script string }{
		{"Не могу войти", "ru", Cyrillic},
		{"Չեմ կարողանում մուտք գործել", "hy", Armenian},
		{"نمی‌توانم وارد شوم", "fa", Arabic},
		{"Δεν μπορώ να συνδεθώ στον λογαριασμό μου", "el", Greek},
		{"ログインできません", "ja", Japanese},
		{"无法登录我的账户", "zh", Han},
		{"로그인할 수 없습니다", "ko", Hangul},
		{"אני לא מצליח להתחבר לחשבון", "he", Hebrew},
		{"ვერ შევდივარ ანგარიშზე", "ka", Georgian},
		{"لا أستطيع الدخول إلى حسابي", "ar", Arabic},
		{"میں اپنے اکاؤنٹ میں لاگ ان نہیں کر سکتا", "ur", Arabic},
		{"👍", "", ""},
	}
	for _, c := range cases {
		got := Detect(c.text)
		if got.Lang != c.lang || got.Script != c.script {
			t.Errorf("Detect(%q) = %+v, want %s/%s", c.text, got, c.lang, c.script)
		}
	}
}

// Other languages must not be reported as one of the seven the product
// proves: either their own code or unknown.
func TestOtherLanguagesDegrade(t *testing.T) {
	proven := map[string]bool{"en": true, "ru": true, "pl": true, "sr": true, "hy": true, "fa": true, "kk": true}
	cases := []struct{ text, want string }{
		{"Ich kann mich nicht in mein Konto einloggen", "de"},
		{"Je ne peux pas me connecter à mon compte", "fr"},
		{"No puedo iniciar sesión en mi cuenta", "es"},
		{"Non riesco ad accedere al mio account", "it"},
		{"Não consigo entrar na minha conta", "pt"},
		{"Ik kan niet inloggen op mijn account", "nl"},
		{"Hesabıma giriş yapamıyorum", "tr"},
		{"Nemůžu se přihlásit ke svému účtu", "cs"},
		{"Не можу увійти в обліковий запис", "uk"},
		{"Не мога да вляза в профила си", "bg"},
		{"Siwezi kuingia kwenye akaunti yangu", ""},
		{"En pysty kirjautumaan tililleni", ""},
		{"Nu mă pot conecta la contul meu", "ro"},
	}
	for _, c := range cases {
		got := Detect(c.text).Lang
		if proven[got] {
			t.Errorf("Detect(%q) = %s, a proven language; want %q", c.text, got, c.want)
		} else if c.want != "" && got != c.want && got != "" {
			t.Errorf("Detect(%q) = %s, want %s or unknown", c.text, got, c.want)
		}
	}
}
