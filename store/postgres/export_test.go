package postgres

// Plans lists the queries the plan test checks: the table whose index each
// must use, that index, literal arguments ('%s' is a conversation id), and
// whether the index must also give the order (no sort: a page or the last
// row must not read the whole conversation).
var Plans = []struct {
	Name, Query, Table, Index, Args string
	Ordered                         bool
}{
	{"Messages", qMessages, "messages", "messages_pkey", `'%s', 10, false, 50`, true},
	{"client id", qMessageByClientID, "messages", "messages_client_id", `'%s', 'c7'`, false},
	{"Feedback", qFeedback, "message_feedback", "message_feedback_pkey", `'%s'`, false},
	{"Decisions", qDecisions, "decisions", "decisions_conversation", `'%s'`, false},
	{"LastDecision", qLastDecision, "decisions", "decisions_conversation", `'%s'`, true},
}
