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
	"time"

	"github.com/parley-chat/parley/bot/intent"
)

// ErrUsage marks bad command-line arguments.
var ErrUsage = errors.New("usage")

type config struct {
	train, test, val string
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
	fs.BoolVar(&c.json, "json", false, "print the results as one JSON object on the last line")
	fs.Float64Var(&c.threshold, "threshold", DefaultThreshold, "answer only when confidence >= this")
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
	case c.threshold < 0 || c.threshold > 1:
		return c, fmt.Errorf("eval: %w: -threshold must be in [0,1], got %v", ErrUsage, c.threshold)
	case c.holdout < 0:
		return c, fmt.Errorf("eval: %w: -holdout-intents must be >= 0", ErrUsage)
	}
	return c, nil
}

// DefaultThreshold is the confidence below which the bot does not
// answer; see docs/bot.md for how it was chosen.
const DefaultThreshold = 0.5

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
	var held []string
	if c.holdout > 0 {
		if held, err = holdOut(train, c.holdout, c.seed); err != nil {
			return err
		}
		train, val, test = relabel(train, held, true), relabel(val, held, true), relabel(test, held, false)
	}
	opts := intent.Options{Seed: c.seed, NoCalibration: c.val != ""}
	start := time.Now()
	m, err := intent.Train(ctx, train, opts)
	if err != nil {
		return fmt.Errorf("eval: train: %w", err)
	}
	if c.val != "" {
		if m, err = m.Calibrate(val); err != nil {
			return fmt.Errorf("eval: calibrate on -val: %w", err)
		}
	}
	trainTime := time.Since(start)
	r := score(ctx, m, test, c.threshold)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	r.TrainSeconds = trainTime.Seconds()
	r.NTrain, r.HoldoutIntents = len(train), held
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
