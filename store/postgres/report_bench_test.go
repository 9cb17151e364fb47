package postgres_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/report"
	"github.com/parley-chat/parley/store/postgres"
)

// A year of a busy desk for BenchmarkReport*: 100,000 conversations, about
// a million messages, with decisions, handoffs, CSAT and NPS, loaded once
// with COPY into its own schema (kept between runs: loading takes minutes).
const (
	benchSchema        = "parley_bench_reports"
	benchConversations = 100_000
	benchMessages      = 900_000 // fewer: an older generator's data, load again
)

var benchStart = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

var benchQuestions = []string{"how do I reset my password", "where is my parcel", "can I pay with bitcoin",
	"refund please", "change my delivery address", "the app crashes on start", "cancel my subscription",
	"do you ship to Norway", "invoice is wrong", "talk to a human"}

var benchReasons = []string{"human_requested", "low_confidence", "no_knowledge", "frustration", "high_urgency"}

func benchDB(b *testing.B) *postgres.DB {
	b.Helper()
	if os.Getenv("PARLEY_BENCH_REPORTS") == "" {
		b.Skip("set PARLEY_BENCH_REPORTS=1 (and PARLEY_TEST_DATABASE_URL) to load a year of data and time the reports")
	}
	base := needDB(b)
	admin(b, base, "CREATE SCHEMA IF NOT EXISTS "+benchSchema)
	u, err := url.Parse(base)
	if err != nil {
		b.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", benchSchema)
	u.RawQuery = q.Encode()
	db := mustOpen(b, u.String())
	conn, err := pgx.Connect(b.Context(), u.String())
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(b.Context(), `SELECT count(*) FROM messages`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	if n < benchMessages {
		start := time.Now()
		if err := loadYear(b.Context(), conn); err != nil {
			b.Fatalf("load: %v", err)
		}
		b.Logf("loaded a year of data in %v", time.Since(start).Round(time.Second))
	}
	return db
}

// copyRows copies rows into table.
func copyRows(ctx context.Context, conn *pgx.Conn, table string, cols []string, rows [][]any) error {
	_, err := conn.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
	if err != nil {
		return fmt.Errorf("copy %s: %w", table, err)
	}
	return nil
}

// loadYear generates the data deterministically and copies it in.
func loadYear(ctx context.Context, conn *pgx.Conn) error {
	for _, t := range []string{"activities", "nps", "csat", "message_feedback", "decisions", "messages", "conversations", "contacts", "sites"} {
		if _, err := conn.Exec(ctx, "TRUNCATE "+t+" CASCADE"); err != nil {
			return err
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	siteID := "benchsite"
	if _, err := conn.Exec(ctx, `INSERT INTO sites (id, key, created_at) VALUES ($1, 'bench', $2)`, siteID, benchStart); err != nil {
		return err
	}
	var contacts, convs, msgs, decs, feedback, csat, nps, acts [][]any
	an := 0
	act := func(kind parley.ActivityKind, conv, agent, team, reason string, score int, at time.Time) {
		an++
		acts = append(acts, []any{fmt.Sprint("a", an), string(kind), siteID, conv, "", agent, team, reason, score, at})
	}
	teams := []string{"l1", "billing", "tech"}
	for i := range benchConversations {
		id := fmt.Sprintf("c%06d", i)
		// Busier in working hours: a day of the year, then an hour weighted to 8–18.
		created := benchStart.Add(time.Duration(r.IntN(365))*24*time.Hour + time.Duration(r.IntN(3600))*time.Second)
		if r.IntN(3) > 0 {
			created = created.Add(time.Duration(8+r.IntN(10)) * time.Hour)
		} else {
			created = created.Add(time.Duration(r.IntN(24)) * time.Hour)
		}
		contacts = append(contacts, []any{"k" + id, siteID, "visitor", created, created})
		at, seq := created, int64(0)
		add := func(kind parley.AuthorKind, text string) int64 {
			seq++
			at = at.Add(time.Duration(5+r.IntN(60)) * time.Second)
			msgs = append(msgs, []any{id, seq, fmt.Sprintf("m%s-%d", id, seq), string(kind), text, at})
			return seq
		}
		act(parley.ActivityCreated, id, "", "", "", 0, created)
		handed := r.IntN(10) < 3
		turns := 3 + r.IntN(3)
		for t := range turns {
			q := benchQuestions[r.IntN(len(benchQuestions))]
			vs := add(parley.AuthorVisitor, q)
			if handed && t == turns-1 {
				decs = append(decs, []any{fmt.Sprintf("d%s-%d", id, vs), id, vs, int64(0), "handoff",
					benchReasons[r.IntN(len(benchReasons))], "intent" + fmt.Sprint(r.IntN(8)), "en", at})
				break
			}
			action := "answer"
			if r.IntN(8) == 0 {
				action = "clarify"
			}
			rs := add(parley.AuthorBot, "Here is how.")
			decs = append(decs, []any{fmt.Sprintf("d%s-%d", id, vs), id, vs, rs, action, "", "intent" + fmt.Sprint(r.IntN(8)), "en", at})
			if r.IntN(10) == 0 {
				feedback = append(feedback, []any{id, rs, r.IntN(3) > 0, at})
			}
		}
		conv := []any{id, siteID, "k" + id, "bot", "en", int64(0), created, at, "", "", "", int16(1), "", nil, nil, nil, nil, nil}
		if handed {
			team, reason := teams[r.IntN(len(teams))], benchReasons[r.IntN(len(benchReasons))]
			queued := at.Add(time.Second)
			act(parley.ActivityHandedOff, id, "", team, reason, 0, queued)
			firstAt := queued.Add(time.Duration(30+r.IntN(1800)) * time.Second)
			act(parley.ActivityAssigned, id, "agent1", team, "", 0, firstAt.Add(-10*time.Second))
			at = firstAt
			for range 2 + r.IntN(4) {
				add(parley.AuthorAgent, "Let me check.")
				add(parley.AuthorVisitor, "thanks")
			}
			resolved := at.Add(time.Duration(60+r.IntN(7200)) * time.Second)
			act(parley.ActivityResolved, id, "agent1", team, "", 0, resolved)
			conv = []any{id, siteID, "k" + id, "resolved", "en", seq, created, resolved, team, "agent1", "normal", int16(1), reason,
				queued, queued.Add(15 * time.Minute), queued.Add(2 * time.Hour), firstAt, resolved}
			if r.IntN(2) == 0 {
				score := 1 + r.IntN(5)
				csat = append(csat, []any{id, score, resolved.Add(time.Minute)})
				act(parley.ActivityCSAT, id, "", "", "", score, resolved.Add(time.Minute))
			}
		}
		conv[5] = seq
		convs = append(convs, conv)
		if r.IntN(20) == 0 {
			score := r.IntN(11)
			nps = append(nps, []any{id, score, at.Add(time.Minute)})
			act(parley.ActivityNPS, id, "", "", "", score, at.Add(time.Minute))
		}
	}
	steps := []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"contacts", []string{"id", "site_id", "segment", "created_at", "updated_at"}, contacts},
		{"conversations", []string{"id", "site_id", "contact_id", "mode", "language", "last_seq", "created_at", "updated_at",
			"team", "assignee_id", "urgency", "urgency_rank", "handoff_reason", "queued_at", "first_response_due",
			"resolution_due", "first_response_at", "resolved_at"}, convs},
		{"messages", []string{"conversation_id", "seq", "id", "author_kind", "text", "created_at"}, msgs},
		{"decisions", []string{"id", "conversation_id", "message_seq", "reply_seq", "action", "handoff_reason", "intent", "language", "created_at"}, decs},
		{"message_feedback", []string{"conversation_id", "seq", "helpful", "created_at"}, feedback},
		{"csat", []string{"conversation_id", "score", "created_at"}, csat},
		{"nps", []string{"conversation_id", "score", "created_at"}, nps},
		{"activities", []string{"id", "kind", "site_id", "conversation_id", "article_id", "agent_id", "team", "reason", "score", "at"}, acts},
	}
	for _, s := range steps {
		if err := copyRows(ctx, conn, s.table, s.cols, s.rows); err != nil {
			return err
		}
	}
	_, err := conn.Exec(ctx, "VACUUM ANALYZE")
	return err
}

func benchReport(b *testing.B, daily bool) {
	db := benchDB(b)
	year := report.Query{From: benchStart, To: benchStart.AddDate(1, 0, 0), Now: benchStart.AddDate(1, 0, 0)}
	month := report.Query{From: benchStart.AddDate(0, 6, 0), To: benchStart.AddDate(0, 6, 30), Now: year.Now}
	for _, c := range []struct {
		name string
		q    report.Query
	}{{"365d", year}, {"30d", month}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				var err error
				if daily {
					_, err = report.ComputeDaily(b.Context(), db, c.q)
				} else {
					_, err = report.ComputeSummary(b.Context(), db, c.q)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkReportSummary(b *testing.B) { benchReport(b, false) }
func BenchmarkReportDaily(b *testing.B)   { benchReport(b, true) }
