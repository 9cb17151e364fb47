package lang

import "testing"

// Hard cases: no distinctive letter, no diacritics, very few words.
func TestHardCases(t *testing.T) {
	cases := []struct{ text, want string }{
		{"Не могу да платим картицом", "sr"}, // Serbian without ђ ћ ј љ њ џ
		{"Молим вас помозите", "sr"},
		{"Где мой заказ", "ru"},
		{"как сменить пароль", "ru"},
		{"Большое спасибо", "ru"},
		{"Сайт ашылмайды", "kk"}, // Kazakh typed without its letters
		{"Рахмет сізге", "kk"},
		{"nie moge zaplacic karta", "pl"},
		{"jak zmienić hasło", "pl"},
		{"kako da promenim lozinku", "sr"},
		{"Ne mogu se prijaviti u svoj račun", "sr"}, // Croatian phrasing: reported as sr
		{"how to change password", "en"},
		{"سلام وقت بخیر", "fa"},
	}
	for _, c := range cases {
		if got := Detect(c.text); got.Lang != c.want {
			t.Errorf("Detect(%q) = %+v, want %s", c.text, got, c.want)
		}
	}
}
