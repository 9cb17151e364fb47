// Package oos is the out-of-scope corpus that Parley ships: for every
// supported language, questions that no site's knowledge base is meant to
// answer. They cover small talk ("are you a robot"), weather, cooking,
// films and books, sport, travel, health, homework, trivia, shopping,
// programming, news and personal advice, plus business-adjacent questions
// a typical help centre does not cover (gift cards, office address,
// hiring, hardware warranties and returns, shipping).
//
// The bot trains 20 of them per KB language as an out-of-scope class of
// each site's classifier (bot/training.go), which also shapes its
// confidence and the threshold it chooses, so that an off-topic visitor
// gets no article rather than the least bad one. Because the same corpus is used
// on every site, it is generic and names no product.
//
// The questions under bot/testdata/offtopic are a separate test set,
// written independently and disjoint from this corpus; they measure the
// calibrated bot and are never used for calibration. data_test.go checks
// that no line appears in both.
package oos

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

//go:embed data/*.txt
var data embed.FS

// Languages returns the language codes that have a corpus, sorted.
func Languages() []string {
	files, err := fs.Glob(data, "data/*.txt")
	if err != nil {
		panic(err) // the pattern is constant and valid
	}
	langs := make([]string, 0, len(files))
	for _, f := range files {
		langs = append(langs, strings.TrimSuffix(strings.TrimPrefix(f, "data/"), ".txt"))
	}
	sort.Strings(langs)
	return langs
}

// Questions returns the out-of-scope questions for lang (an ISO 639-1
// code such as "en" or "sr"), in corpus order, or nil if the language has
// no corpus. Each call returns a fresh slice.
func Questions(lang string) []string {
	if lang == "" || strings.ContainsAny(lang, `/\.`) {
		return nil
	}
	b, err := data.ReadFile("data/" + lang + ".txt")
	if err != nil {
		return nil
	}
	var qs []string
	for _, line := range strings.Split(string(b), "\n") {
		if q := strings.TrimSpace(line); q != "" {
			qs = append(qs, q)
		}
	}
	return qs
}

// PerLanguage is how many of a language's questions a site's classifier
// trains on (Sample): more make a class that draws in-scope questions
// phrased unlike the examples ("price per user"); fewer let unrelated
// questions through to clarifying questions with articles (docs/bot.md).
const PerLanguage = 20

// Sample returns n of lang's questions spread evenly over the corpus (and
// so over its topics), or all of them when it has fewer.
func Sample(lang string, n int) []string {
	qs := Questions(lang)
	n = min(n, len(qs))
	out := make([]string, 0, n)
	for i := range n {
		out = append(out, qs[i*len(qs)/n])
	}
	return out
}
