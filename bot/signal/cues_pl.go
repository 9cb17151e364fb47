package signal

// Polish cues, written with diacritics; matching folds them, so "nie moge
// sie zalogowac" matches as well.
var cuesPL = cues{
	famOutage: {
		"nie= działa|chodzi|odpowiada|ładuje|otwiera|wczytuje|łaczy", "przestał działać|chodzić|odpowiadać|ładować",
		"strona|serwer|serwis|aplikacja|system|platforma|apka leży|padł|niedostępn",
		"niedostępn", "awari", "padł", "błąd|błędy 500|502|503|504", "wywala|wysypuje|zawiesza|crashuje", "zepsu",
	},
	famLogin: {
		"nie= mogę|może|moge|da= zalog|logow|wejść|wejsc|wejdę",
		"logowanie|logowania nie= działa", "konto|konta zablok|zawieszon", "zablok|zawiesz kont",
		"hasło nie= działa|pasuje|przyjmuje", "hasło nieprawidłow|błędn", "błędn|nieprawidłow hasło",
		"kod|sms nie= przychodzi|dochodzi|przyszedł|doszedł|dociera", "zapomnia hasł", "wylogowuje|wylogowało|wyrzuca",
	},
	famPayment: {
		"płatność|płatności|transakcja|przelew|opłata nie= przeszła|przechodzi|działa|powiodła",
		"płatność|płatności|transakcja odrzuc|nieudan|błąd", "błąd płatnoś|opłat", "kart odrzuc",
		"pobrał|pobrano|pobrali|obciąż|zapłaci|policz|nalicz dwa=|dwukrot|podwójn",
		"dwukrot|podwójn pobr|obciąż|nalicz|zapłac|płatnoś", "nie= mogę|moge|da= zapłac|opłac",
	},
	famDataLoss: {
		"dane|danych|pliki|plików|wiadomości|histori|projekt|kontakt|dokument|zdjęci|wszystko znikn|usunięt|skasowa|utracon|przepadł|wyparowa",
		"znikn|straciłem|straciłam|utraci|skasowa|usunęło|przepadł dane|danych|pliki|plików|wiadomości|histori|projekt|kontakt|dokument|zdjęci|wszystk",
		"utrat danych",
	},
	famSecurity: {
		"włama", "zhakow|shakow|hakow", "haker", "wyciek", "nieautoryz|nieuprawn",
		"podejrzan logow|aktywn|transakc|wiadomoś", "ktoś zalog|wszedł|użył|zmienił", "kradzież|ukradł|ukradzion|skradzion",
		"oszust", "luk zabezpiecz|bezpiecz",
	},
	famLegal: {
		"prawnik", "adwokat", "sądu=|sądzie=|sądem=|sądow", "pozew=|pozwę=|pozwiemy|pozwać", "rodo=",
		"uodo", "uokik", "rzecznik", "krok|drog prawn|sądow", "reklamacj",
	},
	famChurn: {
		"anulow|anuluj|anulować subskryp|abonament|zamówien|umow|plan", "rezygn", "zwrot pieniędz|środk|płatnoś",
		"zwrot=", "zwróć|zwróćcie|oddajcie pienią|kas", "konkurencj",
		"usunąć|usuńcie|usuń|zamknij|zamknąć|zamknięcie kont", "wypowi umow",
	},
	famAnger: {
		"skandal", "żenad", "porażk", "beznadziej", "wkurz", "mam= dość=", "tragedi|tragiczn", "kpin",
		"niedopuszczaln", "okropn", "fataln", "żałosn", "oszukuj|oszukali", "złodziej", "bezczeln",
		"irytuj", "denerwuj",
	},
	famProfanity: {
		"kurw", "chuj", "huj", "pierdol", "pierdal", "spierdal", "wypierdal", "jeban", "jebać", "jebie",
		"zjeb", "pojeb", "wyjeb", "pizd", "debile", "debili", "idioci", "gówn", "dupek", "kretyn", "frajer", "palant",
	},
	famHuman: {
		"konsultant",
		"rozmaw|porozmaw|pogadać|połącz|przełącz|skontakt|kontakt z= człowiek|pracownik|osob|agent|operator|kimś|doradc|ludźmi|obsług",
		"żyw|prawdziw człowiek|osob|konsultant|pracownik", "chcę|potrzebuj|poproszę|proszę człowiek|pracownik|operator|agent",
		"nie= chcę|chce bot=|bota=|botem=|robot", "zadzwońcie|oddzwońcie|oddzwon", "jest= tam= ktoś=",
		"ktoś|ktokolwiek online|dostępn|obecn|tam=|tu=|tutaj=", "jesteście|jestescie online|tam=|tu=|tutaj=",
		"zadzwoni|zadzwonić|dzwonić|dzwonic do= was=|wami=|pana=|pani=|konsultant|obsług|pomocy=", "do= was= +zadzwoni|zadzwonić|dzwonić|dzwonic",
	},
	famHumanShort: {"konsultant", "człowiek", "operator", "pracownik"},
	famVeto: {
		"doda|zaprosi|zaproś|usuń|usunąć|przypisa|now osob|użytkown|członk|pracown|konsultant|agent|operator|człowiek",
	},
	famUnhelped: {
		"nie pomog|pomaga|pomógł|pomogło|pomogła", "bezużyteczn", "nie o to= chodzi|pytałem|pytałam|pytam",
		"zła|zły|błędna|błędny odpowiedź|artykuł", "nie odpowiada|odpowiedział na",
	},
	famAck: {"dzięki|dziękuję|ok=|okej|dobrze|jasne|super|rozumiem|cześć|hej|witam|dzień|tak|nie=|spoko"},
}
