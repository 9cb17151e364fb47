package signal

import "testing"

func TestHumanRequest(t *testing.T) {
	yes := []cueCase{
		{"en", "talk to a human"}, {"en", "real person please"}, {"en", "Can I speak with an agent?"},
		{"en", "connect me to someone"}, {"en", "I don't want a bot"}, {"en", "operator"}, {"en", "Human!"},
		{"ru", "оператор"}, {"ru", "позовите человека"}, {"ru", "Соедините с живым человеком"},
		{"ru", "хочу поговорить со специалистом"}, {"ru", "Переключите на поддержку"},
		{"pl", "chcę rozmawiać z konsultantem"}, {"pl", "Poproszę człowieka"}, {"pl", "Nie chcę bota"},
		{"pl", "Czy mogę porozmawiać z prawdziwą osobą?"},
		{"sr", "hoću da pričam sa operaterom"}, {"sr", "Hocu da pricam sa covekom"},
		{"sr", "Спојите ме са неким из подршке"}, {"sr", "Желим живог човека"},
		{"hy", "մարդու հետ խոսել"}, {"hy", "Ուզում եմ խոսել օպերատորի հետ"}, {"hy", "Միացրեք օպերատորին"},
		{"fa", "می‌خواهم با اپراتور صحبت کنم"}, {"fa", "میخواهم با یک انسان واقعی حرف بزنم"},
		{"fa", "لطفا به کارشناس وصل کنید"},
		{"kk", "операторға қосыңыз"}, {"kk", "Адаммен сөйлескім келеді"}, {"kk", "Тірі адам керек"},
	}
	no := []cueCase{
		{"en", "how do I add a person to my team"}, {"en", "What does the AND operator do in filters?"},
		{"en", "Can I add a live agent seat to my plan?"}, {"en", "Where do I invite team members?"},
		{"en", "Can I talk to my customers through the widget?"}, {"en", "I'm not a robot but the captcha disagrees"},
		{"ru", "Как добавить оператора в команду?"}, {"ru", "Сколько человек может работать в аккаунте?"},
		{"pl", "Jak dodać nową osobę do zespołu?"}, {"sr", "Kako da dodam novog operatera u tim?"},
		{"sr", "Како да додам нову особу у тим?"}, {"hy", "Ինչպես ավելացնել նոր աշխատակից թիմում"},
		{"fa", "چطور یک نفر جدید به تیمم اضافه کنم؟"}, {"kk", "Командаға жаңа адамды қалай қосамын?"},
		{"en", "I can't log in"},
	}
	for _, c := range yes {
		if !HumanRequest(c.text, c.lang) {
			t.Errorf("%s %q: HumanRequest = false, want true", c.lang, c.text)
		}
	}
	for _, c := range no {
		if HumanRequest(c.text, c.lang) {
			t.Errorf("%s %q: HumanRequest = true, want false", c.lang, c.text)
		}
	}
}

// TestHumanRequestPresenceAndCalls: asking whether anyone is there, or to
// call the team, is asking for a person; the same words about accounts,
// plans or the API are not.
func TestHumanRequestPresenceAndCalls(t *testing.T) {
	yes := []cueCase{
		{"en", "anybody there?"}, {"en", "Is someone available to chat?"}, {"en", "are you online?"},
		{"en", "can I phone you instead"}, {"en", "I'd rather call your support team"},
		{"ru", "Кто-нибудь здесь есть?"}, {"ru", "Есть кто живой?"}, {"ru", "Вы на связи?"}, {"ru", "Могу я позвонить в поддержку?"},
		{"pl", "Czy ktoś jest online?"}, {"pl", "Jesteście tam?"}, {"pl", "Chciałbym zadzwonić do obsługi"},
		{"sr", "Da li je iko tu?"}, {"sr", "Има ли неко онлајн?"}, {"sr", "Hoću da nazovem podršku"},
		{"hy", "Կա՞ որևէ մեկը այստեղ"}, {"hy", "Ուզում եմ զանգահարել աջակցությանը"},
		{"fa", "کسی اینجا هست؟"}, {"fa", "شماره ای دارید که زنگ بزنم؟"},
		{"kk", "Біреу желіде ме?"}, {"kk", "Телефонмен қоңырау шалсам бола ма?"},
	}
	no := []cueCase{
		{"en", "someone changed my password"}, {"en", "Is the API available on the free plan?"},
		{"en", "How do I call the API from Python?"}, {"en", "What are your support hours?"},
		{"ru", "Кто-то получил доступ к моему аккаунту"}, {"ru", "Сколько пользователей онлайн в проекте?"},
		{"pl", "Ktoś zmienił ustawienia projektu"}, {"pl", "Czy plan Team jest dostępny rocznie?"},
		{"sr", "Imamo nekoliko dostupnih planova?"}, {"sr", "Ima li nekog načina da izvezem podatke?"},
		{"hy", "Կա մեկ խնդիր հաշվի հետ"}, {"fa", "پرداخت آنلاین هست؟"}, {"kk", "Онлайн төлем қалай жасалады?"},
	}
	for _, c := range yes {
		if !HumanRequest(c.text, c.lang) {
			t.Errorf("%s %q: HumanRequest = false, want true", c.lang, c.text)
		}
	}
	for _, c := range no {
		if HumanRequest(c.text, c.lang) {
			t.Errorf("%s %q: HumanRequest = true, want false", c.lang, c.text)
		}
	}
}
