// Package textfold folds text into the form in which two ways of typing
// the same word compare equal, and cuts it into words. It is the one place
// where Parley lowercases, drops diacritics, transliterates and tokenises:
// the search index (kb/analysis), the intent classifier (bot/intent), the
// urgency and frustration signals (bot/signal) and language detection
// (bot/lang, which needs only Lower) all use it, so a question and the text
// it should meet are folded alike. The name says what it provides: folding
// (case, diacritics, scripts, letter variants) and the words of folded text.
//
// # Folds
//
// Each fold is a bit of Fold; a Policy applies a set of them:
//   - Compat: Unicode compatibility forms (NFKD): full-width letters and
//     digits, ligatures (ﬁ → fi), Arabic presentation forms, super- and
//     subscripts.
//   - Marks: diacritics of Latin and Greek letters dropped (é → e, ą → a,
//     ά → α), and any combining mark after a Latin, Greek or Cyrillic letter
//     or at the start of a word. Cyrillic letters are not decomposed: й
//     stays й (Russian stemming needs it); ё is Yo's.
//   - Letters: Latin letters without a decomposition: ł → l, đ → dj,
//     ß → ss, æ → ae, ø → o, œ → oe, ı → i, þ → th, ð → d.
//   - Yo: ё → е.
//   - Kazakh: ә ғ қ ң ө ұ ү һ і → а г к н о у у х и, the Russian look-alikes
//     Kazakh is often typed with.
//   - Persian: Arabic letter variants as Persian (ي ى ئ → ی, ك → ک,
//     ة ۀ → ه, أ إ آ ٱ → ا, ؤ → و) and Arabic harakat dropped.
//   - Armenian: the ligature և → եվ (the spelling reform's form).
//   - Digits: every decimal digit (Persian ۴, Arabic ٤, Devanagari ४…) as
//     ASCII.
//   - Glue: a detached Persian verb prefix می/نمی is joined to its verb
//     ("می توانم" = "میتوانم").
//   - SerbianLatin: Serbian Cyrillic as Latin without diacritics
//     (ч ћ → c, ђ → dj, џ → dz), so either script meets the other.
//   - CyrillicLatin: every Cyrillic letter as Latin: Serbian's table plus
//     the Russian, Ukrainian and Kazakh letters it lacks (щ → sc, ы → y,
//     й → j, я → ja, ь ъ dropped).
//
// Always, whatever the policy: upper case is lowered (Unicode simple case
// folding, fast for ASCII, Cyrillic and Armenian), and the characters that
// sit inside words are dropped so the word holds together: apostrophes
// ("can't" = "cant"), ZWNJ and ZWJ, soft hyphens, tatweel and the Armenian
// stress and question marks ("ինչպե՞ս" = "ինչպես").
//
// # The policy table
//
// For maps a language to its policy; the table is policies. Most folds
// touch one script only, so they are harmless to every other language and
// are on for all: a Kazakh question misread as Russian, or a Polish name in
// an English article, still meets its text. The rows differ where
// languages conflict: Serbian reads Cyrillic as Latin (which would undo
// Russian's stemmer), and Pooled, for one model over every language of a
// KB with no language given (the intent classifier), reads all Cyrillic as
// Latin. A language not in the table gets Default.
//
// # Words
//
// AppendTokens cuts folded text into tokens: maximal runs of letters,
// digits and marks; a run of a script written without spaces (Han, kana,
// Thai, Lao, Khmer, Myanmar, Tibetan) is a token of its own marked Dense.
// Hyphens and other punctuation separate tokens; Token.Hyphen tells that
// only hyphens and spaces stood between a token and the one before, for
// callers that drop a case suffix hyphenated to a foreign word
// ("CSV-ге"). The buffer holds the tokens separated by single spaces.
//
// Folding is idempotent (folding folded text changes nothing) and so is
// tokenising the tokens joined by spaces; both always give valid UTF-8
// (invalid input bytes become U+FFFD, a separator). FuzzFold checks this.
package textfold
