package intent

import (
	"context"
	"testing"
	"time"
)

func trainSynth(b *testing.B, nIntents, per int) (*Model, []Example) {
	ex := synthKB(nIntents, per, 1)
	t := time.Now()
	m, err := Train(context.Background(), ex, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("trained %d intents x %d examples in %v", nIntents, per, time.Since(t))
	return m, ex
}

// BenchmarkPredict measures one decision at the design's scale: a KB of
// 1,000 intents.
func BenchmarkPredict(b *testing.B) {
	m, ex := trainSynth(b, 1000, 10)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m.Predict(ex[i%len(ex)].Text)
	}
}

// BenchmarkPredictNetwork is Banking77's scale, where the network is
// trained too: 77 intents × 130 examples.
func BenchmarkPredictNetwork(b *testing.B) {
	m, ex := trainSynth(b, 77, 130)
	if m.core.mlp == nil {
		b.Fatal("no network")
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m.Predict(ex[i%len(ex)].Text)
	}
}

func BenchmarkTrain(b *testing.B) {
	ex := synthKB(100, 20, 1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Train(context.Background(), ex, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
