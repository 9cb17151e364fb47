package analysis

import (
	"strings"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/russian"
)

// English and Russian are stemmed by Snowball (github.com/kljensen/snowball,
// pure Go): on the demo KB it retrieves one more English question than the
// light stemmer it replaced, and the bot's figures are unchanged
// (docs/dependencies.md). The other languages have no Snowball stemmer
// there and get light ones: strip the longest known ending, leaving at
// least min letters, up to rounds times (Kazakh and Armenian stack
// suffixes). All work on folded words and only have to map a question's
// inflection and the article's to one form; the trigrams catch what they
// miss.
type suffixStemmer struct {
	endings map[string]bool
	longest int // in runes
	min     int // letters left at least
	rounds  int
}

func newStemmer(lang string, min, rounds int, endings string) func(string) string {
	s := &suffixStemmer{min: min, rounds: rounds, endings: map[string]bool{}}
	for _, e := range fields(lang, endings) {
		s.endings[e] = true
		s.longest = max(s.longest, utf8.RuneCountInString(e))
	}
	return s.stem
}

// stem tries the word's last s.longest, …, 1 letters against the endings.
func (s *suffixStemmer) stem(w string) string {
	n := utf8.RuneCountInString(w)
	for range s.rounds {
		var cuts [8]int // byte offsets of the last letters
		k, i := 0, len(w)
		for k < s.longest && k < len(cuts) && n-k-1 >= s.min {
			_, size := utf8.DecodeLastRuneInString(w[:i])
			i -= size
			cuts[k] = i
			k++
		}
		for k--; k >= 0 && !s.endings[w[cuts[k]:]]; k-- {
		}
		if k < 0 {
			break
		}
		w, n = w[:cuts[k]], n-k-1
	}
	return w
}

var stemmers = map[string]func(string) string{
	"en": func(w string) string { return english.Stem(w, true) },
	"ru": func(w string) string { return russian.Stem(w, true) },
	"pl": newStemmer("pl", 3, 1, `owie ami ach ow om em ie ia iu ego emu ymi imi ej ym im
		owa owe owy owi ych ich ac ic ec owac iwac ywac esz emy ecie aja uje ujesz ujemy
		uja lem lam lismy ilem ilam anie ania aniu enie enia eniu osc osci y i a e u o`),
	"sr": newStemmer("sr", 3, 1, `ovanje ovanja ovati ovan ujem ujes ujemo uju ima ama ovi
		eva ova om em og eg im ih oj ti ati iti eti uje am as es is amo emo imo ate ete
		ite aju eju iju ao la lo li ila ala ena eno eni ost osti anje enje anja enja
		e a i u o`),
	"kk": newStemmer("kk", 3, 3, `лар лер дар дер тар тер ымыз имиз мыз миз ыныз иниз ныз
		низ ым им ы и сы си ын ин дын дин тын тин нын нин га ге ка ке на не ды ди ты ти
		ны ни да де та те нда нде дан ден тан тен нан нен мен бен пен ша ше мын мин бын
		бин пын пин быз биз пыз пиз сын син сыз сиз ады еди йды йди ймын ймин амын емин
		ган ген кан кен у ып ип мау меу бау беу пау ма ме ба бе па пе гим ким гым кым
		уге уга ныз`),
	"hy": newStemmer("hy", 3, 2, `ները ների ներից ներով ներում ներին ներն ներ երը երի
		երից երով երում եր ություն ության ությունը ությամբ ը ն ի ու ին ից ուց ով ում
		ս դ ել ալ եմ ես է ենք եք են եց ացի եցի ված ած ման`),
	"fa": stemPersian,
}

var persianSuffixes = newStemmer("fa", 2, 2, `هایی های ها ترین تر ان ات ی ام اش مان تان شان یم ید ند`)

// stemPersian also drops the present-tense prefix می/نمی ("میتوانم").
func stemPersian(w string) string {
	for _, p := range []string{"نمی", "می"} {
		if strings.HasPrefix(w, p) && utf8.RuneCountInString(w) >= 3+utf8.RuneCountInString(p) {
			w = w[len(p):]
			break
		}
	}
	return persianSuffixes(w)
}
