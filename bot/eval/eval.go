// Package eval implements `parley eval`: it trains the bot's intent
// classifier on labelled data and measures how often the bot would
// answer, how often it would be right, and how it treats out-of-scope
// questions.
package eval

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/parley-chat/parley/bot/intent"
	"github.com/parley-chat/parley/bot/oos"
)

// ErrUsage marks bad command-line arguments.
var ErrUsage = errors.New("usage")

type config struct {
	train, test, val string
	negatives        string
	lang             string // the KB's language, for the shipped out-of-scope questions
	shipped          int
	json             bool
	threshold        float64
	holdout          int
	split            float64
	seed             uint64
}

func parseArgs(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("parley eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.train, "train", "", "training CSV (text,label with a header row); required")
	fs.StringVar(&c.test, "test", "", "CSV to score; required unless -split is given")
	fs.StringVar(&c.val, "val", "", "optional CSV to calibrate confidence on (else part of -train is held out)")
	fs.StringVar(&c.negatives, "negatives", "", "CSV whose out-of-scope rows (label oos) train the bot to decline; when it is also -test, half of them (by -seed) train and the other half are scored")
	fs.StringVar(&c.lang, "lang", "en", "language of the data: the shipped out-of-scope questions (bot/oos) of this language train with it")
	fs.IntVar(&c.shipped, "shipped-oos", oos.PerLanguage, "how many shipped out-of-scope questions train as the out-of-scope class, as the bot does for each KB language (0: none)")
	fs.BoolVar(&c.json, "json", false, "print the results as one JSON object on the last line")
	c.threshold = Auto
	fs.Func("threshold", `answer only when confidence >= this, or "auto" (the default): the threshold the model chose on its held-out data, as the bot uses`, func(v string) error {
		if v == "auto" {
			c.threshold = Auto
			return nil
		}
		t, err := strconv.ParseFloat(v, 64)
		if err != nil || t < 0 || t > 1 {
			return fmt.Errorf("must be auto or a number in [0,1], got %q", v)
		}
		c.threshold = t
		return nil
	})
	fs.IntVar(&c.holdout, "holdout-intents", 0, "leave N intents out of training; their test examples count as out of scope")
	fs.Float64Var(&c.split, "split", 0, "score a stratified share of -train instead of -test (for tuning without the test set)")
	fs.Uint64Var(&c.seed, "seed", 1, "seed for -holdout-intents, -split and training")
	if err := fs.Parse(args); err != nil {
		return c, fmt.Errorf("eval: %w: %w", ErrUsage, err)
	}
	switch {
	case fs.NArg() > 0:
		return c, fmt.Errorf("eval: %w: unexpected argument %q", ErrUsage, fs.Arg(0))
	case c.train == "":
		return c, fmt.Errorf("eval: %w: -train is required", ErrUsage)
	case c.test == "" && c.split == 0:
		return c, fmt.Errorf("eval: %w: -test is required (or -split to score part of -train)", ErrUsage)
	case c.test != "" && c.split != 0:
		return c, fmt.Errorf("eval: %w: -test and -split exclude each other", ErrUsage)
	case c.split < 0 || c.split >= 1:
		return c, fmt.Errorf("eval: %w: -split must be in (0,1), got %v", ErrUsage, c.split)
	case c.shipped < 0:
		return c, fmt.Errorf("eval: %w: -shipped-oos must be >= 0", ErrUsage)
	case c.holdout < 0:
		return c, fmt.Errorf("eval: %w: -holdout-intents must be >= 0", ErrUsage)
	}
	return c, nil
}

// Auto is the -threshold that takes the model's own choice
// (intent.Model.Threshold), which is what the bot uses unless a site
// sets one.
const Auto = -1.0

// Main runs `parley eval` with args (without the command name).
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseArgs(args, stderr)
	if err != nil {
		return err
	}
	train, err := readExamples(c.train)
	if err != nil {
		return err
	}
	var test, val []intent.Example
	if c.split > 0 {
		train, test = stratifiedSplit(train, c.split, c.seed)
	} else if test, err = readExamples(c.test); err != nil {
		return err
	}
	if c.val != "" {
		if val, err = readExamples(c.val); err != nil {
			return err
		}
	}
	var negatives []intent.Example
	if c.negatives != "" {
		if c.negatives == c.test {
			negatives, test = splitNegatives(test, c.seed)
		} else {
			all, err := readExamples(c.negatives)
			if err != nil {
				return err
			}
			negatives, _ = splitNegatives(all, 0)
		}
		if len(negatives) == 0 {
			return fmt.Errorf("eval: %w: -negatives %s has no rows labelled %s", ErrUsage, c.negatives, intent.OutOfScope)
		}
	}
	var held []string
	if c.holdout > 0 {
		if held, err = holdOut(train, c.holdout, c.seed); err != nil {
			return err
		}
		train, val, test = relabel(train, held, true), relabel(val, held, true), relabel(test, held, false)
	}
	var shipped []intent.Example
	for _, q := range oos.Sample(c.lang, c.shipped) {
		shipped = append(shipped, intent.Example{Text: q, Label: intent.OutOfScope})
	}
	opts := intent.Options{Seed: c.seed, NoCalibration: c.val != ""}
	start := time.Now()
	m, err := intent.Train(ctx, slices.Concat(train, negatives, shipped), opts)
	if err != nil {
		return fmt.Errorf("eval: train: %w", err)
	}
	if c.val != "" {
		if m, err = m.Calibrate(val); err != nil {
			return fmt.Errorf("eval: calibrate on -val: %w", err)
		}
	}
	trainTime := time.Since(start)
	t := c.threshold
	if t == Auto {
		t = m.Threshold()
	}
	r := score(ctx, m, test, t)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	r.TrainSeconds = trainTime.Seconds()
	r.NTrain, r.HoldoutIntents = len(train)+len(negatives)+len(shipped), held
	r.NNegatives, r.NShipped = len(negatives), len(shipped)
	return r.write(stdout, c.json)
}

// intentsOf lists the distinct intent labels, sorted.
func intentsOf(ex []intent.Example) []string {
	var ls []string
	for _, e := range ex {
		if e.Label != intent.OutOfScope {
			ls = append(ls, e.Label)
		}
	}
	slices.Sort(ls)
	return slices.Compact(ls)
}

// holdOut picks n intents (by seed) to pose as out of scope.
func holdOut(train []intent.Example, n int, seed uint64) ([]string, error) {
	ls := intentsOf(train)
	if n > len(ls)-2 {
		return nil, fmt.Errorf("eval: %w: -holdout-intents %d leaves fewer than 2 of %d intents", ErrUsage, n, len(ls))
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	rng.Shuffle(len(ls), func(i, j int) { ls[i], ls[j] = ls[j], ls[i] })
	held := slices.Clone(ls[:n])
	slices.Sort(held)
	return held, nil
}

// relabel drops held-out intents (drop) or renames them out of scope.
// Validation data drops them too: calibrating on the very topics that
// pose as out of scope in the test would flatter the result.
func relabel(ex []intent.Example, held []string, drop bool) []intent.Example {
	var out []intent.Example
	for _, e := range ex {
		if _, ok := slices.BinarySearch(held, e.Label); ok {
			if drop {
				continue
			}
			e.Label = intent.OutOfScope
		}
		out = append(out, e)
	}
	return out
}

// splitNegatives returns ex's out-of-scope rows as negatives and the
// rest. With a seed, only half of them (chosen by it) are negatives and
// the other half stay in rest, so one file can train and be scored
// without scoring what was trained on.
func splitNegatives(ex []intent.Example, seed uint64) (neg, rest []intent.Example) {
	rng := rand.New(rand.NewPCG(seed, 3))
	var oos []int
	for i, e := range ex {
		if e.Label == intent.OutOfScope {
			oos = append(oos, i)
		}
	}
	take := map[int]bool{}
	if seed == 0 {
		for _, i := range oos {
			take[i] = true
		}
	} else {
		rng.Shuffle(len(oos), func(i, j int) { oos[i], oos[j] = oos[j], oos[i] })
		for _, i := range oos[:len(oos)/2] {
			take[i] = true
		}
	}
	for i, e := range ex {
		if take[i] {
			neg = append(neg, e)
		} else {
			rest = append(rest, e)
		}
	}
	return neg, rest
}

// stratifiedSplit moves share of each label's examples into the second
// slice, so tuning never needs the test file.
func stratifiedSplit(ex []intent.Example, share float64, seed uint64) (rest, part []intent.Example) {
	rng := rand.New(rand.NewPCG(seed, 2))
	byLabel := map[string][]intent.Example{}
	for _, e := range ex {
		byLabel[e.Label] = append(byLabel[e.Label], e)
	}
	labels := make([]string, 0, len(byLabel))
	for l := range byLabel {
		labels = append(labels, l)
	}
	slices.Sort(labels)
	for _, l := range labels {
		g := byLabel[l]
		rng.Shuffle(len(g), func(i, j int) { g[i], g[j] = g[j], g[i] })
		n := int(float64(len(g))*share + 0.5)
		part, rest = append(part, g[:n]...), append(rest, g[n:]...)
	}
	return rest, part
}
