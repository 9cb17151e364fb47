// Package lang detects the language of one visitor message, in pure Go,
// in a few microseconds and without allocating.
//
// Detect first finds the dominant script (URLs and e-mail addresses are
// ignored). A script used by one language decides it (Armenian → hy, Greek
// → el, Hangul → ko…). Latin, Cyrillic and Arabic script are scored per
// candidate language: distinctive letters (Kazakh ә ғ қ ұ һ і, Serbian ђ ћ,
// Polish ą ę ł ń ś ź ż, Persian پ چ ژ گ ی ک), letters the language does not
// write (counted against it), frequent words, and character trigrams of
// small corpora written for this project (corpus/*.txt; Serbian Cyrillic is
// transliterated from the Latin text, and Latin corpora and word lists are
// also indexed without diacritics because visitors skip them), and a few
// inflections (Kazakh -майды, -ңыз… for Kazakh typed without its letters).
// Languages
// without a corpus get the mean trigram score, so having one is no bias.
//
// Serbian in Cyrillic and in Latin script are both "sr"; Croatian and
// Bosnian are reported as "sr" too (no separate model). Arabic script is
// Persian unless Arabic (ة, أ, the al- article, ي/ك) or Urdu (ے ں ٹ…)
// letters say otherwise. Messages with fewer than three letters of a shared
// script ("ok", "2fa?", numbers, emoji) are unknown; DetectWithFallback
// also returns the conversation's language when it explains the text about
// as well as the best guess, so short replies do not flip the language.
//
// Why not github.com/pemistahl/lingua-go (v1.4.0, measured here before
// deciding): with just the 12 relevant languages preloaded the binary grew
// to 135 MB, the heap to 239 MB (1 GB with all languages), the first build
// took 1.5 s and detection 20–460 µs per message; "Ne mogu da se prijavim na
// nalog" came out Bosnian and Serbian-Latin sentences Croatian (its Serbian
// model is Cyrillic only), and "ok" came out Bosnian instead of unknown.
package lang
