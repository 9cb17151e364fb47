package api

import (
	"context"
	"net/http"

	"github.com/parley-chat/parley"
)

// AdminStore is what the admin routes change besides articles.
type AdminStore interface {
	Intents(ctx context.Context, siteID string) ([]parley.Intent, error)
	Intent(ctx context.Context, id string) (parley.Intent, error)
	PutIntent(ctx context.Context, in parley.Intent) (parley.Intent, error)
	DeleteIntent(ctx context.Context, id string) error
	BotSettings(ctx context.Context, siteID string) (parley.BotSettings, error)
	PutBotSettings(ctx context.Context, siteID string, s parley.BotSettings) error
	RecentQuestions(ctx context.Context, siteID string, limit int) ([]parley.Question, error)

	Teams(ctx context.Context) ([]parley.Team, error)
	PutTeam(ctx context.Context, t parley.Team) (parley.Team, error)
	DeleteTeam(ctx context.Context, key string) error
	SLAPolicies(ctx context.Context) ([]parley.SLAPolicy, error)
	PutSLAPolicies(ctx context.Context, ps []parley.SLAPolicy) error

	Agents(ctx context.Context) ([]parley.Agent, error)
	CreateAgent(ctx context.Context, a parley.Agent, passwordHash []byte) (parley.Agent, error)
	UpdateAgent(ctx context.Context, a parley.Agent) (parley.Agent, error)
	SetAgentPassword(ctx context.Context, id string, hash []byte) error
	// SetAgentState enables, disables or deletes an agent, ending its
	// sessions and revoking the API tokens it created.
	SetAgentState(ctx context.Context, id string, state parley.AgentState) (parley.Agent, error)
}

// Curator is the bot's knowledge as admins curate it (librarian.Librarian).
type Curator interface {
	// Simulate says what the bot would do with text, against the published
	// knowledge or, with drafts, against every article.
	Simulate(ctx context.Context, siteID, text, locale string, drafts bool) (parley.Decision, string, []parley.SearchHit, error)
	// Changed asks for the published knowledge to be rebuilt now.
	Changed()
	// ChosenThreshold is the threshold the site's published knowledge
	// chose for itself (0: none built yet).
	ChosenThreshold(siteID string) float64
}

// Answers of the admin lists.
type (
	intentsOut = struct {
		Intents []intentJSON `json:"intents"`
	}
	teamsOut = struct {
		Teams []teamJSON `json:"teams"`
	}
	agentsOut = struct {
		Agents []agentJSON `json:"agents"`
	}
)

// adminRoutes: bot test and settings, intents, teams, SLA, agents, audit.
func (s *Server) adminRoutes() []Route {
	admin := parley.RoleAdmin
	return []Route{
		{"POST", "/api/v1/bot/test", admin, "What the bot would do with a question (published or draft KB)", s.botTest, op{Query: siteQuery, In: botTestInput{}, Out: simulationJSON{}}},
		{"POST", "/api/v1/bot/replay", admin, "Replay recent visitor questions against the draft KB", s.botReplay, op{Query: siteQuery, In: replayInput{}, Out: replayOut{}}},
		{"GET", "/api/v1/settings/bot", admin, "A site's bot settings", s.getBotSettings, op{Query: siteQuery, Out: botSettingsJSON{}}},
		{"PUT", "/api/v1/settings/bot", admin, "Change a site's bot settings", s.putBotSettings, op{Query: siteQuery, In: botSettingsJSON{}, Out: botSettingsJSON{}}},
		{"GET", "/api/v1/intents", admin, "Admin-defined intents", s.listIntents, op{Query: siteQuery, Out: intentsOut{}}},
		{"POST", "/api/v1/intents", admin, "Create an intent", s.createIntent, op{Query: siteQuery, In: intentInput{}, Out: intentOut{}, Status: http.StatusCreated}},
		{"PUT", "/api/v1/intents/{id}", admin, "Change an intent", s.updateIntent, op{In: intentInput{}, Out: intentOut{}}},
		{"DELETE", "/api/v1/intents/{id}", admin, "Delete an intent", s.deleteIntent, op{Status: http.StatusNoContent}},
		{"GET", "/api/v1/teams", parley.RoleAgent, "Teams and their business hours", s.listTeams, op{Out: teamsOut{}}},
		{"PUT", "/api/v1/teams/{key}", admin, "Create or change a team", s.putTeam, op{In: teamInput{}, Out: teamOut{}}},
		{"DELETE", "/api/v1/teams/{key}", admin, "Delete a team", s.deleteTeam, op{Status: http.StatusNoContent}},
		{"GET", "/api/v1/sla-policies", admin, "SLA policies", s.listSLA, op{Out: slaOut{}}},
		{"PUT", "/api/v1/sla-policies", admin, "Replace the SLA policies", s.putSLA, op{In: slaInput{}, Out: slaOut{}}},
		{"GET", "/api/v1/agents", admin, "Agents and admins", s.listAgents, op{Out: agentsOut{}}},
		{"POST", "/api/v1/agents", admin, "Create an agent or admin", s.createAgent, op{In: agentInput{}, Out: agentOut{}, Status: http.StatusCreated}},
		{"PUT", "/api/v1/agents/{id}", admin, "Change, disable or enable an agent", s.updateAgent, op{In: agentInput{}, Out: agentOut{}}},
		{"DELETE", "/api/v1/agents/{id}", admin, "Delete an agent (kept as the author of its history)", s.deleteAgent, op{Status: http.StatusNoContent}},
		{"GET", "/api/v1/audit", admin, "The audit trail, newest first", s.listAudit, op{Query: []string{"before", "limit"}, Out: auditOut{}}},
	}
}
