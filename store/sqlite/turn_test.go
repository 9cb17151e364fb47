package sqlite_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/sqlite"
)

// TestTurnsSurviveKillWhole runs a child process that takes bot turns on
// the embedded store and prints each committed one, kills it with SIGKILL
// mid-stream, and checks the reopened file: every committed turn is there,
// and every turn is whole (a bot reply has its decision, a decision its
// reply, a handoff decision its queued conversation).
func TestTurnsSurviveKillWhole(t *testing.T) {
	if path := os.Getenv("PARLEY_SQLITE_TURN_CHILD"); path != "" {
		turnForever(t, path)
		return
	}
	if testing.Short() {
		t.Skip("spawns a child process")
	}
	path := filepath.Join(t.TempDir(), "parley.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestTurnsSurviveKillWhole$")
	cmd.Env = append(os.Environ(), "PARLEY_SQLITE_TURN_CHILD="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start child: %v", err)
	}
	committed := map[string]bool{} // "conversation seq" of each reply
	sc := bufio.NewScanner(out)
	for sc.Scan() && len(committed) < 400 {
		if rest, ok := strings.CutPrefix(sc.Text(), "turn "); ok {
			committed[rest] = true
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	if len(committed) < 400 {
		t.Fatalf("child stopped early: %d turns", len(committed))
	}
	db := mustOpen(t, path)
	convs := map[string]bool{}
	for k := range committed {
		convs[strings.Fields(k)[0]] = true
	}
	stored := map[string]bool{}
	for conv := range convs {
		for k := range wholeTurns(t, db, conv) {
			stored[k] = true
		}
	}
	for k := range committed {
		if !stored[k] {
			t.Errorf("committed turn %s lost after kill", k)
		}
	}
}

// wholeTurns checks that conv's turns are whole and returns them as
// "conversation seq" of each reply.
func wholeTurns(t *testing.T, db *sqlite.DB, conv string) map[string]bool {
	t.Helper()
	ms, err := db.Messages(t.Context(), conv, 0, 1000, true)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := db.Decisions(t.Context(), conv)
	if err != nil {
		t.Fatal(err)
	}
	c, err := db.Conversation(t.Context(), conv)
	if err != nil {
		t.Fatal(err)
	}
	replies := map[int64]bool{}
	for _, m := range ms {
		if m.Author.Kind == parley.AuthorBot {
			replies[m.Seq] = true
		}
	}
	decided := map[int64]bool{}
	handoffs := 0
	for _, d := range ds {
		if !replies[d.ReplySeq] {
			t.Errorf("%s: decision %s names reply %d, not stored", conv, d.ID, d.ReplySeq)
		}
		decided[d.ReplySeq] = true
		if d.Action == parley.ActionHandoff {
			handoffs++
		}
	}
	out := map[string]bool{}
	for seq := range replies {
		if !decided[seq] {
			t.Errorf("%s: reply %d has no decision", conv, seq)
		}
		out[fmt.Sprintf("%s %d", conv, seq)] = true
	}
	if queued := c.Mode == parley.ModeQueued; queued != (handoffs == 1) || handoffs > 1 {
		t.Errorf("%s: mode %s with %d handoff decisions", conv, c.Mode, handoffs)
	}
	return out
}

// turnForever has 8 visitors write and the bot answer each, handing off
// every fifth turn (the visitor then starts a new conversation).
func turnForever(t *testing.T, path string) {
	db := mustOpen(t, path)
	site, err := db.EnsureSite(t.Context(), parley.Site{Key: "turns"})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex // one line per turn
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for {
				sess, err := db.CreateSession(t.Context(), site.ID, parley.HashToken(parley.NewToken()), parley.Contact{})
				if err != nil {
					t.Errorf("session: %v", err)
					return
				}
				conv := sess.Conversation.ID
				for i := 1; i <= 5; i++ {
					m, _, err := db.AppendMessage(t.Context(), parley.Message{ConversationID: conv, Author: parley.Author{Kind: parley.AuthorVisitor}, Text: "help"})
					if err != nil {
						t.Errorf("append: %v", err)
						return
					}
					tn := parley.Turn{Decision: parley.Decision{ConversationID: conv, MessageSeq: m.Seq, Action: parley.ActionAnswer, Language: "en"},
						Reply: &parley.Message{ConversationID: conv, Author: parley.Author{Kind: parley.AuthorBot}, Text: "an answer", ClientID: fmt.Sprintf("bot:%d", m.Seq)}}
					if i == 5 {
						tn.Decision.Action = parley.ActionHandoff
						tn.Handoff = &parley.Conversation{Team: "support", HandoffReason: "human_requested"}
					}
					res, err := db.CommitTurn(t.Context(), tn)
					if err != nil {
						t.Errorf("commit turn: %v", err)
						return
					}
					mu.Lock()
					fmt.Println("turn", conv, res.Reply.Seq)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
}

// BenchmarkTurnState is the desk's read for each visitor message: a queued
// conversation's (the conversation and its contact) and a bot-mode one's
// (with 20 messages of history).
func BenchmarkTurnState(b *testing.B) {
	db := mustOpen(b, filepath.Join(b.TempDir(), "turn.db"))
	ctx := b.Context()
	for _, mode := range []string{"queued", "bot"} {
		conv := mustConversation(b, db, "bench-"+mode)
		var seq int64
		for i := range 20 {
			m, _, err := db.AppendMessage(ctx, parley.Message{ConversationID: conv, Author: parley.Author{Kind: parley.AuthorVisitor},
				Text: "how do I reset my password", ClientID: fmt.Sprint("v", i)})
			if err != nil {
				b.Fatal(err)
			}
			seq = m.Seq
		}
		if mode == "queued" {
			if _, err := db.Enqueue(ctx, conv, parley.Conversation{Team: "support"}); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(mode, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := db.TurnState(ctx, conv, seq); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
