package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/webhook"
)

// WebhookStore keeps webhook endpoints and shows their deliveries (the
// webhook package delivers them).
type WebhookStore interface {
	CreateWebhook(ctx context.Context, w parley.Webhook) (parley.Webhook, error)
	Webhooks(ctx context.Context) ([]parley.Webhook, error)
	Webhook(ctx context.Context, id string) (parley.Webhook, error)
	UpdateWebhook(ctx context.Context, w parley.Webhook) (parley.Webhook, error)
	DeleteWebhook(ctx context.Context, id string) error
	WebhookDeliveries(ctx context.Context, webhookID string, limit int) ([]parley.WebhookDelivery, error)
}

type webhookJSON struct {
	ID          string    `json:"id"`
	URL         string    `json:"url"`
	Events      []string  `json:"events"`
	Description string    `json:"description"`
	Active      bool      `json:"active"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func toWebhookJSON(w parley.Webhook) webhookJSON {
	events := make([]string, len(w.Events))
	for i, e := range w.Events {
		events[i] = string(e)
	}
	return webhookJSON{ID: w.ID, URL: w.URL, Events: events, Description: w.Description, Active: w.Active,
		CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt}
}

// webhookRequest is the body of POST and PUT; an omitted active is true
// on create and unchanged on update.
type webhookRequest struct {
	URL         string   `json:"url"`
	Events      []string `json:"events"`
	Description string   `json:"description"`
	Active      *bool    `json:"active"`
}

func (req webhookRequest) apply(w parley.Webhook) parley.Webhook {
	w.URL, w.Description = strings.TrimSpace(req.URL), strings.TrimSpace(req.Description)
	w.Events = nil
	for _, e := range req.Events {
		if e = strings.TrimSpace(e); e != "" {
			w.Events = append(w.Events, parley.ActivityKind(e))
		}
	}
	if req.Active != nil {
		w.Active = *req.Active
	}
	return w
}

// webhookAudit is what the audit trail keeps of an endpoint: never its secret.
func webhookAudit(w parley.Webhook) map[string]any {
	return map[string]any{"url": w.URL, "events": toWebhookJSON(w).Events, "description": w.Description, "active": w.Active}
}

func notFoundWebhook(err error, id string) error {
	if errors.Is(err, parley.ErrNotFound) {
		return parley.Errorf(parley.ENOTFOUND, "no webhook with id %q", id)
	}
	return err
}

func (s *Server) listWebhooks(w http.ResponseWriter, r *http.Request) {
	hooks, err := s.store.Webhooks(r.Context())
	s.respond(w, r, err, http.StatusOK, map[string]any{"webhooks": each(hooks, toWebhookJSON)})
}

func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request) {
	req, ok := decode[webhookRequest](s, w, r)
	if !ok {
		return
	}
	hook := req.apply(parley.Webhook{Active: true, Secret: webhook.NewSecret()})
	if err := s.checkWebhook(r, hook); err != nil {
		s.fail(w, r, err)
		return
	}
	hook, err := s.store.CreateWebhook(r.Context(), hook)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, "webhook.create", hook.ID, webhookAudit(hook))
	writeJSON(w, http.StatusCreated, map[string]any{"webhook": toWebhookJSON(hook), "secret": hook.Secret})
}

func (s *Server) updateWebhook(w http.ResponseWriter, r *http.Request) {
	req, ok := decode[webhookRequest](s, w, r)
	if !ok {
		return
	}
	id := r.PathValue("id")
	hook, err := s.store.Webhook(r.Context(), id)
	if err != nil {
		s.fail(w, r, notFoundWebhook(err, id))
		return
	}
	hook = req.apply(hook)
	if err := s.checkWebhook(r, hook); err != nil {
		s.fail(w, r, err)
		return
	}
	if hook, err = s.store.UpdateWebhook(r.Context(), hook); err != nil {
		s.fail(w, r, notFoundWebhook(err, id))
		return
	}
	s.audit(r, "webhook.update", hook.ID, webhookAudit(hook))
	writeJSON(w, http.StatusOK, map[string]any{"webhook": toWebhookJSON(hook)})
}

// checkWebhook validates an endpoint and refuses, unless the server allows
// them, private targets (the deliverer checks again on every dial).
func (s *Server) checkWebhook(r *http.Request, hook parley.Webhook) error {
	if err := hook.Validate(); err != nil {
		return err
	}
	return webhook.CheckURL(r.Context(), hook.URL, s.cfg.WebhookAllowPrivate, nil)
}

func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request) {
	s.remove(w, r, "id", "webhook.delete", func(ctx context.Context, id string) error {
		return notFoundWebhook(s.store.DeleteWebhook(ctx, id), id)
	})
}

type deliveryJSON struct {
	ID         string     `json:"id"`
	ActivityID string     `json:"activity_id"`
	Event      string     `json:"event"`
	Status     string     `json:"status"`
	StatusCode int        `json:"status_code"`
	Attempt    int        `json:"attempt"`
	Error      string     `json:"error"`
	NextRetry  *time.Time `json:"next_retry"` // pending only
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
}

func (s *Server) webhookDeliveries(w http.ResponseWriter, r *http.Request) {
	limit := 50
	if v := r.URL.Query().Get("limit"); v != "" {
		var err error
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > 500 {
			s.fail(w, r, parley.Errorf(parley.EINVALID, "limit must be a whole number from 1 to 500"))
			return
		}
	}
	id := r.PathValue("id")
	ds, err := s.store.WebhookDeliveries(r.Context(), id, limit)
	if err != nil {
		s.fail(w, r, notFoundWebhook(err, id))
		return
	}
	out := make([]deliveryJSON, len(ds))
	for i, d := range ds {
		out[i] = deliveryJSON{ID: d.ID, ActivityID: d.ActivityID, Event: string(d.Event), Status: string(d.Status),
			StatusCode: d.StatusCode, Attempt: d.Attempt, Error: d.Error, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt}
		if d.Status == parley.DeliveryPending {
			out[i].NextRetry = opt(d.NextAt)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"deliveries": out})
}
