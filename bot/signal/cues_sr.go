package signal

// Serbian cues in Latin script without diacritics; Cyrillic messages are
// transliterated before matching, so one list serves both scripts (and the
// closely related Croatian and Bosnian).
var cuesSR = cues{
	famOutage: {
		"ne= radi|rade|funkcion|ucitav|otvar|odgovar|reagu",
		"sajt|server|servis|aplikac|sistem|platform|stranic pao=|pala=|palo=|pada=|nedostup|dole=",
		"presta radi|rade|funkc|ucit", "nedostup", "nije= dostup", "gresk 500|502|503|504",
		"rusi=|srusi|kresuje|puca=", "kvar=|kvara=|kvaru=", "pokvar",
	},
	famLogin: {
		"ne= mog|moz|uspev|uspijev|uspe prijav|ulog|udj|pristup|konekt",
		"nalog|profil blokir|zakljuc|suspend|zamrz", "blokir|zakljuc|suspend nalog|profil",
		"lozink|sifr ne= radi|vazi|prihvat|odgovar", "lozink|sifr pogresn|netacn|nevaz",
		"pogresn|netacn lozink|sifr", "kod=|koda=|sms ne= stiz|dolaz|stig", "zaboravi lozink|sifr",
		"izbacu|izbaci",
	},
	famPayment: {
		"placanj|plac|uplat|transakc|naplat ne= prolaz|prosl|uspe|uspje|radi|ide",
		"placanj|uplat|transakc odbij|neusp|gresk", "kartic odbij|odbac", "kartic ne= prolaz",
		"naplat|naplac|skinu|skinul|skinut|zaduz|plati|uplati dva=|dvaput|dvostruk|duplo|duplir",
		"dvaput|dvostruk|duplo naplat|naplac|skinu|zaduz|plat", "ne= mog|moz plat|uplat",
		"skinu|skinul pare|novac|novc",
	},
	famDataLoss: {
		"podac|podat|fajl|datotek|poruk|istorij|projekt|kontakt|dokument|slik|sve=|svi= nesta|izgub|obrisan|izbrisan|obrisa|izbrisa",
		"nesta|izgub|obrisa|izbrisa podac|podat|fajl|datotek|poruk|istorij|projekt|kontakt|dokument|slik|sve=|svi=",
		"gubit podat|podac",
	},
	famSecurity: {
		"hakov|hakir|haker|hakova", "provalj|provali|provala", "ukrad|ukrao|ukral|kradj",
		"curenj podat|podac|lozink", "procur", "neovlas|neautoriz", "sumnjiv prijav|aktivnost|transakc|poruk",
		"neko= prijav|ulog|usao|usla|pristup|promen|koristi", "prevar", "fising",
	},
	famLegal: {
		"advokat", "pravnik", "sud=|suda=|sudu=|sudom=|sudsk", "tuzb|tuzi", "zastit podat|potrosac",
		"poverenik|povjerenik", "inspekcij", "pravn korak|mer|posledic", "policij",
	},
	famChurn: {
		"otkaz", "povracaj|povrat=|povrata=", "vrati|vratite|vratit novac|novc|pare", "konkurenc",
		"obrisite|obrisati|izbrisite|izbrisati|ugasit|zatvorit nalog|profil", "raskid",
	},
	famAnger: {
		"sramot", "uzas", "katastrof", "bezobraz", "nevidjen", "dosta= mi= je=", "nervira|iznervira",
		"smesn|smijesn", "bedn|bedak", "lopov", "nepodnoslj", "ocajn", "nesposob", "neprihvatlj",
		"besan=|besna=|ljut=|ljuta=|ljutit", "prevarant",
	},
	famProfanity: {
		"jeb", "zajeb", "najeb", "sjeb", "picka=|picku=|picke=|pickin", "kurac|kurc", "govn", "sranj",
		"idioti", "debili", "kreteni", "majmuni", "budale", "ste= idiot|debil|kreten|majmun", "stoka=|stoko=", "glupan|glupac", "mamu= ti=",
	},
	famHuman: {
		"operater",
		"razgovar|prica|popric|porazgovar|spoj|povez|prebac|kontakt|cuti covek|covjek|osob|operater|agent|zaposlen|podrsk|nekim|ljud|radnik|konsultant|predstavnik",
		"ziv|prav|stvarn covek|covjek|osob|operater|agent|zaposlen|ljud",
		"hoc|zel|treb|molim|dajt|daj= covek|covjek|operater|agent|konsultant|predstavnik",
		"ne= zel|hoc|treb bot=|bota=|botom=|robot", "pozovit|nazovit|pozovi|nazovi me=|mene=|covek",
		"neko=|iko=|nekog=|nekoga=|ikoga= online|onlajn|dostup|prisut|tu=|tamo=|ovde=|ovdje=",
		"jeste= li= online|onlajn|tu=|tamo=", "pozov|nazov|pozva|nazva vas=|podrsk|nekog|nekoga|operater",
		"vas= pozov|nazov|pozva|nazva|zvati",
	},
	famHumanShort: {"operater", "covek", "covjek", "osoba", "agent", "podrska"},
	famVeto: {
		"dodaj|dodat|dodam|dodav|uklon|obrisa|dodeli|novi=|novog=|nova=|novu=|novom= osob|korisnik|clan|operater|agent|zaposlen|covek",
	},
	famUnhelped: {
		"nije|ne pomog|pomoglo|pomaže|pomaze|pomogao", "beskorisn", "nije|ne to= što|sto|šta|sta pitam|sam",
		"pogrešan|pogresan|loš|los odgovor|članak|clanak",
	},
	famAck: {"hval|ok=|okej|vazi|dobro|super|zdravo|cao|pozdrav|razum|jasno|redu=|da=|ne="},
}
