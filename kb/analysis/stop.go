package analysis

import (
	"strings"

	"github.com/parley-chat/parley/internal/textfold"
)

// Stop words (folded at init like the text): function words and the question frame ("how do I",
// "where can I") that every question shares. Short on purpose: with a few
// articles per language document frequency cannot tell them apart.
var stops = map[string]map[string]bool{
	"en": set("en", `a an the and or but if of to in on at by for from with about as into
		is are was were be been being am do does did doing have has had can could
		will would should may might must shall i me my mine we us our you your he she
		it its they them their this that these those there here what which who whom
		how why where when so not no yes just any some please hi hello thanks thank
		want need get got im ive dont cant isnt doesnt also then than too very`),
	"ru": set("ru", `и в во не что как на я с со а то все он она так его но да ты к у же
		вы за бы по только ее мне было вот от меня еще нет о из ему ли если уже или ни
		быть был до вас нибудь вам там себя ей может они тут где есть надо для мы тебя
		их чем была сам чтоб без чего тоже себе под будет ж тогда кто этот того этого
		какой какая какие какое можно при мой моя мои мое мою это эти наш наша наши ваш
		ваша ваши вашего нам нас у меня хочу хотим нужно нужен нужна мой здравствуйте
		привет пожалуйста спасибо подскажите скажите почему зачем когда куда откуда`),
	"pl": set("pl", `a i o u w z na do od po za ze we to ten ta te ci co czy jak jaki jaka
		jakie gdzie kiedy dlaczego sie nie tak juz jest sa byc mam ma mamy macie moj moja
		moje moi mnie mi my wy ja ty on ona oni nas was nam wam dla przy przez lub albo
		ale bo by oraz tez tylko moge mozna mozesz chce chcemy prosze dzien dobry czesc
		dziekuje jego jej ich tego tej tym`),
	"sr": set("sr", `a i u o na da se je sam su ne za od sa s iz do po pa ni ili ali to taj
		ta te ti koji koja koje kako sta gde kada zasto mi me moj moja moje nas vas vam
		nam ja vi on ona oni bi bih biti kao li ce cu jos vec samo imam ima imamo kod
		zdravo molim hvala mogu moze mozete hocu hteo htela treba`),
	"hy": set("hy", `եվ ու է եմ ես են ենք եք էր էի ի ին ը որ այս այդ այն ինչ ինչպես ինչու
		որտեղ որտեղից երբ թե բայց կամ մի մեկ համար հետ վրա մեջ իմ մեր ձեր իր նա դու
		դուք մենք նրանք չի չեմ չեն կարող կարողեմ պետք է բարեվ շնորհակալություն
		խնդրում ուզում`),
	"fa": set("fa", `و در به از که این ان را رو با برای است هست یک تا بر هم چه چطور چطوری
		چگونه کجا کی چی چیه من ما شما او انها اما یا اگر شود میشود کنم کنیم کنید بود
		باید دارم داریم دارید هستم ام ای تو سلام لطفا ممنون مرسی خواهم میخواهم میخوام
		نمیشه میشه`),
	"kk": set("kk", `жане мен да де та те бул ол осы сол не калай кайда кайдан кашан неге
		ушин бар жок ма ме ба бе па пе болады бола керек сен сиз биз олар менин биздин
		сиздин оны мына сондай салем рахмет отиниш`),
}

func set(lang, words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range fields(lang, words) {
		m[w] = true
	}
	return m
}

// fields folds a list of words or endings by lang's policy.
func fields(lang, words string) []string {
	var out []string
	for _, w := range strings.Fields(words) {
		out = append(out, textfold.For(lang).Fold(w))
	}
	return out
}
