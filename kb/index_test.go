package kb_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/kb"
	"github.com/parley-chat/parley/kb/demo"
)

func demoIndex(t testing.TB) (*kb.Index, []parley.Article) {
	t.Helper()
	arts, err := demo.Articles()
	if err != nil {
		t.Fatal(err)
	}
	return kb.NewIndex(arts), arts
}

// Questions written for this test, not taken from the KB.
var fresh = []struct{ q, lang, slug string }{
	{"my password doesn't work anymore and I need a new one", "en", "reset-password"},
	{"where can I download last month's invoice as a PDF?", "en", "billing-invoices"},
	{"how do I get all our tasks out into a spreadsheet", "en", "export-data"},
	{"не могу войти, забыл пароль, что делать", "ru", "reset-password"},
	{"сколько стоит тариф Business в месяц", "ru", "plans-pricing"},
	{"как получить ключ для API", "ru", "api-integrations"},
	{"jak mogę pobrać fakturę za ostatni miesiąc", "pl", "billing-invoices"},
	{"chcę anulować subskrypcję i dostać zwrot", "pl", "cancel-subscription"},
	{"zgubiłem telefon i nie mogę się zalogować kodem 2FA", "pl", "login-2fa"},
	{"како да извезем све задатке у CSV", "sr", "export-data"},
	{"zaboravila sam lozinku za nalog", "sr", "reset-password"},
	{"колико кошта Business пакет", "sr", "plans-pricing"},
	{"ինչպես չեղարկել բաժանորդագրությունս", "hy", "cancel-subscription"},
	{"մոռացել եմ գաղտնաբառը, ինչպես փոխեմ", "hy", "reset-password"},
	{"ինչպես կապվել աջակցման թիմի հետ", "hy", "contact-support"},
	{"رمز عبورم را فراموش کرده‌ام", "fa", "reset-password"},
	{"چطور کلید API بسازم", "fa", "api-integrations"},
	{"می‌خواهم اشتراکم را لغو کنم", "fa", "cancel-subscription"},
	{"жазылымды қалай тоқтатамын", "kk", "cancel-subscription"},
	{"екі факторлы аутентификацияны қосу керек", "kk", "login-2fa"},
	{"барлық деректерді CSV түрінде жүктеп алғым келеді", "kk", "export-data"},
}

func TestSearchFresh(t *testing.T) {
	ix, _ := demoIndex(t)
	for _, c := range fresh {
		hits := ix.Search(c.q, c.lang, 3)
		if len(hits) == 0 || hits[0].Article.Slug != c.slug || hits[0].Article.Language != c.lang {
			t.Errorf("%s %q: got %s, want %s", c.lang, c.q, describe(hits), c.slug)
		}
	}
}

func describe(hits []parley.SearchHit) string {
	var s []string
	for _, h := range hits {
		s = append(s, h.Article.Slug+"."+h.Article.Language)
	}
	return "[" + strings.Join(s, " ") + "]"
}

// Serbian in Latin finds the Cyrillic articles, with or without diacritics,
// and a Cyrillic query the same article.
func TestSearchSerbianScripts(t *testing.T) {
	ix, _ := demoIndex(t)
	for _, q := range []string{"Kako da otkažem pretplatu?", "kako da otkazem pretplatu", "Како да откажем претплату?"} {
		hits := ix.Search(q, "sr-Latn", 1)
		if len(hits) == 0 || hits[0].Article.Slug != "cancel-subscription" || hits[0].Article.Language != "sr" {
			t.Errorf("%q: got %s", q, describe(hits))
		}
	}
	a := ix.Search("zaboravio sam šifru", "sr", 1)
	b := ix.Search("заборавио сам шифру", "sr", 1)
	if len(a) == 0 || len(b) == 0 || a[0].Score != b[0].Score || a[0].Article.Slug != "reset-password" {
		t.Errorf("Latin %s and Cyrillic %s should score the same", describe(a), describe(b))
	}
}

// Arabic letter variants, ZWNJ and diacritics do not change a Persian match.
func TestSearchPersianVariants(t *testing.T) {
	ix, _ := demoIndex(t)
	want := ix.Search("فاکتورهای پرداخت", "fa", 1)
	for _, q := range []string{"فاكتورهاي پرداخت", "فاکتور‌های پرداخت", "فاکتورهایِ پَرداخت", "فاكتور هاي پرداخت"} {
		got := ix.Search(q, "fa", 1)
		if len(got) == 0 || len(want) == 0 || got[0].Article.Slug != want[0].Article.Slug {
			t.Errorf("%q: got %s, want %s", q, describe(got), describe(want))
		}
	}
	if want[0].Article.Slug != "billing-invoices" {
		t.Errorf("got %s, want billing-invoices", describe(want))
	}
}

// Unrelated questions score low (index_doc.go has the scale) or not at all.
func TestSearchUnrelated(t *testing.T) {
	ix, _ := demoIndex(t)
	for _, q := range []struct{ q, lang string }{
		{"what's the capital of Australia", "en"}, {"как приготовить пельмени", "ru"},
		{"gdzie jest najbliższa apteka", "pl"}, {"ko je napisao Na Drini ćuprija", "sr"},
		{"որտեղ է գտնվում Արարատ լեռը", "hy"}, {"بهترین رستوران شیراز کجاست", "fa"},
		{"Астана қаласының халқы қанша", "kk"}, {"", "en"}, {"how do I", "en"}, {"!!!", ""},
	} {
		if hits := ix.Search(q.q, q.lang, 3); len(hits) > 0 && hits[0].Score >= 0.2 {
			t.Errorf("%q: %s scored %.2f", q.q, hits[0].Article.Slug, hits[0].Score)
		}
	}
	if hits := ix.Search("how do I", "en", 3); len(hits) != 0 {
		t.Errorf("stop words only: %s", describe(hits))
	}
}

func TestSearchUnpublishedAndLookup(t *testing.T) {
	_, arts := demoIndex(t)
	var draft string
	for i := range arts {
		if arts[i].Slug == "export-data" && arts[i].Language == "en" {
			arts[i].Status = parley.ArticleDraft
			draft = arts[i].Title
		}
	}
	ix := kb.NewIndex(arts)
	if ix.Len() != len(arts)-1 {
		t.Errorf("Len = %d, want %d", ix.Len(), len(arts)-1)
	}
	if _, ok := ix.Article("export-data", "en"); ok {
		t.Error("a draft is found by Article")
	}
	if a, ok := ix.Article("export-data", "sr-Cyrl"); !ok || a.Language != "sr" {
		t.Errorf("Article(export-data, sr-Cyrl) = %v, %v", a.Language, ok)
	}
	for _, h := range ix.Search(draft, "en", 8) {
		if h.Article.Slug == "export-data" && h.Article.Language == "en" {
			t.Error("a draft is found by Search")
		}
	}
}

// A slug missing in the visitor's language is offered in another one, below
// the articles in the visitor's language; one that exists is never repeated.
func TestSearchOtherLanguage(t *testing.T) {
	_, arts := demoIndex(t)
	var kept []parley.Article
	for _, a := range arts {
		if !(a.Language == "ru" && a.Slug == "api-integrations") {
			kept = append(kept, a)
		}
	}
	ix := kb.NewIndex(kept)
	hits := ix.Search("как подключить Slack и Zapier через API", "ru", 3)
	if len(hits) == 0 || hits[0].Article.Slug != "api-integrations" || hits[0].Article.Language == "ru" {
		t.Fatalf("got %s, want api-integrations in another language", describe(hits))
	}
	seen := map[string]bool{}
	for _, h := range ix.Search("пароль тариф счёт экспорт", "ru", 8) {
		if seen[h.Article.Slug] || h.Article.Language != "ru" && h.Article.Slug != "api-integrations" {
			t.Errorf("unexpected hit %s.%s", h.Article.Slug, h.Article.Language)
		}
		seen[h.Article.Slug] = true
	}
	// An unknown language searches them all.
	if hits := ix.Search("Passwort vergessen, password reset", "de", 1); len(hits) == 0 || hits[0].Article.Slug != "reset-password" {
		t.Errorf("de: got %s", describe(hits))
	}
}

func TestSearchConcurrent(t *testing.T) {
	ix, _ := demoIndex(t)
	want := describe(ix.Search(fresh[0].q, fresh[0].lang, 3))
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				c := fresh[(g+i)%len(fresh)]
				ix.Search(c.q, c.lang, 3)
				ix.Article(c.slug, c.lang)
			}
			if got := describe(ix.Search(fresh[0].q, fresh[0].lang, 3)); got != want {
				t.Errorf("got %s, want %s", got, want)
			}
		})
	}
	wg.Wait()
}
