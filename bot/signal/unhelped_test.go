package signal

import "testing"

func TestUnhelped(t *testing.T) {
	for text, lang := range map[string]string{
		"that didn't help":         "en",
		"this is not what I asked": "en",
		"не помогло":               "ru",
		"это не то, бесполезная статья": "ru",
		"to nie pomogło":                       "pl",
		"nie o to pytałem":                     "pl",
		"to mi nije pomoglo":                   "sr",
		"то ми није помогло":                   "sr",
		"դա չօգնեց":                            "hy",
		"این کمکی نکرد":                        "fa",
		"бұл көмектеспеді":                     "kk",
		"wrong answer, I asked something else": "en",
	} {
		if a := Assess(Input{Text: text, Lang: lang}); !a.Unhelped {
			t.Errorf("%s %q: not unhelped (%v)", lang, text, a.Reasons)
		}
	}
	for text, lang := range map[string]string{
		"how do I reset my password": "en",
		"thanks, that helped":        "en",
		"спасибо, помогло":           "ru",
		"help me export my data":     "en",
		"pomóż mi z fakturą":         "pl",
	} {
		if a := Assess(Input{Text: text, Lang: lang}); a.Unhelped {
			t.Errorf("%s %q: unhelped (%v)", lang, text, a.Reasons)
		}
	}
}
