package intent

import "github.com/parley-chat/parley/internal/textfold"

// words appends the words of text to toks: package textfold's tokens under
// its Pooled policy (one model serves every language of a KB, and the
// message's language is not given): lower case, diacritics folded for
// Latin and Greek, every Cyrillic letter read as Latin (Serbian's official
// table, so a Serbian KB answers visitors in either script), the Kazakh
// letters as their Russian look-alikes first, Persian letter variants, ZWNJ
// and apostrophes unified, all digits as ASCII. buf and spans are reused.
func words(text string, buf *[]byte, spans *[]textfold.Token, toks []string) []string {
	*buf, *spans = textfold.Pooled.AppendTokens((*buf)[:0], (*spans)[:0], text)
	s := string(*buf)
	for _, t := range *spans {
		toks = append(toks, s[t.Start:t.End])
	}
	return toks
}
