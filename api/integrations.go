package api

import (
	"context"
	"time"

	"github.com/parley-chat/parley"
)

// IntegrationStore keeps API tokens and webhook endpoints.
type IntegrationStore interface {
	CreateAPIToken(ctx context.Context, t parley.APIToken, secretHash []byte) (parley.APIToken, error)
	APITokens(ctx context.Context) ([]parley.APIToken, error)
	APITokenByHash(ctx context.Context, secretHash []byte) (parley.APIToken, error)
	TouchAPIToken(ctx context.Context, id string, at time.Time) error
	RevokeAPIToken(ctx context.Context, id string) (parley.APIToken, error)
	CreateWebhook(ctx context.Context, w parley.Webhook) (parley.Webhook, error)
	Webhooks(ctx context.Context) ([]parley.Webhook, error)
	Webhook(ctx context.Context, id string) (parley.Webhook, error)
	UpdateWebhook(ctx context.Context, w parley.Webhook) (parley.Webhook, error)
	DeleteWebhook(ctx context.Context, id string) error
	WebhookDeliveries(ctx context.Context, webhookID string, limit int) ([]parley.WebhookDelivery, error)
}

// integrationRoutes: API tokens and outgoing webhooks.
func (s *Server) integrationRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/tokens", parley.RoleAdmin, "List API tokens (never their secrets)", s.listTokens},
		{"POST", "/api/v1/tokens", parley.RoleAdmin, "Create an API token; its secret is returned once", s.createToken},
		{"DELETE", "/api/v1/tokens/{id}", parley.RoleAdmin, "Revoke an API token", s.revokeToken},
		{"GET", "/api/v1/webhooks", parley.RoleAdmin, "List webhook endpoints", s.listWebhooks},
		{"POST", "/api/v1/webhooks", parley.RoleAdmin, "Register a webhook endpoint; its signing secret is returned once", s.createWebhook},
		{"PUT", "/api/v1/webhooks/{id}", parley.RoleAdmin, "Change a webhook endpoint", s.updateWebhook},
		{"DELETE", "/api/v1/webhooks/{id}", parley.RoleAdmin, "Delete a webhook endpoint and its deliveries", s.deleteWebhook},
		{"GET", "/api/v1/webhooks/{id}/deliveries", parley.RoleAdmin, "Recent deliveries to an endpoint with their latest attempt", s.webhookDeliveries},
	}
}

// integrations returns the store, or an error when none is configured.
func (s *Server) integrations() (IntegrationStore, error) {
	if s.cfg.Integrations == nil {
		return nil, parley.Errorf(parley.EUNAVAILABLE, "integrations are not configured on this server")
	}
	return s.cfg.Integrations, nil
}
