package eval

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"time"

	"github.com/parley-chat/parley/bot"
	"github.com/parley-chat/parley/bot/intent"
)

// Confusion is how often test examples of True were labelled Pred.
type Confusion struct {
	True  string `json:"true"`
	Pred  string `json:"pred"`
	Count int    `json:"count"`
}

// IntentRecall is the share of an intent's test examples labelled right.
type IntentRecall struct {
	Intent string  `json:"intent"`
	N      int     `json:"n"`
	Recall float64 `json:"recall"`
}

// Report is the outcome of one evaluation. Rates that are undefined
// (no out-of-scope examples, nothing answered) are null in JSON.
type Report struct {
	N          int     `json:"n"`
	NInScope   int     `json:"n_in_scope"`
	NOOS       int     `json:"n_oos"`
	NTrain     int     `json:"n_train"`
	NNegatives int     `json:"n_negatives"`   // out-of-scope examples trained on (-negatives)
	NShipped   int     `json:"n_shipped_oos"` // shipped out-of-scope questions trained on (-shipped-oos)
	Threshold  float64 `json:"threshold"`
	// InScopeAccuracy is the literature's figure (Larson et al. 2019,
	// "oos-threshold"): in-scope questions answered with the right intent
	// once the threshold applies; declined or clarified ones count as
	// misses. Top1Accuracy ignores the threshold.
	InScopeAccuracy *float64 `json:"in_scope_accuracy"`
	Top1Accuracy    *float64 `json:"top1_accuracy"`
	// RightOrClarified adds in-scope questions the bot asked about with
	// the right intent among those it offered.
	RightOrClarified *float64 `json:"right_or_clarified"`
	OOSRecall        *float64 `json:"oos_recall"` // out-of-scope questions not answered (declined or clarified)
	FalseAnswerRate  *float64 `json:"false_answer_rate"`
	// Frontier is the most in-scope accuracy any threshold reaches with at
	// most 5% of the out-of-scope questions answered, the threshold chosen
	// on the scored data themselves: an upper bound on what a threshold
	// can do for this model, not a figure the bot reaches.
	Frontier       *FrontierPoint `json:"frontier_oos_answered_5,omitempty"`
	AnsweredRate   float64        `json:"answered_rate"`
	ClarifyRate    float64        `json:"clarify_rate"`
	P50us          float64        `json:"p50_us"`
	P99us          float64        `json:"p99_us"`
	TrainSeconds   float64        `json:"train_seconds"`
	ECE            float64        `json:"ece"` // expected calibration error of the confidence
	HoldoutIntents []string       `json:"holdout_intents,omitempty"`
	Confused       []Confusion    `json:"confused"`
	WorstIntents   []IntentRecall `json:"worst_intents"` // lowest recall first
	outcomes       []outcome
}

// FrontierPoint is one threshold's in-scope accuracy and share of
// out-of-scope questions answered.
type FrontierPoint struct {
	Threshold       float64 `json:"threshold"`
	InScopeAccuracy float64 `json:"in_scope_accuracy"`
	OOSAnswered     float64 `json:"oos_answered"`
}

// frontierOOS is the share of out-of-scope questions answered that
// Frontier allows.
const frontierOOS = 0.05

// frontier sweeps thresholds in steps of 0.01 for Report.Frontier; nil
// without out-of-scope questions.
func (r *Report) frontier() *FrontierPoint {
	if r.NOOS == 0 || r.NInScope == 0 {
		return nil
	}
	t0 := r.Threshold
	defer r.setThreshold(t0)
	var best *FrontierPoint
	for step := range 101 {
		r.setThreshold(float64(step) / 100)
		answered := 1 - *r.OOSRecall
		if answered <= frontierOOS+1e-9 && (best == nil || *r.InScopeAccuracy > best.InScopeAccuracy) {
			best = &FrontierPoint{Threshold: r.Threshold, InScopeAccuracy: *r.InScopeAccuracy, OOSAnswered: answered}
		}
	}
	return best
}

type outcome struct {
	p        intent.Prediction
	correct  bool // top intent is the true one (never for out of scope)
	offered  bool // a clarifying question would offer the true intent
	outScope bool
}

func ratio(a, b int) *float64 {
	if b == 0 {
		return nil
	}
	r := float64(a) / float64(b)
	return &r
}

func score(ctx context.Context, m *intent.Model, test []intent.Example, threshold float64) *Report {
	r := &Report{N: len(test), Threshold: threshold}
	lat := make([]time.Duration, 0, len(test))
	pairs := map[[2]string]int{}
	perIntent := map[string][2]int{} // right, total
	right := 0
	// Steady state: no training garbage, warm caches and pools.
	runtime.GC()
	for _, e := range test[:min(len(test), 50)] {
		m.Predict(e.Text)
	}
	for i, e := range test {
		if i%256 == 0 && ctx.Err() != nil {
			return r
		}
		t := time.Now()
		p := m.Predict(e.Text) // the threshold test after it costs nothing
		lat = append(lat, time.Since(t))
		o := outcome{p: p, outScope: e.Label == intent.OutOfScope}
		if o.outScope {
			r.NOOS++
		} else {
			r.NInScope++
			o.correct = p.Label == e.Label
			o.offered = slices.ContainsFunc(bot.Suggestions(p), func(a intent.Alternative) bool { return a.Label == e.Label })
			pi := perIntent[e.Label]
			pi[1]++
			if o.correct {
				pi[0]++
			}
			perIntent[e.Label] = pi
			if o.correct {
				right++
			} else {
				pairs[[2]string{e.Label, p.Label}]++
			}
		}
		r.outcomes = append(r.outcomes, o)
	}
	r.Top1Accuracy = ratio(right, r.NInScope)
	r.setThreshold(threshold)
	slices.Sort(lat)
	if n := len(lat); n > 0 {
		r.P50us = float64(lat[n/2].Nanoseconds()) / 1e3
		r.P99us = float64(lat[min(n-1, n*99/100)].Nanoseconds()) / 1e3
	}
	for k, v := range pairs {
		r.Confused = append(r.Confused, Confusion{True: k[0], Pred: k[1], Count: v})
	}
	slices.SortFunc(r.Confused, func(a, b Confusion) int {
		return cmp.Or(b.Count-a.Count, cmp.Compare(a.True, b.True), cmp.Compare(a.Pred, b.Pred))
	})
	r.Confused = r.Confused[:min(10, len(r.Confused))]
	for l, pi := range perIntent {
		r.WorstIntents = append(r.WorstIntents, IntentRecall{Intent: l, N: pi[1], Recall: float64(pi[0]) / float64(pi[1])})
	}
	slices.SortFunc(r.WorstIntents, func(a, b IntentRecall) int {
		return cmp.Or(cmp.Compare(a.Recall, b.Recall), cmp.Compare(a.Intent, b.Intent))
	})
	r.WorstIntents = r.WorstIntents[:min(10, len(r.WorstIntents))]
	r.ECE = ece(r.outcomes)
	r.Frontier = r.frontier()
	return r
}

// setThreshold computes the rates that depend on the threshold, with
// the bot's own rule (bot.Judge).
func (r *Report) setThreshold(t float64) {
	r.Threshold = t
	answered, wrong, right, clarified, clarifiedRight, oosHeld := 0, 0, 0, 0, 0, 0
	for _, o := range r.outcomes {
		switch bot.Judge(o.p, t) {
		case bot.Answer:
			answered++
			if o.correct {
				right++
			} else {
				wrong++
			}
		case bot.Clarify:
			clarified++
			if o.offered {
				clarifiedRight++
			}
		}
		if o.outScope && bot.Judge(o.p, t) != bot.Answer {
			oosHeld++
		}
	}
	r.InScopeAccuracy = ratio(right, r.NInScope)
	r.RightOrClarified = ratio(right+clarifiedRight, r.NInScope)
	r.OOSRecall = ratio(oosHeld, r.NOOS)
	r.FalseAnswerRate = ratio(wrong, answered)
	r.AnsweredRate, r.ClarifyRate = 0, 0
	if r.N > 0 {
		r.AnsweredRate = float64(answered) / float64(r.N)
		r.ClarifyRate = float64(clarified) / float64(r.N)
	}
}

// ece is the expected calibration error over 10 equal-width bins: how
// far "confidence" is from the share of answers that were right.
func ece(os []outcome) float64 {
	var n, conf, acc [10]float64
	for _, o := range os {
		b := min(int(o.p.Confidence*10), 9)
		n[b]++
		conf[b] += o.p.Confidence
		if o.correct {
			acc[b]++
		}
	}
	var e float64
	for b := range n {
		if n[b] > 0 {
			e += math.Abs(conf[b]-acc[b]) / float64(len(os))
		}
	}
	return e
}

func pct(p *float64) string {
	if p == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.2f%%", *p*100)
}

func (r *Report) write(w io.Writer, asJSON bool) error {
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	p("examples:            %d scored (%d in scope, %d out of scope), %d trained on\n", r.N, r.NInScope, r.NOOS, r.NTrain)
	if len(r.HoldoutIntents) > 0 {
		p("held-out intents:    %v (their test examples count as out of scope)\n", r.HoldoutIntents)
	}
	if r.NNegatives > 0 {
		p("negatives trained:   %d out-of-scope examples\n", r.NNegatives)
	}
	if r.NShipped > 0 {
		p("shipped oos trained: %d questions of the corpus the bot ships (bot/oos)\n", r.NShipped)
	}
	p("threshold:           %.2f\n", r.Threshold)
	p("in-scope accuracy:   %s (answered with the right intent, threshold applied)\n", pct(r.InScopeAccuracy))
	p("top-1 accuracy:      %s (top intent, before the threshold)\n", pct(r.Top1Accuracy))
	p("right or clarified:  %s (in scope: answered right, or asked with the right intent offered)\n", pct(r.RightOrClarified))
	p("answered rate:       %.2f%%\n", r.AnsweredRate*100)
	p("clarify rate:        %.2f%%\n", r.ClarifyRate*100)
	p("false-answer rate:   %s (answered but wrong, over answered)\n", pct(r.FalseAnswerRate))
	p("oos recall:          %s (out-of-scope examples not answered)\n", pct(r.OOSRecall))
	if f := r.Frontier; f != nil {
		p("frontier:            %.2f%% in-scope accuracy at most with ≤ %.0f%% of out-of-scope answered (threshold %.2f, chosen on these data: an upper bound)\n",
			f.InScopeAccuracy*100, frontierOOS*100, f.Threshold)
	}
	p("calibration (ECE):   %.4f\n", r.ECE)
	p("decision latency:    p50 %.1f µs, p99 %.1f µs\n", r.P50us, r.P99us)
	p("training time:       %.2f s\n", r.TrainSeconds)
	p("\nthreshold  in-scope  answered  clarified  false-answer  oos-recall\n")
	t0 := r.Threshold
	for _, t := range []float64{0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9} {
		r.setThreshold(t)
		p("%9.2f  %8s  %7.2f%%  %8.2f%%  %12s  %10s\n", t, pct(r.InScopeAccuracy), r.AnsweredRate*100, r.ClarifyRate*100, pct(r.FalseAnswerRate), pct(r.OOSRecall))
	}
	r.setThreshold(t0)
	p("\nmost confused (true -> predicted):\n")
	for _, c := range r.Confused {
		p("%4d  %s -> %s\n", c.Count, c.True, c.Pred)
	}
	p("\nlowest recall:\n")
	for _, w := range r.WorstIntents {
		p("%6.1f%% of %3d  %s\n", w.Recall*100, w.N, w.Intent)
	}
	if !asJSON {
		return nil
	}
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("eval: encode report: %w", err)
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}
