package lang

import "testing"

// Realistic support-chat sentences, written for these tests (not taken from
// the corpora the profiles are built from).
var labelled = map[string][]string{
	"en": {
		"I can't log in to my account",
		"Your site has been down for an hour, what is going on?",
		"I was charged twice for the same order",
		"How do I add a new person to my team?",
		"Where can I download my invoices?",
		"The app keeps logging me out every few minutes",
		"Can you help me reset my password please",
		"all my projects disappeared after the update",
		"is there a way to pay with paypal",
		"nothing loads on the checkout page, just a spinner",
	},
	"ru": {
		"Не могу войти в аккаунт",
		"Сайт не открывается уже второй час",
		"С карты списали деньги дважды, верните пожалуйста",
		"Как добавить сотрудника в команду?",
		"Где скачать закрывающие документы?",
		"Приложение постоянно выкидывает из аккаунта",
		"Помогите сбросить пароль, письмо не приходит",
		"после обновления пропали все мои проекты",
		"можно ли оплатить через юмани",
		"Здравствуйте! У меня не проходит оплата картой",
	},
	"pl": {
		"Nie mogę zalogować się do konta",
		"Strona nie działa od godziny, co się dzieje?",
		"Pobrano mi pieniądze dwa razy za to samo zamówienie",
		"Jak dodać nową osobę do zespołu?",
		"Gdzie mogę pobrać faktury?",
		"Aplikacja co chwilę mnie wylogowuje",
		"Pomóżcie mi zresetować hasło",
		"po aktualizacji zniknęły wszystkie moje projekty",
		"czy mozna zaplacic blikiem", // no diacritics, as often typed
		"Dzien dobry, mam problem z platnoscia karta",
	},
	"sr": {
		"Не могу да се пријавим",
		"Ne mogu da se prijavim na nalog",
		"Сајт не ради већ сат времена, шта се дешава?",
		"Naplatili ste mi dva puta istu porudžbinu",
		"Kako da dodam novu osobu u tim?",
		"Где могу да преузмем рачуне?",
		"Aplikacija me stalno izbacuje iz naloga",
		"Помозите ми да ресетујем лозинку",
		"posle ažuriranja su nestali svi moji projekti",
		"da li moze da se plati karticom", // no diacritics
		"Zdravo, imam problem sa placanjem",
	},
	"hy": {
		"Չեմ կարողանում մուտք գործել",
		"Կայքը չի աշխատում արդեն մեկ ժամ",
		"Ինձնից երկու անգամ գումար են գանձել",
		"Ինչպե՞ս ավելացնել նոր աշխատակից թիմում",
		"Որտեղի՞ց կարող եմ ներբեռնել հաշիվ-ապրանքագրերը",
		"Հավելվածը անընդհատ դուրս է հանում ինձ",
		"Օգնեք վերականգնել գաղտնաբառը",
		"Թարմացումից հետո բոլոր նախագծերս անհետացել են",
	},
	"fa": {
		"نمی‌توانم وارد حساب کاربری‌ام شوم",
		"سایت از یک ساعت پیش بالا نمی‌آید",
		"دو بار از کارتم پول کسر شده است",
		"چطور یک نفر جدید به تیمم اضافه کنم؟",
		"فاکتورها را از کجا دانلود کنم؟",
		"برنامه مدام من را از حساب خارج می‌کند",
		"لطفا برای بازیابی رمز عبور کمکم کنید",
		"بعد از به‌روزرسانی همه پروژه‌هایم ناپدید شدند",
		"ميخواهم اشتراكم را تمديد كنم", // Arabic-keyboard ي and ك
	},
	"kk": {
		"Аккаунтыма кіре алмаймын",
		"Сайт бір сағаттан бері ашылмайды",
		"Картамнан екі рет ақша алынды",
		"Командаға жаңа адамды қалай қосамын?",
		"Шот-фактураларды қайдан жүктеп аламын?",
		"Қосымша мені үнемі аккаунттан шығарып жібереді",
		"Құпиясөзді қалпына келтіруге көмектесіңізші",
		"Жаңартудан кейін барлық жобаларым жоғалып кетті",
	},
}

func TestDetectLabelled(t *testing.T) {
	for want, texts := range labelled {
		for _, s := range texts {
			got := Detect(s)
			if got.Lang != want || got.Confidence < minConfidence {
				t.Errorf("Detect(%q) = %+v, want %s", s, got, want)
			}
		}
	}
}
