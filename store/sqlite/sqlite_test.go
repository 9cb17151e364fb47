package sqlite_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/internal/batchq"
	"github.com/parley-chat/parley/store/sqlite"
	"github.com/parley-chat/parley/store/storetest"
)

var _ storetest.Store = (*sqlite.DB)(nil)

func mustOpen(t testing.TB, path string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// mustConversation creates a site and a session and returns its conversation id.
func mustConversation(t testing.TB, db *sqlite.DB, siteKey string) string {
	t.Helper()
	site, err := db.EnsureSite(t.Context(), parley.Site{Key: siteKey})
	if err != nil {
		t.Fatalf("EnsureSite: %v", err)
	}
	sess, err := db.CreateSession(t.Context(), site.ID, parley.HashToken(parley.NewToken()), parley.Contact{})
	if err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	return sess.Conversation.ID
}

// template is a database migrated once per test binary; the suite's stores
// start as copies of it, since migrating costs more than most tests (much
// more under -race, which instruments SQLite itself).
var template struct {
	once sync.Once
	data []byte
	err  error
}

// freshPath returns the path of a new, empty, migrated database file.
func freshPath(t *testing.T) string {
	t.Helper()
	template.once.Do(func() {
		dir, err := os.MkdirTemp("", "parley-template-")
		if err != nil {
			template.err = err
			return
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "template.db")
		db, err := sqlite.Open(context.Background(), path)
		if err != nil {
			template.err = err
			return
		}
		if template.err = db.Close(); template.err != nil {
			return
		}
		if _, err := os.Stat(path + "-wal"); err == nil {
			template.err = fmt.Errorf("template kept a WAL file after Close")
			return
		}
		template.data, template.err = os.ReadFile(path)
	})
	if template.err != nil {
		t.Fatalf("template database: %v", template.err)
	}
	path := filepath.Join(t.TempDir(), "parley.db")
	if err := os.WriteFile(path, template.data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store {
		return mustOpen(t, freshPath(t))
	})
}

func TestReports(t *testing.T) {
	storetest.RunReports(t, func(t *testing.T, now func() time.Time) storetest.ReportStore {
		db := mustOpen(t, freshPath(t))
		db.Now = now
		return db
	})
}

func TestReopenKeepsMessages(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parley.db")
	db := mustOpen(t, path)
	conv := mustConversation(t, db, "demo")
	const n = 100
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			m := parley.Message{ConversationID: conv, ClientID: fmt.Sprint("c", i), Author: parley.Author{Kind: parley.AuthorVisitor}, Text: fmt.Sprint("msg ", i)}
			if _, _, err := db.AppendMessage(t.Context(), m); err != nil {
				t.Errorf("append %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	db = mustOpen(t, path)
	msgs, err := db.Messages(t.Context(), conv, 0, 1000, true)
	if err != nil || len(msgs) != n {
		t.Fatalf("after reopen: %d messages, %v; want %d", len(msgs), err, n)
	}
	for i, m := range msgs {
		if m.Seq != int64(i+1) {
			t.Fatalf("message %d has seq %d", i, m.Seq)
		}
	}
	if _, err := db.SiteByKey(t.Context(), "demo"); err != nil {
		t.Fatalf("site after reopen: %v", err)
	}
}

// TestCloseLeavesNoGoroutines closes the store while writers are busy: every
// writer must get an answer (no hang), later writes fail as unavailable, and
// no goroutine of the store outlives Close.
func TestCloseLeavesNoGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "parley.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	conv := mustConversation(t, db, "demo")
	acks := make(chan struct{}, 1000)
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			for {
				_, _, err := db.AppendMessage(t.Context(), parley.Message{ConversationID: conv, Author: parley.Author{Kind: parley.AuthorBot}, Text: "x"})
				if err != nil {
					if parley.ErrorCode(err) != parley.EUNAVAILABLE {
						t.Errorf("append during Close: %v, want %s", err, parley.EUNAVAILABLE)
					}
					return
				}
				select {
				case acks <- struct{}{}:
				default:
				}
			}
		})
	}
	for range 50 {
		<-acks
	}
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	wg.Wait()
	if err := db.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines after Close, %d before:\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
		}
		runtime.Gosched()
	}
}

// TestAckedAppendsSurviveKill runs a child process that appends and prints
// each acknowledged seq, kills it with SIGKILL mid-stream, and checks that
// every acknowledged message is in the reopened file.
func TestAckedAppendsSurviveKill(t *testing.T) {
	if path := os.Getenv("PARLEY_SQLITE_KILL_CHILD"); path != "" {
		appendForever(t, path)
		return
	}
	if testing.Short() {
		t.Skip("spawns a child process")
	}
	path := filepath.Join(t.TempDir(), "parley.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestAckedAppendsSurviveKill$")
	cmd.Env = append(os.Environ(), "PARLEY_SQLITE_KILL_CHILD="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start child: %v", err)
	}
	var conv string
	acked := map[int64]bool{}
	sc := bufio.NewScanner(out)
	for sc.Scan() && len(acked) < 300 {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 2 && f[0] == "conv":
			conv = f[1]
		case len(f) == 2 && f[0] == "ack":
			seq, _ := strconv.ParseInt(f[1], 10, 64)
			acked[seq] = true
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	if conv == "" || len(acked) < 300 {
		t.Fatalf("child stopped early: conversation %q, %d acks", conv, len(acked))
	}
	db := mustOpen(t, path)
	msgs, err := db.Messages(t.Context(), conv, 0, 1_000_000, true)
	if err != nil {
		t.Fatalf("Messages: %v", err)
	}
	stored := map[int64]bool{}
	for _, m := range msgs {
		stored[m.Seq] = true
	}
	for seq := range acked {
		if !stored[seq] {
			t.Errorf("acknowledged seq %d lost after kill (%d stored)", seq, len(msgs))
		}
	}
}

func appendForever(t *testing.T, path string) {
	db := mustOpen(t, path)
	conv := mustConversation(t, db, "demo")
	fmt.Println("conv", conv)
	var mu sync.Mutex // one line per ack
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for {
				m, _, err := db.AppendMessage(t.Context(), parley.Message{ConversationID: conv, Author: parley.Author{Kind: parley.AuthorVisitor}, Text: "x"})
				if err != nil {
					t.Errorf("append: %v", err)
					return
				}
				mu.Lock()
				fmt.Println("ack", m.Seq)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
}

func BenchmarkAppendParallel(b *testing.B) {
	for _, perProc := range []int{1, 16, 64} {
		b.Run(fmt.Sprintf("writers=%dxGOMAXPROCS", perProc), func(b *testing.B) {
			db := mustOpen(b, filepath.Join(b.TempDir(), "bench.db"))
			convs := make([]string, 1000)
			for i := range convs {
				convs[i] = mustConversation(b, db, "bench")
			}
			var next sync.Mutex
			i := 0
			b.SetParallelism(perProc)
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				next.Lock()
				c := i
				i++
				next.Unlock()
				for pb.Next() {
					conv := convs[c%len(convs)]
					c += 7
					m := parley.Message{ConversationID: conv, Author: parley.Author{Kind: parley.AuthorVisitor}, Text: "Hello, I cannot log in"}
					if _, _, err := db.AppendMessage(b.Context(), m); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "appends/s")
		})
	}
}

// TestNodes runs the claim races on one store given as both nodes: the
// embedded store has one process, whose single writer serialises claims.
func TestNodes(t *testing.T) {
	storetest.RunNodes(t, func(t *testing.T) (storetest.Store, storetest.Store) {
		db := mustOpen(t, freshPath(t))
		return db, db
	})
}

// The writer's group commits are counted for /metrics: each write once,
// concurrent ones sharing commits.
func TestGroupCommitsCounted(t *testing.T) {
	db := mustOpen(t, freshPath(t))
	conv := mustConversation(t, db, "counts")
	c0, w0, _ := db.GroupCommits().GroupCommits()
	const n = 64
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if _, _, err := db.AppendMessage(t.Context(), parley.Message{ConversationID: conv,
				Author: parley.Author{Kind: parley.AuthorVisitor}, Text: "hi", ClientID: fmt.Sprint("c", i)}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	c1, w1, waited := db.GroupCommits().GroupCommits()
	if w1-w0 != n || c1-c0 < 1 || c1-c0 > n || waited <= 0 {
		t.Errorf("after %d appends: %d more writes in %d more commits, waited %s in all", n, w1-w0, c1-c0, waited)
	}
	// Each write's wait is in the histogram: none here waits a second.
	if waits := db.GroupCommits().Waits(); waits[len(waits)-1] != uint64(w1) {
		t.Errorf("writes that waited at most %s: %d, want all %d", batchq.WaitBuckets[len(waits)-1], waits[len(waits)-1], w1)
	}
}
