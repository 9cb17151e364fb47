package lang

// spec describes one candidate language within one script.
//
//   - letters: the lower-case non-ASCII letters the language writes (for
//     Cyrillic: its whole alphabet; Arabic script is not penalised). A letter outside this set is
//     evidence against the language.
//   - marks: letters that are distinctive for it among its neighbours;
//     hints: letters that only lean towards it (Persian is often typed on
//     Arabic keyboards, so ي and ك hint at Arabic but do not prove it).
//   - words: frequent function and support words, hand-picked for chat text;
//     endings: inflections that give a language away when its distinctive
//     letters are missing (Kazakh typed on a Russian keyboard).
//   - corpus: a file in corpus/ whose character trigrams form its profile.
type spec struct {
	code, script   string
	letters, marks string
	hints          string
	words, corpus  string
	endings        string // distinctive word endings (inflections)
	prior          float64
}

const (
	cyrRu = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
	cyrSr = "абвгдђежзијклљмнњопрстћуфхцчџш"
)

// The seven product languages come first; the rest exist so that other
// languages are recognised as such instead of being forced onto one of ours.
var specs = []spec{
	{code: "en", script: Latin, corpus: "en", prior: 0.5,
		words: "i i'm im me my you your we our it it's this that the a an and or but to of in on for with from at is are was were be been have has had do does did not no can can't cant cannot don't dont doesn't didn't won't isn't please help thanks thank hello hi hey why how what when where there still again log sign password payment order refund error working work problem issue just any some"},
	{code: "pl", script: Latin, corpus: "pl", letters: "ąćęłńóśźż", marks: "ąćęłńśźż",
		words: "nie się jest mam mogę na w z do to że co jak czy jestem konto konta kontem hasło hasła dlaczego proszę dziękuję dzięki dzień dobry cześć już ale bo tak mój moje moja mojego mi mnie płatność zamówienie pomoc pomocy jeszcze został zostało było przez od po przy są tego tej ten ta pan pani możecie mogą działa"},
	{code: "sr", script: Latin, corpus: "sr", letters: "čćđšž", marks: "ćđ",
		words: "je sam si smo ste su da se ne mogu može nije nisam i u na sa za od do kako šta što zašto gde gdje kada molim hvala zdravo pozdrav imam ima mi me moj moja moje mog nalog naloga nalogu lozinka lozinku šifra šifru prijavim prijava prijaviti radi plaćanje uplata račun kartica novac pare problem greška već još ali jer ovo li bilo bio bila hoću treba"},
	{code: "de", script: Latin, letters: "äöüß", marks: "äöüß",
		words: "ich nicht kann mein meine das die der und ist es ein eine zu mit bitte danke hallo konto anmelden passwort zahlung fehler funktioniert warum wie auf für von sie wir habe nach noch schon aber auch ist"},
	{code: "fr", script: Latin, letters: "éèêàçùâîôëïœû", marks: "èêçùâîôëïœ",
		words: "je ne pas mon ma mes le la les et est un une de du des à pour avec vous nous compte connecter mot passe paiement erreur merci bonjour pourquoi comment ça fonctionne peux suis ai pas mais aussi encore"},
	{code: "es", script: Latin, letters: "ñáéíóúü", marks: "ñ",
		words: "no puedo mi mis el la los las y es un una de del en para con usted cuenta iniciar sesión contraseña pago error gracias hola por qué cómo funciona que tengo estoy pero también todavía me"},
	{code: "it", script: Latin, letters: "àèéìòù", marks: "ìò",
		words: "non posso il lo la gli e è un una di del in per con mio mia accedere pagamento errore grazie ciao buongiorno perché come funziona che riesco ad al sono ho mi ma anche questo ancora"},
	{code: "pt", script: Latin, letters: "ãõçáéíóúâêôà", marks: "ãõ",
		words: "não nao posso meu minha o os as e é um uma de do da em para com conta entrar senha pagamento erro obrigado obrigada olá por que como funciona consigo estou tenho mas também ainda"},
	{code: "nl", script: Latin, letters: "ëéï",
		words: "ik niet kan mijn het de een en is van in te met voor u je inloggen wachtwoord betaling fout dank bedankt hallo waarom hoe werkt heb ben maar ook nog al"},
	{code: "tr", script: Latin, letters: "çğıöşüâî", marks: "ğış",
		words: "ben bir bu ve için ile hesabıma giriş yapamıyorum şifre ödeme hata teşekkürler merhaba neden nasıl çalışmıyor değil var yok mi mı"},
	{code: "cs", script: Latin, letters: "áčďéěíňóřšťúůýž", marks: "ěřů",
		words: "nemohu nemůžu se přihlásit můj moje účet heslo platba chyba děkuji dobrý den ahoj proč jak funguje je to a v na s z do že"},
	{code: "sk", script: Latin, letters: "áäčďéíĺľňóôŕšťúýž", marks: "äĺľŕô",
		words: "nemôžem sa prihlásiť môj moje účet heslo platba chyba ďakujem dobrý deň ahoj prečo ako funguje je to a v na s z do že"},
	{code: "sl", script: Latin, letters: "čšž",
		words: "ne morem se prijaviti moj moja račun geslo plačilo napaka hvala živjo zakaj kako deluje sem je in da na v z za"},
	{code: "ro", script: Latin, letters: "ăâîșțşţ", marks: "ășțşţ",
		words: "nu pot să mă conectez contul meu parola plata eroare mulțumesc bună salut de ce cum funcționează și la în cu pe"},
	{code: "hu", script: Latin, letters: "áéíóöőúüű", marks: "őű",
		words: "nem tudok bejelentkezni fiókom jelszó fizetés hiba köszönöm szia miért hogyan működik a az és egy van"},
	{code: "sv", script: Latin, letters: "åäöé", marks: "å",
		words: "jag kan inte logga in mitt konto lösenord betalning fel tack hej varför hur fungerar och är det en att"},
	{code: "da", script: Latin, letters: "æøåé", marks: "æø",
		words: "jeg kan ikke logge på min konto adgangskode betaling fejl tak hej hvorfor hvordan og er det en at"},
	{code: "no", script: Latin, letters: "æøåé", marks: "æø",
		words: "jeg kan ikke logge på min konto passord betaling feil takk hei hvorfor hvordan og er det en at"},
	{code: "fi", script: Latin, letters: "äöå",
		words: "en voi kirjautua tililleni salasana maksu virhe kiitos hei miksi miten toimi ja on ei se minun"},
	{code: "id", script: Latin,
		words: "saya tidak bisa masuk ke akun kata sandi pembayaran gagal terima kasih halo kenapa bagaimana dan yang di ini itu tolong"},
	{code: "vi", script: Latin, letters: "àáâãèéêìíòóôõùúýăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ", marks: "ơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ",
		words: "tôi không thể đăng nhập tài khoản mật khẩu thanh toán lỗi cảm ơn xin chào tại sao làm thế nào và là của"},

	{code: "ru", script: Cyrillic, corpus: "ru", letters: cyrRu, marks: "ыэё", prior: 0.5,
		words: "я не в на и что как это мне меня у с вы мой моя мою мои нет да есть уже все всё был была было почему где когда можно нужно помогите пожалуйста спасибо здравствуйте добрый день привет аккаунт аккаунта войти вход пароль оплата ошибка работает могу деньги карта заказ подписка сайт приложение личный кабинет почта но а то же ли бы ещё еще очень"},
	{code: "sr", script: Cyrillic, corpus: "sr", letters: cyrSr, marks: "ђћ"}, // words: transliterated from the Latin entry
	{code: "uk", script: Cyrillic, letters: "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя", marks: "ґєї",
		words: "я не в на і й що як це мені мене у з ви мій моя немає так є вже все чому де коли можна потрібно допоможіть будь ласка дякую вітаю привіт обліковий запис увійти пароль оплата помилка працює можу гроші картка замовлення"},
	{code: "be", script: Cyrillic, letters: "абвгдеёжзійклмнопрстуўфхцчшыьэюя", marks: "ў",
		words: "я не ў на і што як гэта мне мяне у з вы мой дзякуй калі ласка прывітанне"},
	{code: "bg", script: Cyrillic, letters: "абвгдежзийклмнопрстуфхцчшщъьюя",
		words: "аз не в на и че как това ми мен се съм сте са да е от за с вие моят моята профил акаунт вляза влизам парола плащане грешка работи мога пари карта поръчка благодаря здравейте моля защо къде кога може трябва вече всичко"},
	{code: "mk", script: Cyrillic, letters: "абвгдѓежзѕијклљмнњопрстќуфхцчџш", marks: "ѓѕќ",
		words: "јас не во на и што како ова ми мене се сум сте да е од за со вие мојот сметка најава лозинка плаќање грешка работи можам пари картичка благодарам здраво ве молам зошто каде кога"},
	{code: "kk", script: Cyrillic, corpus: "kk",
		endings: "майды мейді мейди байды бейді бейди пайды пейді пейди маймын меймін меймин баймын беймін паймын пеймін мадым медім медим ыңыз іңіз ыныз иниз ңыз ңіз дағы дегі тағы тегі ларым лерім лерим дарым дерім дерим тарым терім", letters: cyrRu + "әғқңөұүһі", marks: "әғқұһі",
		words: "мен сен сіз біз бұл не жоқ бар және үшін қалай неге қашан аккаунт кіре алмаймын құпиясөз төлем ақша рахмет сәлеметсіз сәлем көмектесіңіз өтінемін жұмыс істемейді қате тапсырыс менің маған мені қосымша ма ме ба бе па пе бірақ"},
	{code: "ky", script: Cyrillic, letters: cyrRu + "ңөү", marks: "",
		words: "мен сен сиз биз бул жок бар жана үчүн кантип эмне рахмат саламатсызбы кире албай жатам"},
	{code: "tg", script: Cyrillic, letters: "абвгғдеёжзиӣйкқлмнопрстуӯфхҳчҷшъэюя", marks: "ӣӯҳҷ",
		words: "ман шумо ин не ва барои чӣ ташаккур салом"},
	{code: "mn", script: Cyrillic, letters: cyrRu + "өү",
		words: "би та энэ үгүй байна баярлалаа сайн уу нэвтэрч чадахгүй"},

	// Arabic script: Persian by default. Arabic needs its own evidence
	// (ة, ي/ك as typed on Arabic keyboards, its function words), Urdu its
	// extra letters.
	{code: "fa", script: Arabic, marks: "پچژگیک", prior: 1,
		words: "من تو ما شما را که این آن از به با و در است هست نیست نمی می چرا چطور کنم کنید شد شده حساب حسابم پرداخت سلام ممنون مرسی لطفا خیلی هم برای یک تا اما ولی دارم ندارم میخواهم میخوام نمیتوانم نمیتونم کردم بود"},
	{code: "ar", script: Arabic, marks: "ةىأإؤئ", hints: "يك",
		words: "في من على إلى عن أن لا ما هذا هذه هل لم لن كان أنا أريد حسابي الدخول شكرا مرحبا السلام الرجاء لماذا كيف مع هو هي"},
	{code: "ur", script: Arabic, marks: "ٹڈڑںےۓھہپچژگیک",
		words: "ہے میں کے کی کا نہیں اور آپ یہ سے کو ہیں مجھے"},
}
