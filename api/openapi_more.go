package api

import "github.com/parley-chat/parley/report"

// The shapes of the reports', integrations' and sites' routes.
func init() {
	rq := []string{"from", "to", "site", "team", "language", "segment", "format"}
	for k, o := range map[string]op{
		"GET /api/v1/reports/summary": {Query: rq, Out: report.Summary{}},
		"GET /api/v1/reports/daily":   {Query: rq, Out: struct{ Days []report.Day `json:"days"` }{}},
		"GET /api/v1/reports/hours":   {Query: rq, Out: struct{ Hours []report.Hour `json:"hours"` }{}},
		"GET /api/v1/reports/gaps":    {Query: append(rq, "limit"), Out: struct{ Gaps []report.Gap `json:"gaps"` }{}},
	} {
		ops[k] = o
	}
}
