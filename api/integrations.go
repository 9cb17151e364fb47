package api

import (
	"net/http"

	"github.com/parley-chat/parley"
)

// integrationRoutes: API tokens and outgoing webhooks.
func (s *Server) integrationRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/tokens", parley.RoleAdmin, "List API tokens (never their secrets)", s.listTokens, op{Out: tokensOut{}}},
		{"POST", "/api/v1/tokens", parley.RoleAdmin, "Create an API token; its secret is returned once", s.createToken, op{In: createTokenRequest{}, Status: http.StatusCreated, Out: tokenCreatedOut{}}},
		{"DELETE", "/api/v1/tokens/{id}", parley.RoleAdmin, "Revoke an API token", s.revokeToken, op{Status: http.StatusNoContent}},
		{"GET", "/api/v1/webhooks", parley.RoleAdmin, "List webhook endpoints", s.listWebhooks, op{Out: webhooksOut{}}},
		{"POST", "/api/v1/webhooks", parley.RoleAdmin, "Register a webhook endpoint; its signing secret is returned once", s.createWebhook, op{In: webhookRequest{}, Status: http.StatusCreated, Out: webhookCreatedOut{}}},
		{"PUT", "/api/v1/webhooks/{id}", parley.RoleAdmin, "Change a webhook endpoint", s.updateWebhook, op{In: webhookRequest{}, Out: webhookOut{}}},
		{"DELETE", "/api/v1/webhooks/{id}", parley.RoleAdmin, "Delete a webhook endpoint and its deliveries", s.deleteWebhook, op{Status: http.StatusNoContent}},
		{"GET", "/api/v1/webhooks/{id}/deliveries", parley.RoleAdmin, "Recent deliveries to an endpoint with their latest attempt", s.webhookDeliveries, op{Out: deliveriesOut{}}},
	}
}

// Answers of the token and webhook routes.
type (
	tokensOut = struct {
		Tokens []tokenJSON `json:"tokens"`
	}
	tokenCreatedOut = struct {
		Token  tokenJSON `json:"token"`
		Secret string    `json:"secret"`
	}
	webhooksOut = struct {
		Webhooks []webhookJSON `json:"webhooks"`
	}
	webhookCreatedOut = struct {
		Webhook webhookJSON `json:"webhook"`
		Secret  string      `json:"secret"`
	}
	webhookOut = struct {
		Webhook webhookJSON `json:"webhook"`
	}
	deliveriesOut = struct {
		Deliveries []deliveryJSON `json:"deliveries"`
	}
)
