package intent

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// synthKB makes a self-contained KB of nIntents intents, perIntent
// examples each: every intent has a few topic words drawn from a shared
// Zipf-like vocabulary, mixed with common filler, so texts overlap like
// real support questions do. It sizes benchmarks, not accuracy.
func synthKB(nIntents, perIntent int, seed uint64) []Example {
	rng := rand.New(rand.NewPCG(seed, 3))
	word := func(i int) string { return fmt.Sprintf("w%xq%x", i*7919%4099, i%13) }
	zipf := func(n int) int { return int(float64(n) * rng.Float64() * rng.Float64()) }
	filler := []string{"how", "do", "i", "my", "the", "can", "you", "please", "is", "it", "why", "what"}
	var out []Example
	for k := range nIntents {
		topic := make([]string, 5)
		for t := range topic {
			topic[t] = word(zipf(5000))
		}
		for range perIntent {
			var b strings.Builder
			for w := range 4 + rng.IntN(8) {
				if w > 0 {
					b.WriteByte(' ')
				}
				switch rng.IntN(3) {
				case 0:
					b.WriteString(filler[rng.IntN(len(filler))])
				case 1:
					b.WriteString(word(zipf(5000)))
				default:
					b.WriteString(topic[rng.IntN(len(topic))])
				}
			}
			out = append(out, Example{Text: b.String(), Label: fmt.Sprintf("intent_%04d", k)})
		}
	}
	return out
}
