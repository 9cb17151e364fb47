package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/gateway"
	"github.com/parley-chat/parley/gateway/protocol"
	"github.com/parley-chat/parley/inmem"
	"github.com/parley-chat/parley/store/sqlite"
)

var highLimits = gateway.Limits{
	ContactMessages: parley.Rate{Count: 1000000, Period: time.Second, Burst: 1000000},
	IPMessages:      parley.Rate{Count: 1000000, Period: time.Second, Burst: 1000000},
	IPNewVisitors:   parley.Rate{Count: 1000000, Period: time.Second, Burst: 1000000},
}

// startServer runs a gateway on a temp embedded database with real sockets
// (as gateway/harness_test.go does); wrap may replace the store.
func startServer(t testing.TB, limits gateway.Limits, wrap func(*sqlite.DB) gateway.Store) string {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "bench.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.EnsureSite(ctx, parley.Site{Key: "demo", Name: "Demo"}); err != nil {
		t.Fatal(err)
	}
	var store gateway.Store = db
	if wrap != nil {
		store = wrap(db)
	}
	hub := gateway.NewHub(nil)
	gw, err := gateway.New(gateway.Config{Store: store, Hub: hub, Broker: inmem.NewBroker(hub.Receive),
		Local: inmem.NewLimiter(nil), Limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/ws/visitor", gw)
	mux.HandleFunc("/metrics", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("# HELP x\nprocess_resident_memory_bytes 1e+07\ngo_memstats_heap_inuse_bytes 4e+06\ngo_memstats_stack_inuse_bytes 1e+06\nparley_ws_connections 10\n"))
	})
	ts := httptest.NewServer(mux)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		gw.Shutdown(ctx)
		ts.Close()
	})
	return ts.URL
}

// runJSON runs Main and decodes the JSON last line.
func runJSON(t *testing.T, args ...string) Result {
	t.Helper()
	var out, errOut bytes.Buffer
	if err := Main(context.Background(), append(args, "--json"), &out, &errOut); err != nil {
		t.Fatalf("Main: %v\n%s%s", err, out.String(), errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var r Result
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &r); err != nil {
		t.Fatalf("last line is not JSON: %v\n%s", err, out.String())
	}
	t.Logf("\n%s", out.String())
	return r
}

func TestClosedLoopVerify(t *testing.T) {
	url := startServer(t, highLimits, nil)
	r := runJSON(t, "--url", url, "--visitors", "20", "--duration", "1s", "--warmup", "200ms", "--verify")
	if r.Connected != 20 || r.ConnectFailures != 0 {
		t.Fatalf("connected %d, failures %d", r.Connected, r.ConnectFailures)
	}
	if r.Acked == 0 || r.AckedPerSecond <= 0 || r.Ack.N != r.Acked || r.Ack.P50 <= 0 || r.Ack.P99 < r.Ack.P50 {
		t.Fatalf("acked %d (%.0f/s), latency %+v", r.Acked, r.AckedPerSecond, r.Ack)
	}
	if r.Verified != 20 || r.Checked != r.AckedTotal || r.Lost != 0 || r.Duplicated != 0 || r.Unacked != 0 {
		t.Fatalf("verify: %d visitors, %d of %d checked, lost %d, duplicated %d, unacked %d (%s)",
			r.Verified, r.Checked, r.AckedTotal, r.Lost, r.Duplicated, r.Unacked, r.VerifyError)
	}
}

func TestFixedRate(t *testing.T) {
	url := startServer(t, highLimits, nil)
	r := runJSON(t, "--url", url, "--visitors", "10", "--rate", "200", "--duration", "1s", "--warmup", "0s", "--verify", "--verify-sample", "3")
	// The generator must never exceed the rate (timer slack aside); how
	// close it gets depends on the machine, which is for benchmarks to say.
	if r.Acked == 0 || r.Acked > 210 || int64(r.AckedTotal) != r.Sent {
		t.Fatalf("acked %d in the window (all %d of %d sent) at --rate 200 for 1s", r.Acked, r.AckedTotal, r.Sent)
	}
	if r.Verified != 3 || r.Lost != 0 || r.Duplicated != 0 {
		t.Fatalf("verify: %d visitors, lost %d, duplicated %d", r.Verified, r.Lost, r.Duplicated)
	}
}

// Rate-limited sends are retried with the same client_id until acked.
func TestRateLimitedRetried(t *testing.T) {
	limits := highLimits
	// One message per 2 s: each visitor's second message, sent as soon as
	// the first is acked, is limited however slow the machine is.
	limits.ContactMessages = parley.Rate{Count: 1, Period: 2 * time.Second, Burst: 1}
	url := startServer(t, limits, nil)
	r := runJSON(t, "--url", url, "--visitors", "5", "--duration", "2s", "--warmup", "0s", "--verify")
	if r.RateLimited == 0 || r.Errors["rate_limited"] != r.RateLimited {
		t.Fatalf("no rate_limited counted: %+v", r.Errors)
	}
	if r.Acked == 0 || r.Unacked != 0 || r.Lost != 0 || r.Duplicated != 0 {
		t.Fatalf("acked %d, unacked %d, lost %d, duplicated %d", r.Acked, r.Unacked, r.Lost, r.Duplicated)
	}
}

// faulty is a store that acks some messages it never keeps and replays
// others twice: verify must see both.
type faulty struct{ *sqlite.DB }

func (f faulty) AppendMessage(ctx context.Context, m parley.Message) (parley.Message, bool, error) {
	if strings.HasSuffix(m.ClientID, "3") {
		m.Seq, m.ID, m.CreatedAt = 1<<40, "phantom", time.Now()
		return m, true, nil
	}
	return f.DB.AppendMessage(ctx, m)
}

func (f faulty) Messages(ctx context.Context, conv string, after int64, limit int, priv bool) ([]parley.Message, error) {
	msgs, err := f.DB.Messages(ctx, conv, after, limit, priv)
	var out []parley.Message
	for _, m := range msgs {
		out = append(out, m)
		if m.ClientID == "m2" {
			out = append(out, m)
		}
	}
	return out, err
}

func TestVerifyDetectsLossAndDuplicates(t *testing.T) {
	url := startServer(t, highLimits, func(db *sqlite.DB) gateway.Store { return faulty{db} })
	r := runJSON(t, "--url", url, "--visitors", "4", "--duration", "500ms", "--warmup", "0s", "--verify")
	if r.Lost == 0 || r.Duplicated == 0 || r.Duplicated > 4 {
		t.Fatalf("lost %d, duplicated %d; want both detected (at most 4: m2 of each visitor)", r.Lost, r.Duplicated)
	}
}

func TestIdle(t *testing.T) {
	url := startServer(t, highLimits, nil)
	r := runJSON(t, "--url", url, "--idle", "--visitors", "10", "--settle", "10ms")
	if r.Connected != 10 || r.Idle == nil || r.Idle.RSSAfter != 1e7 || r.Idle.HeapStackPerConn != 0 || r.Idle.ServerConns != 10 {
		t.Fatalf("idle: connected %d, %+v", r.Connected, r.Idle)
	}
}

func TestFlagErrors(t *testing.T) {
	for _, tc := range []struct{ args, want string }{
		{"--visitors 0", "--visitors 0: want at least 1"},
		{"--rate -1", "--rate -1"},
		{"--duration 0s", "--duration 0s: want a positive duration"},
		{"--url ftp://127.0.0.1", "scheme must be http or https"},
		{"--url http://192.0.2.1:8080", "not a loopback address"},
		{"--url http://192.0.2.1:8080 --allow-remote --sources 2", "only reach a loopback"},
		{"--sources 300", "--sources 300: want 1 to 254"},
		{"--verify-sample 5", "--verify-sample needs --verify"},
		{"--idle --rate 10", "--rate does not apply with --idle"},
		{"--visitors 100000000", "open files"},
		{"--visitors ten", "invalid value"},
		{"extra", `unexpected argument "extra"`},
		{"--text=", "--text must have 1 to 4000 characters"},
		{"--wait-refine -1s", "--wait-refine -1s: want 0"},
	} {
		var out, errOut bytes.Buffer
		err := Main(context.Background(), strings.Fields(tc.args), &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.args, err, tc.want)
		}
	}
}

func TestLatencyPercentiles(t *testing.T) {
	ns := make([]int64, 100)
	for i := range ns {
		ns[len(ns)-1-i] = int64(i+1) * 1e6 // 100ms … 1ms, unsorted
	}
	l := latencyOf(ns)
	if l.N != 100 || l.P50 != 50 || l.P90 != 90 || l.P99 != 99 || l.Max != 100 {
		t.Fatalf("%+v", l)
	}
	if (latencyOf(nil) != Latency{}) {
		t.Fatal("empty samples")
	}
}

func TestParseFrame(t *testing.T) {
	var f frame
	if err := parseFrame([]byte(`{"type":"ack","client_id":"m12","seq":34}`), &f); err != nil || f.kind != kindAck || string(f.clientID) != "m12" || f.seq != 34 {
		t.Fatalf("fast ack: %+v %v", f, err)
	}
	if err := parseFrame([]byte(`{"seq":5,"client_id":"m1","type":"ack"}`), &f); err != nil || f.kind != kindAck || string(f.clientID) != "m1" || f.seq != 5 {
		t.Fatalf("reordered ack: %+v %v", f, err)
	}
	if err := parseFrame([]byte(`{"type":"error","code":"rate_limited","retry_after_ms":250,"client_id":"m3"}`), &f); err != nil ||
		f.kind != kindError || f.retry != 250*time.Millisecond || string(f.clientID) != "m3" {
		t.Fatalf("error: %+v %v", f, err)
	}
	// The fast paths must agree with encoding/json on the gateway's own frames.
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, data := range [][]byte{
		protocol.EncodeAck("m7", 9),
		protocol.EncodeMessage(parley.Message{Seq: 3, ID: "x", ClientID: "m2", Author: parley.Author{Kind: parley.AuthorVisitor}, Text: "hi", CreatedAt: at}),
		protocol.EncodeMessage(parley.Message{Seq: 4, ID: "y", Author: parley.Author{Kind: parley.AuthorBot, Name: "Bot"}, Text: `say "q"`, CreatedAt: at}),
		[]byte(`{"type":"message","seq":5,"id":"a\\\"b","client_id":"m1","author":{"kind":"agent"}}`),
	} {
		var fast frame
		if err := parseFrame(data, &fast); err != nil {
			t.Fatal(err)
		}
		var w wire
		if err := json.Unmarshal(data, &w); err != nil {
			t.Fatal(err)
		}
		if fast.seq != w.Seq || string(fast.clientID) != w.ClientID || (fast.kind == kindMessage && fast.author != w.Author.Kind) {
			t.Fatalf("%s: fast %+v, json %+v", data, fast, w)
		}
	}
	if n, ok := parseClientID([]byte("m0")); !ok || n != 0 {
		t.Fatal("m0")
	}
	for _, bad := range []string{"", "m", "x1", "m1a", "verify-1"} {
		if _, ok := parseClientID([]byte(bad)); ok {
			t.Fatalf("%q parsed", bad)
		}
	}
}
