package intent

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/parley-chat/parley/internal/textfold"
)

func TestTokensAndFeatures(t *testing.T) {
	var buf []byte
	var spans []textfold.Token
	toks := words("Hello, World! 42", &buf, &spans, nil)
	if len(toks) != 3 || toks[0] != "hello" || toks[2] != "42" {
		t.Fatalf("tokens = %q", toks)
	}
	o := config{}.withDefaults()
	// "ab": unigram, bigram, char n-grams of "<ab>": a b, <a ab b>, <ab ab>, <ab>.
	if got := len(o.featureHashes([]string{"ab"}, nil)); got != 2+2+3+2+1 {
		t.Fatalf("features of one 2-letter word = %d", got)
	}
}

// kb is a small multilingual KB: each intent has examples in several
// languages and scripts, as the product's KBs do.
var kb = map[string][]string{
	"reset_password": {
		"how do I reset my password", "I forgot my password", "password reset link does not work",
		"как сбросить пароль", "я забыл пароль от аккаунта", "не приходит ссылка для сброса пароля",
		"چگونه رمز عبور را بازنشانی کنم", "رمز عبورم را فراموش کردم",
		"ինչպես վերականգնել գաղտնաբառը", "մոռացել եմ գաղտնաբառը",
		"zaboravio sam lozinku", "kako da resetujem lozinku", "заборавио сам лозинку",
		"nie pamiętam hasła", "jak zresetować hasło",
	},
	"delivery_status": {
		"where is my order", "my package has not arrived", "when will my order be delivered",
		"где мой заказ", "посылка до сих пор не пришла", "когда доставят заказ",
		"سفارش من کجاست", "بسته من هنوز نرسیده است",
		"որտեղ է իմ պատվերը", "փաթեթը դեռ չի հասել",
		"gde je moja porudžbina", "paket još nije stigao", "где је моја поруџбина",
		"gdzie jest moje zamówienie", "paczka jeszcze nie dotarła",
	},
	"refund": {
		"I want my money back", "how do I get a refund", "refund for a returned item",
		"хочу вернуть деньги", "как оформить возврат денег", "верните деньги за товар",
		"می خواهم پولم را پس بگیرم", "چگونه بازپرداخت بگیرم",
		"ուզում եմ գումարս հետ ստանալ", "ինչպես ստանալ փոխհատուցում",
		"želim povraćaj novca", "kako da dobijem povraćaj novca", "желим повраћај новца",
		"chcę zwrotu pieniędzy", "jak otrzymać zwrot pieniędzy",
	},
	"opening_hours": {
		"what are your opening hours", "when are you open", "are you open on sunday",
		"какие у вас часы работы", "вы работаете в воскресенье", "во сколько вы открываетесь",
		"ساعات کاری شما چیست", "آیا یکشنبه باز هستید",
		"որոնք են ձեր աշխատանքային ժամերը", "կիրակի բաց եք",
		"koje je vaše radno vreme", "da li radite nedeljom", "које је ваше радно време",
		"jakie są godziny otwarcia", "czy jesteście otwarci w niedzielę",
	},
}

func kbExamples() []Example {
	var ex []Example
	for label, texts := range kb {
		for _, t := range texts {
			ex = append(ex, Example{Text: t, Label: label})
		}
	}
	return ex
}

func TestMultilingual(t *testing.T) {
	m, err := Train(context.Background(), kbExamples(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Paraphrases not in the KB, in each language and script.
	var inScope []float64
	for text, want := range map[string]string{
		"I can't remember my password": "reset_password",
		"забыл пароль, помогите":       "reset_password",
		"رمز عبور را فراموش کرده ام":   "reset_password",
		"LOZINKU SAM ZABORAVILA":       "reset_password",
		"моя посылка не пришла":        "delivery_status",
		"բաց եք կիրակի օրը":            "opening_hours",
		"радно време недељом":          "opening_hours",
		"kiedy dotrze moje zamówienie": "delivery_status",
		"хочу оформить возврат денег":  "refund",
		"povracaj novca":               "refund", // typed without diacritics
		"چطور پولم را پس بگیرم":        "refund",
	} {
		p := m.Predict(text)
		inScope = append(inScope, p.Confidence)
		if p.Label != want {
			t.Errorf("Predict(%q) = %s (%.2f), want %s; top %v", text, p.Label, p.Confidence, want, p.TopK)
		}
	}
	// Unrelated questions must not look like answers. (A 60-example KB
	// knows few words: "what is" alone can pull the Persian one, so the
	// bar is the default threshold and the in-scope confidences.)
	slices.Sort(inScope)
	for _, text := range []string{
		"what's the weather like in Paris tomorrow",
		"расскажи анекдот про кота",
		"بهترین فیلم سال چیست",
		"ko je pobedio na utakmici",
		"Ով է հաղթել խաղում",
	} {
		if p := m.Predict(text); p.Confidence >= 0.6 || p.Confidence >= inScope[len(inScope)/4] {
			t.Errorf("unrelated %q got %s with confidence %.2f (in-scope quartile %.2f)", text, p.Label, p.Confidence, inScope[len(inScope)/4])
		}
	}
}

func TestPredictionShape(t *testing.T) {
	m, err := Train(context.Background(), kbExamples(), Options{TopK: 3})
	if err != nil {
		t.Fatal(err)
	}
	p := m.Predict("где мой заказ")
	if len(p.TopK) != 3 || p.TopK[0].Label != p.Label {
		t.Fatalf("TopK = %v, label %s", p.TopK, p.Label)
	}
	sum := 0.0
	for i, a := range p.TopK {
		if i > 0 && a.Prob > p.TopK[i-1].Prob {
			t.Errorf("TopK not sorted: %v", p.TopK)
		}
		sum += a.Prob
	}
	if sum > 1+1e-9 || p.Confidence < 0 || p.Confidence > 1 {
		t.Errorf("probabilities out of range: %v, confidence %v", p.TopK, p.Confidence)
	}
	if e := m.Predict(""); e.Confidence >= 0.3 {
		t.Errorf("empty text got confidence %.2f", e.Confidence)
	}
}

func TestTrainErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := Train(ctx, []Example{{Text: "a", Label: "x"}, {Text: "b", Label: "x"}}, Options{}); !errors.Is(err, ErrTooFewIntents) {
		t.Errorf("one intent: err = %v", err)
	}
	if _, err := Train(ctx, []Example{{Text: "a", Label: "x"}, {Text: "b", Label: " "}}, Options{}); err == nil {
		t.Error("empty label: no error")
	}
	if _, err := train(ctx, kbExamples(), Options{}, tuning{CharMin: 4, CharMax: 2}); err == nil {
		t.Error("bad options: no error")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Train(cancelled, kbExamples(), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}

func TestOutOfScopeExamplesAreNotAnIntent(t *testing.T) {
	ex := append(kbExamples(), Example{Text: "tell me a joke", Label: OutOfScope}, Example{Text: "who won the game", Label: OutOfScope})
	m, err := Train(context.Background(), ex, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range m.Labels() {
		if l == OutOfScope {
			t.Fatal("oos became an intent")
		}
	}
}

func TestConcurrentPredictIsDeterministic(t *testing.T) {
	// A small network, uncalibrated, keeps the race detector's run
	// short; the default size takes the same code paths, and
	// TestCalibrationIsDeterministic covers the calibration.
	opts, tune := Options{Seed: 3, NoCalibration: true}, tuning{MLPHidden: 4}
	m, err := train(context.Background(), synthKB(30, 12, 2), opts, tune)
	if err != nil {
		t.Fatal(err)
	}
	texts := synthKB(30, 3, 9)
	want := make([]Prediction, len(texts))
	for i, e := range texts {
		want[i] = m.Predict(e.Text)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for i, e := range texts {
				if got := m.Predict(e.Text); got.Label != want[i].Label || got.Confidence != want[i].Confidence {
					t.Errorf("concurrent Predict(%q) = %v, want %v", e.Text, got, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
	if m.core.mlp == nil {
		t.Fatal("no network trained on 360 examples")
	}
	again, _ := train(context.Background(), synthKB(30, 12, 2), opts, tune)
	for i, e := range texts {
		if got := again.Predict(e.Text); got.Label != want[i].Label || got.Confidence != want[i].Confidence {
			t.Fatalf("retrained model differs on %q: %v vs %v", e.Text, got, want[i])
		}
	}
}

func TestCalibrationIsDeterministic(t *testing.T) {
	a, err := Train(context.Background(), kbExamples(), Options{Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Train(context.Background(), kbExamples(), Options{Seed: 5})
	if a.cal != b.cal || a.cal == defaultCalibration {
		t.Errorf("calibrations %+v and %+v (default %+v)", a.cal, b.cal, defaultCalibration)
	}
}

func TestCalibrateOnValidation(t *testing.T) {
	trainEx := synthKB(20, 15, 4)
	m, err := train(context.Background(), trainEx, Options{NoCalibration: true}, tuning{MLPHidden: 8})
	if err != nil {
		t.Fatal(err)
	}
	val := append(synthKB(20, 4, 5), Example{Text: "zzz qqq", Label: OutOfScope})
	c, err := m.Calibrate(val)
	if err != nil {
		t.Fatal(err)
	}
	if c.cal == m.cal {
		t.Error("calibration unchanged")
	}
	if _, err := m.Calibrate([]Example{{Text: "x", Label: "unknown"}}); err == nil {
		t.Error("calibration without known intents: no error")
	}
}

// TestMLPLearns trains the network alone on a small multilingual task:
// it must fit its training data and score deterministically.
func TestMLPLearns(t *testing.T) {
	m := &Model{opts: config{}.withDefaults()}
	for l := range kb {
		m.labels = append(m.labels, l)
	}
	slices.Sort(m.labels)
	docs, _ := m.docs(kbExamples())
	vec := buildVectorizer(docs, &m.opts)
	var x csr
	var y []int32
	var v sparse
	for _, d := range docs {
		vec.vectorize(d.hashes, &v)
		x.add(v)
		y = append(y, d.label)
	}
	p := mlpParams{hidden: 16, epochs: 60, batch: 8, lr: 0.01, dropout: 0.1, smooth: 0.1, seed: 1}
	net, err := trainMLP(context.Background(), &x, y, len(m.labels), len(vec.idf), p)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := trainMLP(context.Background(), &x, y, len(m.labels), len(vec.idf), p)
	h, out := make([]float32, p.hidden), make([]float32, len(m.labels))
	right := 0
	for i := range x.rows() {
		ix, val := x.row(i)
		net.logits(&sparse{idx: ix, val: val}, h, out)
		best := slices.Index(out, slices.Max(out))
		if int32(best) == y[i] {
			right++
		}
		o1 := slices.Clone(out)
		again.logits(&sparse{idx: ix, val: val}, h, out)
		if !slices.Equal(o1, out) {
			t.Fatal("retrained network differs")
		}
	}
	if right < x.rows()*9/10 {
		t.Errorf("network fits %d of %d training examples", right, x.rows())
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := trainMLP(cancelled, &x, y, len(m.labels), len(vec.idf), p); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}
