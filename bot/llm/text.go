package llm

import (
	"regexp"
	"strconv"
	"strings"
)

// marker is a citation such as [2] or [1, 3], with the blanks before it so
// that "done [1]." becomes "done.".
var marker = regexp.MustCompile(`[ \t]*\[([0-9]+(?:[ \t]*,[ \t]*[0-9]+)*)\]`)

// blanks are what the filter trims and holds back; one set for both, so the
// streamed text and the final text agree.
const blanks = " \t\r\n"

func stripMarkers(s string) string { return marker.ReplaceAllString(s, "") }

// filter turns the model's raw stream into what the visitor sees: markers
// stripped and surrounding blanks trimmed. It holds back any tail that may
// still become a marker or NO_ANSWER, so the concatenation of its output
// equals the final text exactly.
type filter struct {
	raw     strings.Builder
	emitted int // bytes of the visible text already returned
}

// write adds a piece of the stream and returns the newly visible text.
func (f *filter) write(piece string) string {
	f.raw.WriteString(piece)
	raw := f.raw.String()
	visible := strings.TrimLeft(stripMarkers(raw[:holdFrom(raw)]), blanks)
	if strings.Contains(visible, noAnswer) {
		return "" // the answer will be refused: show no more of it
	}
	return f.advance(visible[:len(visible)-noAnswerTail(visible)])
}

// noAnswerTail is the length of the longest end of s that may still grow
// into NO_ANSWER, so the token never reaches the visitor even in part.
func noAnswerTail(s string) int {
	for n := min(len(s), len(noAnswer)-1); n > 0; n-- {
		if strings.HasSuffix(s, noAnswer[:n]) {
			return n
		}
	}
	return 0
}

// final returns the whole visible text and its part not yet returned.
func (f *filter) final() (text, rest string) {
	text = strings.Trim(stripMarkers(f.raw.String()), blanks)
	return text, f.advance(text)
}

func (f *filter) advance(visible string) string {
	if len(visible) <= f.emitted {
		return ""
	}
	out := visible[f.emitted:]
	f.emitted = len(visible)
	return out
}

// holdFrom returns where the tail of s that may still change starts: an
// unclosed "[digits, ..." with the blanks before it, or trailing blanks.
// What precedes it ends in a character no later marker can remove.
func holdFrom(s string) int {
	j := len(s)
	for j > 0 && strings.IndexByte("0123456789,"+blanks, s[j-1]) >= 0 {
		j--
	}
	if j > 0 && s[j-1] == '[' {
		j--
	} else {
		j = len(s)
	}
	for j > 0 && strings.IndexByte(blanks, s[j-1]) >= 0 {
		j--
	}
	return j
}

// cited returns the source numbers cited in raw, in order of first citation.
func cited(raw string) []int {
	var out []int
	seen := map[int]bool{}
	for _, m := range marker.FindAllStringSubmatch(raw, -1) {
		for _, part := range strings.Split(m[1], ",") {
			n, err := strconv.Atoi(strings.TrimSpace(part))
			if err != nil {
				n = -1 // too many digits: no such source
			}
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

// isNoAnswer reports whether the model declined: NO_ANSWER on its own, or
// anywhere in a reply (a model that hedges around the token still declined).
func isNoAnswer(text string) bool { return strings.Contains(text, noAnswer) }
