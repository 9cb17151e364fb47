package bot

import "strings"

// phrase keys for what the bot says in its own words.
const (
	pReadMore      = "read_more"
	pReadRest      = "read_rest" // the passage left part out ("…" at either end)
	pHandoff       = "handoff"
	pMeanwhile     = "meanwhile" // an urgent handoff with the article that answers
	pClarify       = "clarify"
	pClarifyNone   = "clarify_none"
	pOtherLanguage = "other_language"
	pAskEmail      = "ask_email"
	pWaiting       = "waiting"        // nobody online, the email known (%s)
	pWaitingNoMail = "waiting_nomail" // nobody online, no email yet
)

// phrases in the languages the product proves; others fall back to English.
// Serbian is written in Cyrillic and transliterated for Latin-script visitors.
var phrases = map[string]map[string]string{
	"en": {
		pMeanwhile:     "While you wait, this is what to do right away:",
		pReadRest:      "The rest is in the article",
		pWaiting:       "Your message is saved. Nobody from our team is online right now; we will reply here and by email to %s as soon as we are back.",
		pWaitingNoMail: "Your message is saved. Nobody from our team is online right now: leave your email and we will reply as soon as we are back, or keep the chat open and we will answer here.",
		pAskEmail:      "Nobody from our team is available right now. Leave your email and we will reply as soon as we are back.",
		pReadMore:      "Read the full article",
		pHandoff:       "I'm connecting you with a person from our team. They will reply right here.",
		pClarify:       "I'm not sure I understood. Is your question about one of these?",
		pClarifyNone:   "I'm not able to help with that. Could you put it another way? You can also ask to talk to a person.",
		pOtherLanguage: "This article is not available in your language yet, so here it is in another language.",
	},
	"ru": {
		pMeanwhile:     "Пока вы ждёте, вот что можно сделать сразу:",
		pReadRest:      "Остальное — в статье",
		pWaiting:       "Ваше сообщение сохранено. Сейчас никого из нашей команды нет на связи; мы ответим здесь и по email на %s, как только вернёмся.",
		pWaitingNoMail: "Ваше сообщение сохранено. Сейчас никого из нашей команды нет на связи: оставьте email, и мы ответим, как только вернёмся, или оставайтесь в чате — ответим здесь.",
		pAskEmail:      "Сейчас никого из нашей команды нет на связи. Оставьте ваш email, и мы ответим, как только вернёмся.",
		pReadMore:      "Читать статью полностью",
		pHandoff:       "Передаю ваш вопрос сотруднику поддержки. Он ответит прямо здесь.",
		pClarify:       "Не уверен, что правильно понял. Ваш вопрос об одном из этого?",
		pClarifyNone:   "С этим я помочь не могу. Можете сформулировать иначе? Также можно попросить соединить с сотрудником.",
		pOtherLanguage: "Этой статьи пока нет на вашем языке, поэтому привожу её на другом.",
	},
	"pl": {
		pMeanwhile:     "Zanim odpowiemy, oto co możesz zrobić od razu:",
		pReadRest:      "Resztę znajdziesz w artykule",
		pWaiting:       "Twoja wiadomość została zapisana. Nikogo z naszego zespołu nie ma teraz online; odpowiemy tutaj i e-mailem na %s, gdy tylko wrócimy.",
		pWaitingNoMail: "Twoja wiadomość została zapisana. Nikogo z naszego zespołu nie ma teraz online: zostaw e-mail, a odpowiemy, gdy tylko wrócimy, albo zostań na czacie — odpowiemy tutaj.",
		pAskEmail:      "Nikt z naszego zespołu nie jest teraz dostępny. Zostaw swój e-mail, a odpowiemy, gdy tylko wrócimy.",
		pReadMore:      "Przeczytaj cały artykuł",
		pHandoff:       "Łączę Cię z osobą z naszego zespołu. Odpowie tutaj.",
		pClarify:       "Nie jestem pewien, czy dobrze rozumiem. Czy chodzi o jedno z tych?",
		pClarifyNone:   "Nie mogę pomóc w tej sprawie. Czy możesz ująć to inaczej? Możesz też poprosić o rozmowę z konsultantem.",
		pOtherLanguage: "Ten artykuł nie jest jeszcze dostępny w Twoim języku, więc podaję go w innym.",
	},
	"sr": {
		pMeanwhile:     "Док чекате, ево шта можете одмах да урадите:",
		pReadRest:      "Остало је у чланку",
		pWaiting:       "Ваша порука је сачувана. Тренутно нико из нашег тима није на вези; одговорићемо овде и на е-адресу %s чим се вратимо.",
		pWaitingNoMail: "Ваша порука је сачувана. Тренутно нико из нашег тима није на вези: оставите е-адресу и одговорићемо чим се вратимо, или останите у ћаскању — одговорићемо овде.",
		pAskEmail:      "Тренутно нико из нашег тима није доступан. Оставите своју е-адресу и одговорићемо чим се вратимо.",
		pReadMore:      "Прочитајте цео чланак",
		pHandoff:       "Повезујем вас са особом из нашег тима. Одговориће вам овде.",
		pClarify:       "Нисам сигуран да сам разумео. Да ли је ваше питање о нечем од овога?",
		pClarifyNone:   "У томе не могу да помогнем. Можете ли да кажете другачије? Можете и да затражите разговор са оператером.",
		pOtherLanguage: "Овај чланак још није доступан на вашем језику, па га шаљем на другом.",
	},
	"hy": {
		pMeanwhile:     "Մինչ սպասում եք, ահա թե ինչ կարող եք անել անմիջապես։",
		pReadRest:      "Մնացածը հոդվածում է",
		pWaiting:       "Ձեր հաղորդագրությունը պահպանված է։ Այս պահին մեր թիմից ոչ ոք առցանց չէ․ վերադառնալուն պես կպատասխանենք այստեղ և %s էլ. հասցեին։",
		pWaitingNoMail: "Ձեր հաղորդագրությունը պահպանված է։ Այս պահին մեր թիմից ոչ ոք առցանց չէ․ թողեք ձեր էլ. փոստը, և կպատասխանենք վերադառնալուն պես, կամ մնացեք զրույցում՝ կպատասխանենք այստեղ։",
		pAskEmail:      "Այս պահին մեր թիմից ոչ ոք հասանելի չէ։ Թողեք ձեր էլ. փոստը, և մենք կպատասխանենք վերադառնալուն պես։",
		pReadMore:      "Կարդալ ամբողջ հոդվածը",
		pHandoff:       "Ձեզ միացնում եմ մեր թիմի աշխատակցին։ Նա կպատասխանի հենց այստեղ։",
		pClarify:       "Վստահ չեմ, որ ճիշտ հասկացա։ Ձեր հարցը սրանցից որևէ մեկի՞ մասին է։",
		pClarifyNone:   "Դրանում չեմ կարող օգնել։ Կարո՞ղ եք այլ կերպ ձևակերպել։ Կարող եք նաև խնդրել խոսել աշխատակցի հետ։",
		pOtherLanguage: "Այս հոդվածը դեռ հասանելի չէ ձեր լեզվով, ուստի այն ներկայացնում եմ այլ լեզվով։",
	},
	"fa": {
		pMeanwhile:     "تا زمانی که منتظر هستید، این کار را همین حالا انجام دهید:",
		pReadRest:      "بقیه در مقاله است",
		pWaiting:       "پیام شما ذخیره شد. در حال حاضر هیچ‌کس از تیم ما آنلاین نیست؛ به محض بازگشت همین‌جا و با ایمیل به %s پاسخ می‌دهیم.",
		pWaitingNoMail: "پیام شما ذخیره شد. در حال حاضر هیچ‌کس از تیم ما آنلاین نیست: ایمیل خود را بگذارید تا به محض بازگشت پاسخ دهیم، یا در گفتگو بمانید تا همین‌جا پاسخ دهیم.",
		pAskEmail:      "در حال حاضر هیچ‌کس از تیم ما در دسترس نیست. ایمیل خود را بگذارید تا به محض بازگشت پاسخ دهیم.",
		pReadMore:      "خواندن کامل مقاله",
		pHandoff:       "شما را به یکی از همکاران تیم پشتیبانی وصل می‌کنم. همین‌جا پاسخ می‌دهند.",
		pClarify:       "مطمئن نیستم درست متوجه شده باشم. آیا سؤال شما درباره یکی از این‌هاست؟",
		pClarifyNone:   "در این مورد نمی‌توانم کمک کنم. می‌توانید طور دیگری بپرسید؟ همچنین می‌توانید درخواست گفتگو با اپراتور کنید.",
		pOtherLanguage: "این مقاله هنوز به زبان شما موجود نیست، برای همین آن را به زبان دیگری می‌فرستم.",
	},
	"kk": {
		pMeanwhile:     "Күтіп тұрғанда, дәл қазір мынаны істей аласыз:",
		pReadRest:      "Қалғаны мақалада",
		pWaiting:       "Хабарламаңыз сақталды. Қазір біздің командадан ешкім желіде емес; оралған бойда осында және %s поштасына жауап береміз.",
		pWaitingNoMail: "Хабарламаңыз сақталды. Қазір біздің командадан ешкім желіде емес: электрондық поштаңызды қалдырыңыз, оралған бойда жауап береміз, немесе чатта қалыңыз — осында жауап береміз.",
		pAskEmail:      "Қазір біздің командадан ешкім қолжетімді емес. Электрондық поштаңызды қалдырыңыз, біз оралған бойда жауап береміз.",
		pReadMore:      "Мақаланы толық оқу",
		pHandoff:       "Сізді біздің команданың қызметкерімен байланыстырып жатырмын. Ол осы жерде жауап береді.",
		pClarify:       "Дұрыс түсіндім бе, сенімді емеспін. Сұрағыңыз мыналардың біріне қатысты ма?",
		pClarifyNone:   "Бұл сұраққа көмектесе алмаймын. Басқаша жаза аласыз ба? Қызметкермен сөйлесуді де сұрай аласыз.",
		pOtherLanguage: "Бұл мақала әзірге сіздің тіліңізде жоқ, сондықтан оны басқа тілде жіберемін.",
	},
}

// say returns the phrase in lang (Serbian in the visitor's script).
func say(key, lang string, latin bool) string {
	p, ok := phrases[lang]
	if !ok {
		p = phrases["en"]
	}
	s := p[key]
	if lang == "sr" && latin {
		s = SerbianToLatin(s)
	}
	return s
}

var srLatin = strings.NewReplacer(
	"Љ", "Lj", "Њ", "Nj", "Џ", "Dž", "љ", "lj", "њ", "nj", "џ", "dž",
	"А", "A", "Б", "B", "В", "V", "Г", "G", "Д", "D", "Ђ", "Đ", "Е", "E", "Ж", "Ž", "З", "Z", "И", "I",
	"Ј", "J", "К", "K", "Л", "L", "М", "M", "Н", "N", "О", "O", "П", "P", "Р", "R", "С", "S", "Т", "T",
	"Ћ", "Ć", "У", "U", "Ф", "F", "Х", "H", "Ц", "C", "Ч", "Č", "Ш", "Š",
	"а", "a", "б", "b", "в", "v", "г", "g", "д", "d", "ђ", "đ", "е", "e", "ж", "ž", "з", "z", "и", "i",
	"ј", "j", "к", "k", "л", "l", "м", "m", "н", "n", "о", "o", "п", "p", "р", "r", "с", "s", "т", "t",
	"ћ", "ć", "у", "u", "ф", "f", "х", "h", "ц", "c", "ч", "č", "ш", "š",
)

// SerbianToLatin transliterates Serbian Cyrillic to Latin (Gaj's alphabet).
func SerbianToLatin(s string) string { return srLatin.Replace(s) }

// AskEmail is the bot's offer, when nobody can answer now, to take the
// visitor's email; Serbian follows the script of visitorText.
func AskEmail(lang, visitorText string) string {
	return say(pAskEmail, lang, isLatinSerbian(lang, visitorText))
}

// Waiting tells a queued visitor who writes again while nobody can
// answer that the message is kept and what happens next; Serbian follows
// the script of visitorText.
func Waiting(lang, visitorText, email string) string {
	latin := isLatinSerbian(lang, visitorText)
	if email == "" {
		return say(pWaitingNoMail, lang, latin)
	}
	return strings.Replace(say(pWaiting, lang, latin), "%s", email, 1)
}
