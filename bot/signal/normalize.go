package signal

import "github.com/parley-chat/parley/internal/textfold"

// A stream is a message reduced to comparable tokens by package textfold:
// lower case, Latin diacritics folded (visitors skip them), Russian ё and
// the Kazakh letters folded to their Russian look-alikes (Kazakh is often
// typed without them), Persian/Arabic letter variants unified, ZWNJ,
// apostrophes and diacritics dropped, and the Persian verb prefixes می/نمی
// glued to their verb. buf holds the tokens separated by single spaces.
type stream struct {
	buf  []byte
	toks []textfold.Token
}

func (s *stream) tok(i int) []byte { return s.buf[s.toks[i].Start:s.toks[i].End] }

func (s *stream) reset() { s.buf, s.toks = s.buf[:0], s.toks[:0] }

// normalize appends the tokens of text folded by p to s and reports
// whether they have Cyrillic (then a Serbian-Latin stream is worth
// building).
func (s *stream) normalize(text string, p *textfold.Policy) (cyrillic bool) {
	from := len(s.buf)
	s.buf, s.toks = p.AppendTokens(s.buf, s.toks, text)
	for _, c := range s.buf[from:] {
		if c >= 0xD0 && c <= 0xD3 { // lead bytes of U+0400–U+04FF
			return true
		}
	}
	return false
}

// serbian fills s with text in Serbian Latin (textfold.Serbian). Its
// tokens are those of the Default stream of the same text, index for
// index: the Serbian fold maps letters to letters.
func (s *stream) serbian(text string) {
	s.reset()
	s.normalize(text, textfold.Serbian)
}
