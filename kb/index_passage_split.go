package kb

import (
	"strings"

	"github.com/parley-chat/parley/kb/analysis"
)

// A unit is one paragraph, list item (with its continuation lines, or an
// indented paragraph continuing it), heading or fenced code block of a
// body. One longer than MaxPassage is also kept as sentences, analysed once
// at build.
type unit struct {
	text     string // trimmed lines, for analysis and sentences
	from, to int    // body lines [from, to), for the passage as written
	words    []string
	terms    analysis.Terms
	sents    []sentence
	list     bool
	heading  int // level 1–6; 0 for other units
}

type sentence struct {
	text  string
	words []string
}

// A block is what a passage is made of: a paragraph, or a whole list with
// the paragraph right before it (its lead: "To cancel:", "Flowdesk has
// three plans."). Lists are never split, because a list cut short or
// renumbered gives wrong steps.
type block struct {
	from, to int // units [from, to)
	lead     bool
	list     bool
	heading  int // index of the innermost heading above, -1 for none
}

// splitBody cuts a Markdown body into lines, units and blocks; lang "" skips
// the analysis (Lead needs only the structure).
func splitBody(body, lang string) ([]string, []unit, []block) {
	lines := strings.Split(body, "\n")
	var units []unit
	start, fence, list := -1, false, false
	flush := func(end int) {
		if start < 0 {
			return
		}
		u := unit{from: start, to: end, list: list}
		trimmed := make([]string, 0, end-start)
		for _, l := range lines[start:end] {
			trimmed = append(trimmed, strings.TrimSpace(l))
		}
		u.text = strings.Join(trimmed, "\n")
		if lang != "" {
			analyseUnit(&u, lang)
		}
		units = append(units, u)
		start = -1
	}
	prevList := func() bool { return len(units) > 0 && units[len(units)-1].list }
	for i, line := range lines {
		trim := strings.TrimSpace(line)
		indented := len(line) > 0 && (line[0] == ' ' || line[0] == '\t')
		isFence := strings.HasPrefix(trim, "```") || strings.HasPrefix(trim, "~~~")
		switch {
		case fence: // a code block is one unit, blank lines and # included
			fence = !isFence
		case isFence:
			if start < 0 {
				start, list = i, indented && prevList()
			}
			fence = true
		case trim == "":
			flush(i)
		case headingLevel(trim) > 0:
			flush(i)
			start, list = i, false
			flush(i + 1)
			units[len(units)-1].heading = headingLevel(trim)
		case listItem(trim):
			flush(i)
			start, list = i, true
		case start < 0: // a paragraph; indented after a list, it continues an item
			start, list = i, indented && prevList()
		}
	}
	flush(len(lines))
	return lines, units, blocks(units)
}

func analyseUnit(u *unit, lang string) {
	if length(u.text) <= MaxPassage {
		u.terms = analysis.Analyze(u.text, lang)
	} else {
		for _, s := range sentences(u.text) {
			t := analysis.Analyze(s, lang)
			u.sents = append(u.sents, sentence{s, t.Words})
			u.terms.Words = append(u.terms.Words, t.Words...)
			u.terms.Grams = append(u.terms.Grams, t.Grams...)
		}
	}
	u.words = u.terms.Words
}

// blocks groups units: each run of list units with the paragraph before it
// (when there is one and it is not itself part of an earlier list), and
// every other paragraph alone. Headings are not blocks; each block records
// the heading it is under.
func blocks(units []unit) []block {
	var bs []block
	head := -1
	for i := 0; i < len(units); i++ {
		u := units[i]
		switch {
		case u.heading > 0:
			head = i
		case u.list:
			j := i
			for j < len(units) && units[j].list {
				j++
			}
			bs = append(bs, block{from: i, to: j, list: true, heading: head})
			i = j - 1
		case i+1 < len(units) && units[i+1].list:
			j := i + 1
			for j < len(units) && units[j].list {
				j++
			}
			bs = append(bs, block{from: i, to: j, lead: true, list: true, heading: head})
			i = j - 1
		default:
			bs = append(bs, block{from: i, to: i + 1, heading: head})
		}
	}
	return bs
}

func headingLevel(s string) int {
	n := 0
	for n < len(s) && s[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || n < len(s) && s[n] != ' ' && s[n] != '\t' {
		return 0
	}
	return n
}

func listItem(s string) bool {
	if strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "* ") || strings.HasPrefix(s, "+ ") {
		return true
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(s) && (s[i] == '.' || s[i] == ')') && s[i+1] == ' '
}

// text returns units [from, to) as written in the body (indentation, list
// markers and the blank lines between them kept).
func text(lines []string, units []unit, from, to int) string {
	return strings.TrimRight(strings.Join(lines[units[from].from:units[to-1].to], "\n"), " \t\n")
}

// opening is the unit where the article's opening ends: the body from its
// start through its first list, when that fits MaxPassage (a how-to
// article: what it is for, then the steps), else its first block.
func opening(lines []string, units []unit, bs []block) int {
	if len(bs) == 0 {
		return 0
	}
	for _, b := range bs {
		if b.list {
			if length(text(lines, units, 0, b.to)) <= MaxPassage {
				return b.to
			}
			break
		}
	}
	return bs[0].to
}

// lead is the passage for a question that matched only the title or the
// example questions: the opening, bounded like any passage (a list up to
// MaxList, a paragraph cut at MaxPassage).
func lead(lines []string, units []unit, bs []block) string {
	end := opening(lines, units, bs)
	if end == 0 {
		return ""
	}
	b := bs[0]
	if t := text(lines, units, 0, end); length(t) <= MaxPassage || b.list && length(t) <= MaxList {
		return t
	}
	if b.list {
		return listWindow(lines, units, b, b.from, nil)
	}
	return cut(units[b.from].text)
}

// Lead returns the passage an answer from body gives when nothing in the
// body matched the question: see lead. The bot uses it when the search
// index has no hit for the article it chose.
func Lead(body string) string {
	lines, units, bs := splitBody(body, "")
	return lead(lines, units, bs)
}
