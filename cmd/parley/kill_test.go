package main

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/jackc/pgx/v5"

	"github.com/parley-chat/parley/internal/testenv"
)

// TestKillNineLosesNoAckedMessage runs the real binary, kills it with
// SIGKILL in the middle of a stream of sends, restarts it on the same data
// directory and checks that every acknowledged message is there exactly
// once and that resending the unacknowledged ones stores each once. The
// client resumes with hello{token, last_seq} whenever the server closes it
// (every close code means that), so only the guarantees are tested.
func TestKillNineLosesNoAckedMessage(t *testing.T) { killNine(t, nil) }

// The same on the production path: PostgreSQL (its batched appends) and
// Redis, restarted on the same database.
func TestKillNineLosesNoAckedMessagePostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dbURL := freshDatabaseURL(t, "parley-kill")
	killNine(t, []string{"PARLEY_DATABASE_URL=" + dbURL, "PARLEY_REDIS_URL=" + testenv.RedisURL(t)})
	conn, err := pgx.Connect(t.Context(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	var n int
	if err := conn.QueryRow(t.Context(), `SELECT count(*) FROM messages WHERE author_kind = 'visitor'`).Scan(&n); err != nil || n == 0 {
		t.Fatalf("visitor messages in PostgreSQL: %d, %v; the server must have used it", n, err)
	}
}

func killNine(t *testing.T, env []string) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "parley")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	dataDir := t.TempDir()
	// Each start listens on a port of its own choosing, read from its log:
	// a port freed by the kill could be taken by another process meanwhile.
	start := func() (cmd *exec.Cmd, addr string, wait func()) {
		cmd = exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data-dir", dataDir,
			"--limit-contact", "100000/1s:100000", "--limit-ip", "100000/1s:100000")
		cmd.Env = append(os.Environ(), env...)
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var (
			logMu sync.Mutex
			logs  strings.Builder
		)
		addrc, read := make(chan string, 1), make(chan struct{})
		go func() {
			defer close(read)
			sc := bufio.NewScanner(stderr)
			for sc.Scan() {
				line := sc.Text()
				logMu.Lock()
				logs.WriteString(line + "\n")
				logMu.Unlock()
				if m := listeningAddr.FindStringSubmatch(line); m != nil {
					addrc <- m[1]
				}
			}
		}()
		wait = sync.OnceFunc(func() { <-read; cmd.Wait() })
		t.Cleanup(func() {
			cmd.Process.Kill()
			wait()
			if t.Failed() {
				logMu.Lock()
				t.Logf("server log:\n%s", logs.String())
				logMu.Unlock()
			}
		})
		select {
		case addr = <-addrc:
			return cmd, addr, wait
		case <-read:
			t.Fatal("the server ended before listening")
		case <-time.After(60 * time.Second):
			t.Fatal("the server did not listen within 60 s")
		}
		return nil, "", nil
	}
	srv, addr, srvWait := start()
	c := dialVisitor(t, addr)
	token := c.hello("", 0)["token"].(string)

	// The client as the protocol asks: it keeps the highest seq it saw and
	// every ack, and when the server closes it before the kill (e.g. 1013)
	// it resumes with hello{token, last_seq} and resends what is unacked.
	var (
		mu       sync.Mutex
		acked    = map[string]int64{}
		lastSeq  int64
		conflict []string
		nAcked   atomic.Int64
	)
	isAcked := func(id string) bool { mu.Lock(); defer mu.Unlock(); _, ok := acked[id]; return ok }
	readAll := func(c *wsClient, done chan<- error) { // records acks until the connection ends
		for {
			f, err := c.read(5 * time.Second)
			if err != nil {
				done <- err
				return
			}
			mu.Lock()
			switch f["type"] {
			case "ack":
				id, seq := f["client_id"].(string), asInt(f["seq"])
				if prev, ok := acked[id]; ok && prev != seq {
					conflict = append(conflict, fmt.Sprintf("%s acked as %d and %d", id, prev, seq))
				} else if !ok {
					nAcked.Add(1)
				}
				acked[id] = seq
			case "message":
				lastSeq = max(lastSeq, asInt(f["seq"]))
			}
			mu.Unlock()
		}
	}
	send := func(c *wsClient, id string) error {
		return c.send(map[string]any{"type": "send", "client_id": id, "text": "message " + id})
	}
	var sent []string
	killed := false
	resumes := 0
	for {
		done := make(chan error, 1)
		go readAll(c, done)
		for _, id := range sent {
			if !isAcked(id) {
				_ = send(c, id) // a failure ends the reader too
			}
		}
		var ended error
	sending:
		for i := len(sent); i < 5000; i++ {
			select {
			case ended = <-done:
				break sending
			default:
			}
			id := fmt.Sprint("k", i)
			if send(c, id) != nil {
				break
			}
			sent = append(sent, id)
			if !killed && nAcked.Load() >= 50 {
				srv.Process.Signal(syscall.SIGKILL) // mid-stream: sends are in flight
				killed = true
			}
			if i%20 == 0 {
				time.Sleep(time.Millisecond)
			}
		}
		if !killed && len(sent) == 5000 {
			srv.Process.Signal(syscall.SIGKILL)
			killed = true
		}
		if ended == nil {
			ended = <-done
		}
		if killed {
			break
		}
		resumes++
		if resumes > 20 {
			t.Fatalf("disconnected %d times before the kill; last: %v", resumes, ended)
		}
		t.Logf("disconnected before the kill (%v): resuming", ended)
		mu.Lock()
		from := lastSeq
		mu.Unlock()
		c = dialVisitor(t, addr)
		c.hello(token, from)
	}
	srvWait() // the restart must not overlap the killed process
	if len(acked) == 0 {
		t.Fatal("nothing was acked before the kill")
	}
	for _, s := range conflict {
		t.Error(s)
	}

	_, addr, _ = start()
	seen := map[string]int64{}
	count := map[string]int{}
	var highest int64
	for attempt := 0; len(seen) < len(sent); attempt++ {
		if attempt > 20 {
			t.Fatalf("disconnected %d times after the restart", attempt)
		}
		r := dialVisitor(t, addr)
		r.hello(token, highest)
		var todo []string
		for _, id := range sent {
			if _, ok := seen[id]; !ok && !isAcked(id) {
				todo = append(todo, id)
			}
		}
		// The resend of everything unacked, at most 64 ahead of what the
		// client has read back.
		window, stop := make(chan struct{}, 64), make(chan struct{})
		go func() {
			for _, id := range todo {
				select {
				case window <- struct{}{}:
				case <-stop:
					return
				case <-time.After(2 * time.Second):
				}
				if send(r, id) != nil {
					return
				}
			}
		}()
		for len(seen) < len(sent) {
			f, err := r.read(10 * time.Second)
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				t.Logf("closed after the restart (%v): resuming from seq %d", err, highest)
				break
			} else if err != nil {
				t.Fatalf("waiting for messages (%d of %d seen): %v", len(seen), len(sent), err)
			}
			if f["type"] != "message" {
				continue
			}
			if seq := asInt(f["seq"]); seq <= highest {
				t.Errorf("seq %d after %d", seq, highest)
			} else {
				highest = seq
			}
			if a, _ := f["author"].(map[string]any); a["kind"] != "visitor" {
				continue // the bot's replies
			}
			id, _ := f["client_id"].(string)
			seen[id] = asInt(f["seq"])
			count[id]++
			select {
			case <-window:
			default:
			}
		}
		close(stop)
	}
	for id, seq := range acked {
		if seen[id] != seq {
			t.Errorf("acked %s (seq %d) came back as seq %d", id, seq, seen[id])
		}
	}
	for id, n := range count {
		if n != 1 {
			t.Errorf("%s delivered %d times", id, n)
		}
	}
	t.Logf("%d sent, %d acked before SIGKILL (%d resumes); all present once after restart", len(sent), len(acked), resumes)
}

var listeningAddr = regexp.MustCompile(`msg="parley listening" addr=(\S+)`)

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
