package report

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// Gap is a group of similar questions the bot did not answer.
type Gap struct {
	Question        string   `json:"question"` // the group's most asked wording
	Count           int      `json:"count"`
	Language        string   `json:"language"` // the group's most frequent language
	ConversationIDs []string `json:"conversation_ids"`
}

// MaxGapExamples bounds a gap's example conversations.
const MaxGapExamples = 5

// similar is the token-set Jaccard index at which two questions are one gap.
const similar = 0.5

// stopwords are dropped before comparing: they say nothing about the topic.
var stopwords = map[string]bool{
	"a": true, "an": true, "the": true, "i": true, "my": true, "me": true, "to": true, "is": true, "are": true,
	"do": true, "does": true, "can": true, "how": true, "what": true, "of": true, "for": true, "in": true,
	"on": true, "it": true, "and": true, "or": true, "you": true, "your": true, "please": true, "with": true,
}

// tokens is q's folded word set, sorted: lower case, letters and digits
// only, without stopwords. A question of stopwords only keeps them.
func tokens(q string) []string {
	words := strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	var out []string
	for _, w := range words {
		if !stopwords[w] {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		out = words
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func jaccard(a, b []string) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	inter, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch strings.Compare(a[i], b[j]) {
		case 0:
			inter++
			i++
			j++
		case -1:
			i++
		default:
			j++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// group is the questions sharing one token set, or a merged gap.
type group struct {
	toks     []string
	count    int
	wordings map[string]int
	langs    map[string]int
	convs    []string
}

// Group groups questions (newest first) into gaps, most asked first. It
// is deterministic: questions with the same token set form a group; groups
// are then taken most asked first (ties by token set) and each joins the
// most similar earlier gap at Jaccard ≥ 0.5 (ties: the earlier gap), else
// starts one.
func Group(qs []Question, limit int) []Gap {
	byKey := map[string]*group{}
	var groups []*group
	for _, q := range qs {
		text := strings.Join(strings.Fields(q.Text), " ")
		if text == "" {
			continue
		}
		toks := tokens(text)
		key := strings.Join(toks, " ")
		g := byKey[key]
		if g == nil {
			g = &group{toks: toks, wordings: map[string]int{}, langs: map[string]int{}}
			byKey[key] = g
			groups = append(groups, g)
		}
		g.count++
		g.wordings[text]++
		g.langs[q.Language]++
		if !slices.Contains(g.convs, q.ConversationID) {
			g.convs = append(g.convs, q.ConversationID)
		}
	}
	slices.SortFunc(groups, func(a, b *group) int {
		return cmp.Or(b.count-a.count, strings.Compare(strings.Join(a.toks, " "), strings.Join(b.toks, " ")))
	})
	var gaps []*group
	byToken := map[string][]int{} // token → gaps whose first group has it
	for _, g := range groups {
		best, bestJ := -1, 0.0
		seen := map[int]bool{}
		for _, t := range g.toks {
			for _, i := range byToken[t] {
				if seen[i] {
					continue
				}
				seen[i] = true
				if j := jaccard(g.toks, gaps[i].toks); j >= similar && (j > bestJ || j == bestJ && i < best) {
					best, bestJ = i, j
				}
			}
		}
		if best < 0 {
			for _, t := range g.toks {
				byToken[t] = append(byToken[t], len(gaps))
			}
			gaps = append(gaps, &group{toks: g.toks, count: g.count, wordings: g.wordings, langs: g.langs, convs: g.convs})
			continue
		}
		m := gaps[best]
		m.count += g.count
		for w, n := range g.wordings {
			m.wordings[w] += n
		}
		for l, n := range g.langs {
			m.langs[l] += n
		}
		for _, c := range g.convs {
			if !slices.Contains(m.convs, c) {
				m.convs = append(m.convs, c)
			}
		}
	}
	out := make([]Gap, 0, len(gaps))
	for _, g := range gaps {
		out = append(out, Gap{Question: top(g.wordings), Count: g.count, Language: top(g.langs),
			ConversationIDs: g.convs[:min(len(g.convs), MaxGapExamples)]})
	}
	slices.SortStableFunc(out, func(a, b Gap) int { return cmp.Or(b.Count-a.Count, strings.Compare(a.Question, b.Question)) })
	return out[:min(len(out), limit)]
}

// top is the most frequent key; ties go to the shorter, then the smaller.
func top(m map[string]int) string {
	var best string
	n := -1
	for k, c := range m {
		if c > n || c == n && (len(k) < len(best) || len(k) == len(best) && k < best) {
			best, n = k, c
		}
	}
	return best
}

// ComputeGaps groups the window's unanswered questions into gaps, at most
// limit, most asked first. For one site and a store that is an Answerer,
// the gaps the bot now answers are left out.
func ComputeGaps(ctx context.Context, st Store, q Query, limit int) ([]Gap, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	qs, err := st.ReportQuestions(ctx, q, MaxQuestions)
	if err != nil {
		return nil, fmt.Errorf("report gaps: %w", err)
	}
	if a, ok := st.(Answerer); ok && q.SiteID != "" {
		return unanswered(ctx, a, q.SiteID, Group(qs, len(qs)), limit)
	}
	return Group(qs, limit), nil
}
