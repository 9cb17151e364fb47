package sqlite

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/sqlstore"
)

// TestQueryPlans checks that the hot queries search an index: a message
// page, the client-id lookup every append with a client id makes, and the
// bot's decision reads. A full scan or a sort would grow with the database.
func TestQueryPlans(t *testing.T) {
	db, err := Open(t.Context(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, c := range []struct{ name, query, index string }{
		{"Messages", qMessages, "(conversation_id=? AND seq>?)"},
		{"client id", qMessageByClientID, "messages_client_id (conversation_id=? AND client_id=?)"},
		{"Decisions", shared.Rebind(sqlstore.QDecisions), "decisions_conversation (conversation_id=?)"},
		{"Feedback", shared.Rebind(sqlstore.QFeedback), "(conversation_id=?)"},
		{"append seq", qLastSeq, "(id=?)"},
	} {
		args := make([]any, strings.Count(c.query, "?"))
		for i := range args {
			args[i] = "x"
		}
		rows, err := db.rdb.QueryContext(t.Context(), "EXPLAIN QUERY PLAN "+c.query, args...)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if len(plan) != 1 || !strings.HasPrefix(plan[0], "SEARCH ") || !strings.HasSuffix(plan[0], c.index) {
			t.Errorf("%s: plan %q, want one SEARCH using %s", c.name, plan, c.index)
		}
	}
}

// TestDeskPlans checks that the queue is read from its partial index in
// queue order (no sort, however many conversations there are) by Queue with
// each filter, and that an agent's load and the assigned
// list are found through conversations_assigned, never by a full scan.
func TestDeskPlans(t *testing.T) {
	db, err := Open(t.Context(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	queue := func(f parley.QueueFilter) string { q, _ := sqlstore.QueueQuery(shared, f); return q }
	for _, c := range []struct {
		name, query, index string
		ordered            bool
	}{
		{"Queue", queue(parley.QueueFilter{Mode: parley.ModeQueued}), "conversations_queue", true},
		{"Queue by site and team", queue(parley.QueueFilter{Mode: parley.ModeQueued, SiteID: "s", Team: "t"}), "conversations_queue", true},
		{"AssignedCount", shared.Rebind(sqlstore.QAssignedCount), "conversations_assigned", false},
		{"Queue assigned", queue(parley.QueueFilter{Mode: parley.ModeAssigned}), "conversations_assigned", false},
		{"Queue assigned to one", queue(parley.QueueFilter{Mode: parley.ModeAssigned, AssigneeID: "a"}), "conversations_assigned", false},
	} {
		args := make([]any, strings.Count(c.query, "?"))
		for i := range args {
			args[i] = 1
		}
		rows, err := db.rdb.QueryContext(t.Context(), "EXPLAIN QUERY PLAN "+c.query, args...)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		used := false
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			plan = append(plan, detail)
			used = used || strings.HasPrefix(detail, "S") && strings.Contains(detail, "conversations USING") &&
				strings.Contains(detail, "INDEX "+c.index)
			if detail == "SCAN conversations" || c.ordered && strings.Contains(detail, "TEMP B-TREE") {
				t.Errorf("%s: %q in plan", c.name, detail)
			}
		}
		rows.Close()
		if !used {
			t.Errorf("%s: plan %q does not read conversations through %s", c.name, plan, c.index)
		}
	}
}
