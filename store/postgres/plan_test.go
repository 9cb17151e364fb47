package postgres_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/postgres"
)

// planNode is one node of EXPLAIN (FORMAT JSON) output.
type planNode struct {
	NodeType string     `json:"Node Type"`
	Relation string     `json:"Relation Name"`
	Index    string     `json:"Index Name"`
	Plans    []planNode `json:"Plans"`
}

func (n planNode) walk(fn func(planNode)) {
	fn(n)
	for _, c := range n.Plans {
		c.walk(fn)
	}
}

// TestQueryPlans checks on a populated, analyzed schema that the hot queries
// (a message page, the client-id lookup of every append with a client id,
// feedback and decision reads, the desk's queue and claims) use their index and never a sequential scan,
// and that a page or the last decision needs no sort, both as custom plans
// and as the generic plans a prepared statement may switch to after five runs.
func TestQueryPlans(t *testing.T) {
	dsn, _ := freshSchema(t)
	db := mustOpen(t, dsn)
	site, err := db.EnsureSite(t.Context(), parley.Site{Key: "plans"})
	if err != nil {
		t.Fatal(err)
	}
	var conv string
	for range 40 {
		s, err := db.CreateSession(t.Context(), site.ID, parley.HashToken(parley.NewToken()), parley.Contact{})
		if err != nil {
			t.Fatal(err)
		}
		conv = s.Conversation.ID
	}
	for _, q := range []string{
		`INSERT INTO messages (conversation_id, seq, id, client_id, author_kind, text, private, created_at)
			SELECT c.id, g, c.id || '-' || g, 'c' || g, 'bot', 'hello', g % 10 = 0, now()
			FROM conversations c, generate_series(1, 250) g`,
		`INSERT INTO message_feedback (conversation_id, seq, helpful, created_at)
			SELECT conversation_id, seq, seq % 3 = 0, now() FROM messages WHERE seq % 2 = 0`,
		`INSERT INTO decisions (id, conversation_id, message_seq, action, created_at)
			SELECT c.id || '-' || g, c.id, g, 'answer', now() FROM conversations c, generate_series(1, 60) g`,
		// 20,000 more conversations: 2% queued (urgencies, due times or none),
		// 2% assigned to 100 agents, the rest with the bot or resolved.
		`INSERT INTO conversations (id, site_id, contact_id, mode, created_at, updated_at, team, assignee_id,
			urgency_rank, queued_at, first_response_due)
			SELECT 'pc' || g, c.site_id, c.contact_id,
				CASE g % 50 WHEN 0 THEN 'queued' WHEN 1 THEN 'assigned' ELSE (ARRAY['bot', 'resolved'])[g % 2 + 1] END,
				now(), now(), 'l' || g % 3, CASE WHEN g % 50 = 0 THEN '' ELSE 'agent' || g % 100 END, g % 4,
				now() - g * interval '1 second', CASE WHEN g % 3 > 0 THEN now() + g * interval '1 minute' END
			FROM (SELECT site_id, contact_id FROM conversations LIMIT 1) c, generate_series(1, 20000) g`,
		`INSERT INTO agents (id, email, email_key, role, capacity, password_hash, created_at)
			SELECT 'agent' || g, g || '@x.io', g || '@x.io', 'agent', 3, 'h', now() FROM generate_series(1, 1000) g`,
		`ANALYZE`,
	} {
		admin(t, dsn, q)
	}
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	for _, mode := range []string{"force_custom_plan", "force_generic_plan"} {
		if _, err := conn.Exec(t.Context(), "SET plan_cache_mode = "+mode); err != nil {
			t.Fatal(err)
		}
		for _, p := range postgres.Plans {
			if _, err := conn.Exec(t.Context(), "PREPARE p AS "+p.Query); err != nil {
				t.Fatalf("%s: prepare: %v", p.Name, err)
			}
			var out []byte
			args := strings.ReplaceAll(p.Args, "%s", conv)
			err := conn.QueryRow(t.Context(), "EXPLAIN (FORMAT JSON) EXECUTE p("+args+")").Scan(&out)
			if _, derr := conn.Exec(t.Context(), "DEALLOCATE p"); err == nil {
				err = derr
			}
			if err != nil {
				t.Fatalf("%s: explain: %v", p.Name, err)
			}
			var plans []struct{ Plan planNode }
			if err := json.Unmarshal(out, &plans); err != nil || len(plans) != 1 {
				t.Fatalf("%s: plan JSON %s: %v", p.Name, out, err)
			}
			used := false
			plans[0].Plan.walk(func(n planNode) {
				switch n.NodeType {
				case "Seq Scan":
					t.Errorf("%s (%s): sequential scan of %s in %s", p.Name, mode, n.Relation, out)
				case "Sort", "Incremental Sort":
					if p.Ordered {
						t.Errorf("%s (%s): sort in %s", p.Name, mode, out)
					}
				case "Index Scan", "Index Only Scan":
					used = used || n.Relation == p.Table && n.Index == p.Index
				case "Bitmap Index Scan": // its Bitmap Heap Scan parent names the table
					used = used || n.Index == p.Index
				}
			})
			if !used {
				t.Errorf("%s (%s): no index scan of %s using %s in %s", p.Name, mode, p.Table, p.Index, out)
			}
		}
	}
}
