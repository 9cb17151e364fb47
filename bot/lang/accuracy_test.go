package lang

import (
	"strings"
	"testing"
)

// variants derives the forms visitors really send from one sentence:
// lower case, shouting, no diacritics, with a link or emoji attached.
func variants(s string) []string {
	v := []string{s, strings.ToLower(s), strings.ToUpper(s),
		s + " https://shop.example.com/orders/8841", "🙏 " + s + " 😡😡"}
	if d := stripLatin(s); d != s {
		v = append(v, d)
	}
	return v
}

// TestAccuracy fails on a detector that is broken or biased: every proven
// language must be recognised in at least 95% of the variants, and no
// language may absorb another's sentences.
func TestAccuracy(t *testing.T) {
	total, right := 0, 0
	for want, texts := range labelled {
		n, ok := 0, 0
		for _, s := range texts {
			for _, v := range variants(s) {
				n++
				if got := DetectWithFallback(v, ""); got == want {
					ok++
				} else {
					t.Logf("%s: %q → %q", want, v, got)
				}
			}
		}
		if acc := float64(ok) / float64(n); acc < 0.95 {
			t.Errorf("%s: accuracy %.2f (%d/%d), want ≥ 0.95", want, acc, ok, n)
		}
		total, right = total+n, right+ok
	}
	t.Logf("overall accuracy %.3f (%d/%d)", float64(right)/float64(total), right, total)
}

func BenchmarkDetect(b *testing.B) {
	texts := []string{"I can't log in to my account", "Не могу войти в аккаунт",
		"Ne mogu da se prijavim na nalog", "نمی‌توانم وارد حساب کاربری‌ام شوم", "ok"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Detect(texts[i%len(texts)])
	}
}

func FuzzDetect(f *testing.F) {
	for _, s := range []string{"I can't log in", "نمی‌توانم", "Не могу", "ok", "ինչո՞ւ", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		r := Detect(text)
		if r.Confidence < 0 || r.Confidence > 1 || (r.Lang != "" && r.Script == "") {
			t.Fatalf("Detect(%q) = %+v", text, r)
		}
		DetectWithFallback(text, "en")
	})
}
