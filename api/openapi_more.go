package api

import (
	"net/http"

	"github.com/parley-chat/parley/report"
)

// The shapes of the reports', integrations' and sites' routes.
func init() {
	rq := []string{"from", "to", "site", "team", "language", "segment", "format"}
	for k, o := range map[string]op{
		"GET /api/v1/reports/summary": {Query: rq, Out: report.Summary{}},
		"GET /api/v1/reports/daily": {Query: rq, Out: struct {
			Days []report.Day `json:"days"`
		}{}},
		"GET /api/v1/reports/hours": {Query: rq, Out: struct {
			Hours []report.Hour `json:"hours"`
		}{}},
		"GET /api/v1/reports/gaps": {Query: append(rq, "limit"), Out: struct {
			Gaps []report.Gap `json:"gaps"`
		}{}},
		"GET /api/v1/reports/articles": {Query: rq, Out: struct {
			Articles []articleVotesJSON `json:"articles"`
		}{}},
		"GET /api/v1/tokens": {Out: struct {
			Tokens []tokenJSON `json:"tokens"`
		}{}},
		"POST /api/v1/tokens": {In: createTokenRequest{}, Status: http.StatusCreated, Out: struct {
			Token  tokenJSON `json:"token"`
			Secret string    `json:"secret"`
		}{}},
		"DELETE /api/v1/tokens/{id}": {Status: http.StatusNoContent},
		"GET /api/v1/webhooks": {Out: struct {
			Webhooks []webhookJSON `json:"webhooks"`
		}{}},
		"POST /api/v1/webhooks": {In: webhookRequest{}, Status: http.StatusCreated, Out: struct {
			Webhook webhookJSON `json:"webhook"`
			Secret  string      `json:"secret"`
		}{}},
		"PUT /api/v1/webhooks/{id}": {In: webhookRequest{}, Out: struct {
			Webhook webhookJSON `json:"webhook"`
		}{}},
		"DELETE /api/v1/webhooks/{id}": {Status: http.StatusNoContent},
		"GET /api/v1/webhooks/{id}/deliveries": {Out: struct {
			Deliveries []deliveryJSON `json:"deliveries"`
		}{}},
		"GET /api/v1/sites": {Out: struct {
			Sites []siteJSON `json:"sites"`
		}{}},
		"GET /api/v1/sites/{key}":           {Out: siteOut{}},
		"PUT /api/v1/sites/{key}":           {In: siteRequest{}, Out: siteOut{}},
		"GET /api/v1/sites/{key}/proactive": {Out: proactiveBody{}},
		"PUT /api/v1/sites/{key}/proactive": {In: proactiveBody{}, Out: proactiveBody{}},
	} {
		ops[k] = o
	}
}
