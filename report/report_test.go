package report

import (
	"reflect"
	"testing"
	"time"
)

func TestPercentileCont(t *testing.T) {
	for _, c := range []struct {
		xs   []float64
		p    float64
		want float64
	}{
		{[]float64{180, 600}, 0.5, 390},
		{[]float64{180, 600}, 0.9, 558},
		{[]float64{7}, 0.9, 7},
		{[]float64{1, 2, 3, 4}, 0.5, 2.5},
		{[]float64{1, 2, 3, 4, 5}, 0.9, 4.6},
	} {
		if got := PercentileCont(c.xs, c.p); got == nil || *seconds(got) != c.want {
			t.Errorf("PercentileCont(%v, %v) = %v, want %v", c.xs, c.p, got, c.want)
		}
	}
	if PercentileCont(nil, 0.5) != nil {
		t.Error("no data must be nil")
	}
}

func TestRatesAreNullWithoutData(t *testing.T) {
	d := figures(Bucket{})
	if d.CSAT != nil || d.NPS != nil || d.HandoffRate != nil || d.BotContainmentRate != nil || d.FalseAnswerRate != nil || d.SLABreaches != nil {
		t.Errorf("empty bucket: %+v", d)
	}
	d = figures(Bucket{NPSPromoters: 1, NPSDetractors: 2, NPSTotal: 3, SLATargets: 4})
	if *d.NPS != -33.3 || *d.SLABreaches != 0 {
		t.Errorf("nps %v, breaches %v; want -33.3 and a real 0", *d.NPS, *d.SLABreaches)
	}
}

func TestGroup(t *testing.T) {
	qs := []Question{
		{"c1", "How can I pay with Bitcoin?", "en"},
		{"c2", "can I pay with bitcoin", "en"},
		{"c3", "pay with bitcoin or ether", "en"}, // {bitcoin, ether, pay, or}: 2/4 with {bitcoin, pay}
		{"c4", "Gdje je moja pošiljka?", "sr"},
		{"c5", "gdje je moja pošiljka", "sr"},
		{"c6", "refund", "en"},
		{"c6", "refund!", "en"}, // one conversation, listed once
	}
	want := []Gap{
		{Question: "can I pay with bitcoin", Count: 3, Language: "en", ConversationIDs: []string{"c1", "c2", "c3"}},
		{Question: "gdje je moja pošiljka", Count: 2, Language: "sr", ConversationIDs: []string{"c4", "c5"}},
		{Question: "refund", Count: 2, Language: "en", ConversationIDs: []string{"c6"}},
	}
	got := Group(qs, 10)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Group:\n got %+v\nwant %+v", got, want)
	}
	rev := make([]Question, len(qs))
	for i, q := range qs {
		rev[len(qs)-1-i] = q
	}
	for i, g := range Group(rev, 10) {
		if g.Question != want[i].Question || g.Count != want[i].Count {
			t.Errorf("reversed input, gap %d = %+v, want %+v", i, g, want[i])
		}
	}
	if got := Group(qs, 1); len(got) != 1 {
		t.Errorf("limit 1: %d gaps", len(got))
	}
}

func TestQueryValidate(t *testing.T) {
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, q := range []Query{{}, {From: t0}, {From: t0, To: t0}, {From: t0, To: t0.AddDate(4, 0, 0)}} {
		if q.Validate() == nil {
			t.Errorf("%+v: valid", q)
		}
	}
	if err := (Query{From: t0, To: t0.AddDate(1, 0, 0)}).Validate(); err != nil {
		t.Error(err)
	}
}
