package mail

import "strings"

// words is what an email says, in one language.
type words struct {
	replySubject, replyIntro           string // %s: the site's name
	transcriptSubject, transcriptIntro string
	open, you, footer                  string
	rtl                                bool
}

// lang holds every language the widget speaks.
var lang = map[string]words{
	"en": {"New reply from %s", "You have a new reply in your conversation with %s:", "Transcript of your conversation with %s", "Here is your conversation with %s:",
		"Open the conversation", "You", "You are receiving this because you asked for it or left your email in the chat.", false},
	"ru": {"Новый ответ от %s", "Вам ответили в разговоре с %s:", "Запись разговора с %s", "Ваш разговор с %s:",
		"Открыть разговор", "Вы", "Вы получили это письмо, потому что запросили его или оставили адрес в чате.", false},
	"pl": {"Nowa odpowiedź od %s", "Masz nową odpowiedź w rozmowie z %s:", "Zapis rozmowy z %s", "Oto Twoja rozmowa z %s:",
		"Otwórz rozmowę", "Ty", "Otrzymujesz tę wiadomość, ponieważ o nią poprosiłeś lub zostawiłeś adres na czacie.", false},
	"sr": {"Нови одговор од %s", "Имате нови одговор у разговору са %s:", "Запис разговора са %s", "Ево вашег разговора са %s:",
		"Отвори разговор", "Ви", "Ову поруку добијате јер сте је затражили или оставили адресу у ћаскању.", false},
	"sr-Latn": {"Novi odgovor od %s", "Imate novi odgovor u razgovoru sa %s:", "Zapis razgovora sa %s", "Evo vašeg razgovora sa %s:",
		"Otvori razgovor", "Vi", "Ovu poruku dobijate jer ste je zatražili ili ostavili adresu u ćaskanju.", false},
	"hy": {"Նոր պատասխան %s-ից", "Դուք նոր պատասխան ունեք %s-ի հետ զրույցում՝", "%s-ի հետ զրույցի արձանագրությունը", "Ահա ձեր զրույցը %s-ի հետ՝",
		"Բացել զրույցը", "Դուք", "Դուք ստանում եք այս նամակը, քանի որ խնդրել եք այն կամ թողել եք ձեր էլ. հասցեն զրույցում։", false},
	"fa": {"پاسخ تازه از %s", "در گفتگوی شما با %s پاسخ تازه‌ای رسیده است:", "متن گفتگوی شما با %s", "این گفتگوی شما با %s است:",
		"باز کردن گفتگو", "شما", "این نامه را دریافت می‌کنید چون آن را خواستید یا نشانی ایمیل خود را در گفتگو گذاشتید.", true},
	"kk": {"%s жаңа жауап берді", "%s-мен сөйлесуіңізде жаңа жауап бар:", "%s-мен сөйлесудің жазбасы", "Міне, %s-мен сөйлесуіңіз:",
		"Сөйлесуді ашу", "Сіз", "Бұл хатты сұрағаныңыз немесе чатта поштаңызды қалдырғаныңыз үшін алып отырсыз.", false},
}

// wordsFor picks the language of a BCP 47 tag, English when none fits.
func wordsFor(tag string) (string, words) {
	parts := strings.Split(strings.ToLower(strings.ReplaceAll(tag, "_", "-")), "-")
	l := parts[0]
	if l == "sr" {
		for _, p := range parts[1:] {
			if p == "latn" {
				l = "sr-Latn"
			}
		}
	}
	if w, ok := lang[l]; ok {
		return l, w
	}
	return "en", lang["en"]
}
