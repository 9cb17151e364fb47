package signal

import (
	"slices"
	"testing"
)

// cueCase is one message in one language; "sr" cases come in both scripts.
type cueCase struct{ lang, text string }

// positives lists, per reason, messages that must produce it: every cue
// family in every supported language.
var positives = map[string][]cueCase{
	"keyword:outage": {
		{"en", "Your website is down again"}, {"en", "The dashboard is not working since this morning"},
		{"ru", "Сайт не работает уже час"}, {"ru", "Сервер упал?"},
		{"pl", "Strona nie działa od rana"}, {"pl", "Serwer padł?"},
		{"sr", "Sajt ne radi od jutros"}, {"sr", "Апликација не ради од јутрос"},
		{"hy", "Կայքը չի աշխատում"}, {"fa", "سایت از صبح کار نمی‌کند"}, {"fa", "سایت بالا نمیاد"},
		{"kk", "Сайт таңертеңнен бері істемейді"},
	},
	"keyword:cannot_login": {
		{"en", "I can't sign in"}, {"en", "I'm locked out of my account"},
		{"ru", "Не получается зайти в личный кабинет"}, {"ru", "Мой аккаунт заблокировали"},
		{"pl", "Nie moge sie zalogowac"}, {"pl", "Konto zostało zablokowane"},
		{"sr", "Ne mogu da se ulogujem"}, {"sr", "Не могу да се пријавим на налог"},
		{"hy", "Չեմ կարողանում մուտք գործել"}, {"fa", "نمی‌توانم وارد حساب کاربری‌ام شوم"},
		{"fa", "حسابم مسدود شده"}, {"kk", "Аккаунтыма кіре алмаймын"},
		{"kk", "Аккаунтыма кире алмаймын"}, // typed on a Russian keyboard
	},
	"keyword:payment_failed": {
		{"en", "My payment failed but the money was taken"}, {"en", "I was charged twice this month"},
		{"ru", "Оплата не проходит"}, {"ru", "С меня списали деньги дважды"},
		{"pl", "Płatność nie przeszła"}, {"pl", "Pobrano mi opłatę dwa razy"},
		{"sr", "Plaćanje ne prolazi"}, {"sr", "Naplatili ste mi dva puta"}, {"sr", "Уплата не пролази"},
		{"hy", "Վճարումը չի անցնում"}, {"hy", "Ինձնից երկու անգամ գումար են գանձել"},
		{"fa", "پرداخت انجام نشد"}, {"fa", "دو بار از کارتم پول کسر شده"},
		{"kk", "Төлем өтпей жатыр"}, {"kk", "Картамнан екі рет ақша алынды"},
	},
	"keyword:data_loss": {
		{"en", "All my files are gone"}, {"en", "My projects disappeared after the update"},
		{"ru", "Пропали все данные"}, {"ru", "после обновления исчезли все проекты"},
		{"pl", "Zniknęły wszystkie moje dane"}, {"sr", "Nestali su svi moji podaci"},
		{"sr", "Обрисани су сви подаци"}, {"hy", "Բոլոր տվյալները ջնջվել են"},
		{"fa", "همه اطلاعاتم پاک شد"}, {"kk", "Барлық деректерім жоғалып кетті"},
	},
	"keyword:security": {
		{"en", "I think my account was hacked"}, {"en", "Someone logged into my account from another country"},
		{"ru", "Мой аккаунт взломали"}, {"ru", "Кто-то зашел в мой аккаунт"}, {"ru", "Пароли утекли в сеть"},
		{"pl", "Ktoś włamał się na moje konto"}, {"pl", "Moje konto zostało zhakowane"},
		{"sr", "Nalog mi je hakovan"}, {"sr", "Неко се пријавио на мој налог"},
		{"hy", "Իմ հաշիվը կոտրել են"}, {"fa", "حسابم هک شده"}, {"kk", "Аккаунтымды бұзып кірді"},
	},
	"keyword:legal": {
		{"en", "I will contact my lawyer"}, {"en", "This is a GDPR violation"},
		{"ru", "Я обращусь в суд"}, {"ru", "Буду жаловаться в Роспотребнадзор"},
		{"pl", "Sprawa trafi do sądu"}, {"pl", "Zgłoszę to do UODO"},
		{"sr", "Tužiću vas"}, {"sr", "Обратићу се адвокату"}, {"hy", "Դիմելու եմ փաստաբանի"},
		{"fa", "از شما شکایت می‌کنم"}, {"kk", "Сотқа беремін"},
	},
	"keyword:churn": {
		{"en", "I want to cancel my subscription"}, {"en", "Give me a refund"},
		{"ru", "Хочу отменить подписку"}, {"ru", "Верните деньги"},
		{"pl", "Chcę anulować subskrypcję"}, {"pl", "Proszę o zwrot pieniędzy"},
		{"sr", "Otkazujem pretplatu"}, {"sr", "Вратите ми новац"},
		{"hy", "Ուզում եմ չեղարկել բաժանորդագրությունը"}, {"fa", "اشتراکم را لغو کنید"},
		{"kk", "Ақшамды қайтарыңыз"},
	},
	"tone:anger": {
		{"en", "This is ridiculous"}, {"en", "Absolutely unacceptable service"},
		{"ru", "Это безобразие"}, {"ru", "Ужасный сервис"}, {"ru", "Сколько можно ждать ответа?"}, {"pl", "To jest skandal"},
		{"pl", "Mam dość waszej aplikacji"}, {"sr", "Ovo je sramota"}, {"sr", "Ово је катастрофа"},
		{"hy", "Սա ամոթ է"}, {"fa", "این افتضاح است"}, {"kk", "Бұл масқара"},
	},
	"tone:profanity": {
		{"en", "this shit never works"}, {"en", "what the fuck"}, {"en", "you idiots broke it again"}, {"ru", "Да бля, опять"},
		{"ru", "вы идиоты"}, {"pl", "Kurwa, znowu"}, {"sr", "Jebem vam aplikaciju"},
		{"sr", "Ви сте идиоти"}, {"hy", "Դուք ապուշ եք"}, {"fa", "شما احمق هستید"},
		{"kk", "Сендер ақымақсыңдар"},
	},
}

// negatives lists, per reason, everyday questions that must not produce it.
var negatives = map[string][]cueCase{
	"keyword:outage": {
		{"en", "How do I turn off notifications?"}, {"en", "Which plan works best for a small team?"},
		{"en", "Can I download the report as PDF?"}, {"ru", "Как работает интеграция?"},
		{"pl", "Jak działa eksport?"}, {"sr", "Kako radi izvoz?"}, {"hy", "Ինչպես է աշխատում արտահանումը"},
		{"fa", "خروجی گرفتن چطور کار می‌کند؟"}, {"kk", "Экспорт қалай жұмыс істейді?"},
	},
	"keyword:cannot_login": {
		{"en", "How do I log out?"}, {"en", "I can't find the export button"}, {"en", "Can I access the API?"},
		{"ru", "Как выйти из аккаунта?"}, {"pl", "Jak się wylogować?"}, {"sr", "Kako da se odjavim?"},
		{"hy", "Ինչպես դուրս գալ հաշվից"}, {"fa", "چطور از حساب خارج شوم؟"}, {"kk", "Аккаунттан қалай шығамын?"},
	},
	"keyword:payment_failed": {
		{"en", "How do I pay by bank transfer?"}, {"en", "What payment methods do you accept?"},
		{"en", "Is payment not required for the trial?"},
		{"ru", "Какие способы оплаты есть?"}, {"pl", "Jakie są metody płatności?"},
		{"sr", "Koji su načini plaćanja?"}, {"hy", "Ինչպես վճարել քարտով"}, {"fa", "چطور پرداخت کنم؟"},
		{"kk", "Қалай төлеймін?"},
	},
	"keyword:data_loss": {
		{"en", "How do I delete my old projects?"}, {"en", "I lost my password"},
		{"ru", "Как удалить старые проекты?"}, {"pl", "Jak usunąć stare projekty?"},
		{"sr", "Kako da obrišem stare projekte?"}, {"hy", "Ինչպես ջնջել հին նախագծերը"},
		{"fa", "چطور پروژه‌های قدیمی را حذف کنم؟"}, {"kk", "Ескі жобаларды қалай өшіремін?"},
	},
	"keyword:security": {
		{"en", "How do I enable two-factor authentication?"}, {"en", "Is my data stored securely?"},
		{"ru", "Как включить двухфакторную аутентификацию?"}, {"pl", "Jak włączyć weryfikację dwuetapową?"},
		{"sr", "Kako da uključim dvofaktorsku potvrdu?"}, {"hy", "Ինչպես միացնել երկգործոն նույնականացումը"},
		{"fa", "چطور ورود دو مرحله‌ای را فعال کنم؟"}, {"kk", "Екі факторлы аутентификацияны қалай қосамын?"},
	},
	"keyword:legal": {
		{"en", "Do you have a privacy policy page?"}, {"en", "I'm sad that the event was cancelled"},
		{"ru", "Судя по всему, проблема в браузере"}, {"pl", "Sądzę, że to błąd przeglądarki"},
		{"sr", "Sudeći po svemu, problem je u pregledaču"}, {"hy", "Ինչպես փոխել անունը"},
		{"fa", "قوانین استفاده کجاست؟"}, {"kk", "Қызмет көрсету шарттары қайда?"},
	},
	"keyword:churn": {
		{"en", "How do I upgrade my plan?"}, {"en", "Can I switch to annual billing?"},
		{"ru", "Как перейти на другой тариф?"}, {"pl", "Jak zmienić plan na roczny?"},
		{"sr", "Kako da pređem na godišnji paket?"}, {"hy", "Ինչպես փոխել սակագինը"},
		{"fa", "چطور اشتراکم را تمدید کنم؟"}, {"kk", "Тарифті қалай ауыстырамын?"},
	},
	"tone:anger": {
		{"en", "Great job, it works now"}, {"en", "In the worst case we export by hand"}, {"ru", "Спасибо, всё отлично"},
		{"ru", "Сколько задач можно добавить в проект?"}, {"pl", "Dziękuję, wszystko działa"},
		{"sr", "Hvala, sve radi"}, {"hy", "Շնորհակալություն, ամեն ինչ աշխատում է"},
		{"fa", "ممنون، همه چیز درست شد"}, {"kk", "Рахмет, бәрі жұмыс істейді"},
	},
	"tone:profanity": {
		{"en", "I need to shift the date"}, {"en", "Is the fuchsia theme available?"},
		{"en", "Sorry if this is a stupid question"}, {"en", "I feel like an idiot, where is export?"},
		{"en", "Damn, it works now"}, {"ru", "Я идиот, не заметил кнопку"},
		{"ru", "Ребята, подскажите, как употреблять команду"}, {"pl", "Chciałbym zmienić hasło"},
		{"sr", "Kako da podesim obaveštenja?"}, {"hy", "Հիմա ամեն ինչ լավ է"},
		{"fa", "خرید اشتراک سالانه"}, {"kk", "Батырма оң жақта"},
	},
}

func TestCuesPositive(t *testing.T) {
	for reason, cases := range positives {
		langs := map[string]bool{}
		for _, c := range cases {
			langs[c.lang] = true
			if got := Assess(Input{Text: c.text, Lang: c.lang}); !slices.Contains(got.Reasons, reason) {
				t.Errorf("%s %q: reasons %v, want %s", c.lang, c.text, got.Reasons, reason)
			}
		}
		if len(langs) != 7 {
			t.Errorf("%s: positives cover %d languages, want 7", reason, len(langs))
		}
	}
}

func TestCuesNegative(t *testing.T) {
	for reason, cases := range negatives {
		for _, c := range cases {
			if got := Assess(Input{Text: c.text, Lang: c.lang}); slices.Contains(got.Reasons, reason) {
				t.Errorf("%s %q: reasons %v, must not contain %s", c.lang, c.text, got.Reasons, reason)
			}
		}
	}
}
