package api

import (
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/parley-chat/parley"
)

// AuditStore keeps the audit trail.
type AuditStore interface {
	RecordAudit(ctx context.Context, e parley.AuditEntry) (parley.AuditEntry, error)
	AuditLog(ctx context.Context, beforeN int64, limit int) ([]parley.AuditEntry, error)
}

// audit records that the request's agent made a change. It runs after the
// change is stored, so a failure to record is logged, not answered: the
// change cannot be taken back, and the caller must learn that it happened.
// detail must hold no secrets.
func (s *Server) audit(r *http.Request, action, target string, detail any) {
	a := agentFrom(r.Context())
	b, err := json.Marshal(detail)
	if err != nil {
		b = []byte(`"unencodable detail"`)
	}
	e := parley.AuditEntry{ActorID: a.ID, Actor: cmp.Or(a.Email, a.Name), Action: action, Target: target, Detail: string(b)}
	if _, err := s.store.RecordAudit(context.WithoutCancel(r.Context()), e); err != nil {
		s.cfg.Log.Error("audit", "action", action, "target", target, "err", err)
	}
}

type auditJSON struct {
	N       int64           `json:"n"`
	ID      string          `json:"id"`
	At      time.Time       `json:"at"`
	ActorID string          `json:"actor_id"`
	Actor   string          `json:"actor"`
	Action  string          `json:"action"`
	Target  string          `json:"target"`
	Detail  json.RawMessage `json:"detail"`
}

// listAudit: GET /api/v1/audit?before=N&limit=L, newest first;
// next_before pages on.
func (s *Server) listAudit(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	before, err1 := queryInt(q.Get("before"), "before")
	limit, err2 := queryInt(q.Get("limit"), "limit")
	if err := cmp.Or(err1, err2); err != nil {
		s.fail(w, r, err)
		return
	}
	es, err := s.store.AuditLog(r.Context(), before, int(limit))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]auditJSON, len(es))
	for i, e := range es {
		detail := json.RawMessage(e.Detail)
		if !json.Valid(detail) {
			detail, _ = json.Marshal(e.Detail)
		}
		out[i] = auditJSON{e.N, e.ID, e.At.UTC(), e.ActorID, e.Actor, e.Action, e.Target, detail}
	}
	body := map[string]any{"entries": out}
	if len(es) > 0 {
		body["next_before"] = es[len(es)-1].N
	}
	writeJSON(w, http.StatusOK, body)
}

// queryInt parses an optional non-negative integer query parameter.
func queryInt(v, name string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, parley.Errorf(parley.EINVALID, "%s must be a non-negative integer, got %q", name, v)
	}
	return n, nil
}
