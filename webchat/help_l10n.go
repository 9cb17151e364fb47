package webchat

import (
	"slices"
	"strconv"
	"strings"
)

// helpText is the help center's own wording in one language. The article
// text comes from the knowledge base; these are the words around it.
type helpText struct {
	Name        string // the language's own name, for the switcher
	HelpCenter  string
	Search      string
	SearchLabel string
	Results     string // {q} is the query
	NoResults   string
	Helpful     string
	Yes, No     string
	Thanks      string
	StillNeed   string
	Chat        string
	Language    string
	All         string
	Skip        string
	NotFound    string
}

// helpTexts has every language the demo knowledge base and the widget
// speak; another language's pages use English around the article.
var helpTexts = map[string]helpText{
	"en": {"English", "Help center", "Search", "Search the help center", "Results for “{q}”",
		"No article matches. Try other words, or chat with us.", "Was this article helpful?", "Yes", "No",
		"Thanks for your feedback!", "Still need help?", "Chat with us", "Language", "All articles",
		"Skip to content", "There is no published article here."},
	"ru": {"Русский", "Справочный центр", "Найти", "Поиск по справке", "Результаты по запросу «{q}»",
		"Ничего не нашлось. Попробуйте другие слова или напишите нам.", "Эта статья была полезной?", "Да", "Нет",
		"Спасибо за отзыв!", "Остались вопросы?", "Написать нам", "Язык", "Все статьи",
		"Перейти к содержанию", "Такой опубликованной статьи нет."},
	"pl": {"Polski", "Centrum pomocy", "Szukaj", "Szukaj w centrum pomocy", "Wyniki dla „{q}”",
		"Brak pasujących artykułów. Spróbuj innych słów albo napisz do nas.", "Czy ten artykuł był pomocny?", "Tak", "Nie",
		"Dziękujemy za opinię!", "Nadal potrzebujesz pomocy?", "Napisz do nas", "Język", "Wszystkie artykuły",
		"Przejdź do treści", "Nie ma tu opublikowanego artykułu."},
	"sr": {"Српски", "Центар за помоћ", "Претражи", "Претражите центар за помоћ", "Резултати за „{q}”",
		"Нема одговарајућих чланака. Покушајте другим речима или нам пишите.", "Да ли вам је овај чланак помогао?", "Да", "Не",
		"Хвала на повратној информацији!", "Још вам треба помоћ?", "Пишите нам", "Језик", "Сви чланци",
		"Пређи на садржај", "Овде нема објављеног чланка."},
	"hy": {"Հայերեն", "Օգնության կենտրոն", "Որոնել", "Որոնել օգնության կենտրոնում", "Արդյունքներ «{q}» հարցման համար",
		"Համապատասխան հոդված չկա։ Փորձեք այլ բառեր կամ գրեք մեզ։", "Այս հոդվածն օգտակա՞ր էր", "Այո", "Ոչ",
		"Շնորհակալություն արձագանքի համար։", "Դեռ օգնության կարի՞ք ունեք", "Գրեք մեզ", "Լեզու", "Բոլոր հոդվածները",
		"Անցնել բովանդակությանը", "Այստեղ հրապարակված հոդված չկա։"},
	"fa": {"فارسی", "مرکز راهنما", "جستجو", "جستجو در مرکز راهنما", "نتایج برای «{q}»",
		"مقاله‌ای پیدا نشد. واژه‌های دیگری را امتحان کنید یا با ما گفتگو کنید.", "آیا این مقاله مفید بود؟", "بله", "نه",
		"از بازخورد شما سپاسگزاریم!", "هنوز به کمک نیاز دارید؟", "گفتگو با ما", "زبان", "همه مقاله‌ها",
		"رفتن به محتوا", "چنین مقالهٔ منتشرشده‌ای وجود ندارد."},
	"kk": {"Қазақша", "Анықтама орталығы", "Іздеу", "Анықтама орталығынан іздеу", "«{q}» бойынша нәтижелер",
		"Сәйкес мақала табылмады. Басқа сөздермен іздеп көріңіз немесе бізге жазыңыз.", "Бұл мақала пайдалы болды ма?", "Иә", "Жоқ",
		"Пікіріңізге рахмет!", "Әлі де көмек керек пе?", "Бізге жазыңыз", "Тіл", "Барлық мақалалар",
		"Мазмұнға өту", "Мұнда жарияланған мақала жоқ."},
}

// rtl lists the right-to-left languages.
var rtl = []string{"fa", "ar", "he", "ur", "ps", "ckb", "dv", "yi"}

func textsFor(lang string) helpText {
	if t, ok := helpTexts[lang]; ok {
		return t
	}
	return helpTexts["en"]
}

func dirOf(lang string) string {
	if slices.Contains(rtl, lang) {
		return "rtl"
	}
	return "ltr"
}

// langName is a language's own name when known, else its tag.
func langName(lang string) string {
	if t, ok := helpTexts[lang]; ok {
		return t.Name
	}
	return lang
}

// baseLang is the base language of a BCP 47 tag, lower-cased ("sr-Latn-RS"
// → "sr"), as articles are stored.
func baseLang(tag string) string {
	l, _, _ := strings.Cut(strings.TrimSpace(tag), "-")
	l, _, _ = strings.Cut(l, "_")
	return strings.ToLower(l)
}

// acceptLanguage returns the languages of an Accept-Language header, best
// first (q=0 dropped, ties kept in header order).
func acceptLanguage(h string) []string {
	type pref struct {
		lang string
		q    float64
	}
	var ps []pref
	for _, part := range strings.Split(h, ",") {
		tag, params, _ := strings.Cut(part, ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				continue
			}
			q = f
		}
		if l := baseLang(tag); l != "" && l != "*" && q > 0 {
			ps = append(ps, pref{l, q})
		}
	}
	slices.SortStableFunc(ps, func(a, b pref) int {
		switch {
		case a.q > b.q:
			return -1
		case a.q < b.q:
			return 1
		}
		return 0
	})
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.lang
	}
	return out
}

// collectionTitles names common collection ids (the demo knowledge base's)
// in each language; any other id is shown as written.
var collectionTitles = map[string]map[string]string{
	"account":    {"en": "Account", "ru": "Учётная запись", "pl": "Konto", "sr": "Налог", "hy": "Հաշիվ", "fa": "حساب کاربری", "kk": "Тіркелгі"},
	"billing":    {"en": "Billing", "ru": "Оплата", "pl": "Płatności", "sr": "Плаћање", "hy": "Վճարումներ", "fa": "صورت‌حساب و پرداخت", "kk": "Төлем"},
	"data":       {"en": "Your data", "ru": "Данные", "pl": "Dane", "sr": "Подаци", "hy": "Տվյալներ", "fa": "داده‌ها", "kk": "Деректер"},
	"developers": {"en": "Developers", "ru": "Разработчикам", "pl": "Dla programistów", "sr": "За програмере", "hy": "Ծրագրավորողների համար", "fa": "توسعه‌دهندگان", "kk": "Әзірлеушілерге"},
	"support":    {"en": "Support", "ru": "Поддержка", "pl": "Wsparcie", "sr": "Подршка", "hy": "Աջակցություն", "fa": "پشتیبانی", "kk": "Қолдау"},
}
