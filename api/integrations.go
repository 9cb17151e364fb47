package api

import "github.com/parley-chat/parley"

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
