package main

import (
	"fmt"
	"net"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestKillNineLosesNoAckedMessage runs the real binary, kills it with
// SIGKILL in the middle of a stream of sends, restarts it on the same data
// directory and checks that every acknowledged message is there exactly
// once and that resending the unacknowledged ones stores each once.
func TestKillNineLosesNoAckedMessage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "parley")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	dataDir := t.TempDir()
	addr := freeAddr(t)
	start := func() *exec.Cmd {
		cmd := exec.Command(bin, "serve", "--addr", addr, "--data-dir", dataDir,
			"--limit-contact", "100000/1s:100000", "--limit-ip", "100000/1s:100000")
		var logs strings.Builder
		cmd.Stderr = &logs
		t.Cleanup(func() {
			if t.Failed() {
				t.Logf("server log:\n%s", logs.String())
			}
		})
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		waitListening(t, addr)
		return cmd
	}
	srv := start()
	c := dialVisitor(t, addr)
	token := c.hello("", 0)["token"].(string)

	acked := map[string]int64{}
	var nAcked atomic.Int64
	done := make(chan struct{})
	go func() { // the client's reader: records acks until the server dies
		defer close(done)
		for {
			f, err := c.read(5 * time.Second)
			if err != nil {
				return
			}
			if f["type"] == "ack" {
				acked[f["client_id"].(string)] = asInt(f["seq"])
				nAcked.Add(1)
			}
		}
	}()
	var sent []string
	killed := false
	for i := 0; i < 5000; i++ {
		id := fmt.Sprint("k", i)
		if c.send(map[string]any{"type": "send", "client_id": id, "text": "message " + id}) != nil {
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
	<-done
	srv.Wait()
	if len(acked) == 0 {
		t.Fatal("nothing was acked before the kill")
	}

	start()
	r := dialVisitor(t, addr)
	r.hello(token, 0)
	progress := make(chan struct{}, 1)
	go func() { // the client's resend of everything unacked, paced by what it reads
		for _, id := range sent {
			if _, ok := acked[id]; !ok {
				r.send(map[string]any{"type": "send", "client_id": id, "text": "message " + id})
				select {
				case <-progress:
				case <-time.After(2 * time.Second):
				}
			}
		}
	}()
	seen := map[string]int64{}
	count := map[string]int{}
	for len(seen) < len(sent) {
		f := r.expect("message", "", nil)
		id, _ := f["client_id"].(string)
		if a, _ := f["author"].(map[string]any); a["kind"] != "visitor" {
			continue // the bot's replies
		}
		seen[id] = asInt(f["seq"])
		count[id]++
		select {
		case progress <- struct{}{}:
		default:
		}
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
	t.Logf("%d sent, %d acked before SIGKILL; all present once after restart", len(sent), len(acked))
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func waitListening(t *testing.T, addr string) {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server did not listen on %s", addr)
}
