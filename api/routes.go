package api

import (
	"net/http"

	"github.com/parley-chat/parley"
)

// Route is one API call: the mux and the OpenAPI document are both built
// from this one table, paths and bodies alike, so neither can drift from
// the other.
type Route struct {
	Method  string
	Pattern string      // net/http pattern, e.g. /api/v1/articles/{id}
	Role    parley.Role // least role allowed; "" is public
	Summary string
	handler http.HandlerFunc
	shape   op // request and response bodies, for the document
}

// Response shapes of lists and compound answers. Aliases of unnamed
// structs, so the document describes them inline, not as components.
type (
	conversationsOut = struct {
		Conversations []conversationJSON `json:"conversations"`
	}
	conversationDetailOut = struct {
		Conversation conversationJSON `json:"conversation"`
		Messages     []messageJSON    `json:"messages"`
		Decisions    []decisionJSON   `json:"decisions"`
	}
	messageOut = struct {
		Message messageJSON `json:"message"`
	}
	versionsOut = struct {
		Versions []articleJSON `json:"versions"`
	}
)

// Routes lists every route, grouped by the file that serves them.
func (s *Server) Routes() []Route {
	var out []Route
	for _, group := range [][]Route{
		s.authRoutes(),
		s.conversationRoutes(),
		s.offerRoutes(),
		s.searchRoutes(),
		s.botRoutes(),
		s.articleRoutes(),
		s.adminRoutes(),
		s.reportRoutes(),
		s.integrationRoutes(),
		s.siteRoutes(),
		s.attachmentRoutes(),
		s.readRoutes(),
	} {
		out = append(out, group...)
	}
	return out
}

func (s *Server) authRoutes() []Route {
	return []Route{
		{"POST", "/api/v1/auth/login", "", "Sign in; sets the session cookie and returns a bearer token", s.login, op{In: loginRequest{}, Out: loginResponse{}}},
		{"POST", "/api/v1/auth/logout", "", "Sign out: forget the session", s.logout, op{Status: http.StatusNoContent}},
		{"POST", "/api/v1/auth/logout-everywhere", parley.RoleAgent, "Sign out everywhere: end every session of the signed-in person", s.logoutEverywhere, op{Status: http.StatusNoContent}},
		{"GET", "/api/v1/me", parley.RoleAgent, "The signed-in agent", s.me, op{Out: agentJSON{}}},
		{"GET", "/api/v1/openapi.json", "", "This API's OpenAPI 3.1 document", s.openAPI, op{Out: map[string]any{}}},
	}
}

func (s *Server) conversationRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/conversations", parley.RoleAgent, "List conversations by mode", s.listConversations, op{Query: []string{"mode", "team", "limit"}, Out: conversationsOut{}}},
		{"GET", "/api/v1/conversations/{id}", parley.RoleAgent, "One conversation with messages and decisions", s.getConversation, op{Out: conversationDetailOut{}}},
		{"POST", "/api/v1/conversations/{id}/assign", parley.RoleAgent, "Assign (empty agent_id: to me)", s.assign, op{In: assignRequest{}, Out: conversationOut{}}},
		{"POST", "/api/v1/conversations/{id}/messages", parley.RoleAgent, "Reply or add an internal note", s.postMessage, op{In: messageRequest{}, Out: messageOut{}, Status: http.StatusCreated}},
		{"POST", "/api/v1/conversations/{id}/transfer", parley.RoleAgent, "Transfer to a team", s.transfer, op{In: transferRequest{}, Out: conversationOut{}}},
		{"POST", "/api/v1/conversations/{id}/resolve", parley.RoleAgent, "Resolve; the visitor is asked for CSAT", s.resolve, op{Out: conversationOut{}}},
	}
}

func (s *Server) articleRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/articles", parley.RoleAgent, "List articles (agents see published ones)", s.listArticles, op{Query: []string{"site", "site_id", "status", "language", "collection", "q"}, Out: articlesOut{}}},
		{"POST", "/api/v1/articles", parley.RoleAdmin, "Create an article (a draft unless status says otherwise)", s.createArticle, op{Query: siteQuery, In: articleInput{}, Out: articleOut{}, Status: http.StatusCreated}},
		{"GET", "/api/v1/articles/export", parley.RoleAdmin, "Export articles as CSV or a zip of Markdown files", s.exportArticles, op{Query: []string{"site", "site_id", "format"}, Raw: "text/csv, application/zip"}},
		{"POST", "/api/v1/articles/import", parley.RoleAdmin, "Import articles from CSV or a zip of Markdown files", s.importArticles, op{Query: siteQuery, Raw: "text/csv, application/zip", Out: importOut{}}},
		{"GET", "/api/v1/articles/{id}", parley.RoleAgent, "One article (admins: with its translations)", s.getArticle, op{Out: articleOut{}}},
		{"PUT", "/api/v1/articles/{id}", parley.RoleAdmin, "Change an article's content", s.updateArticle, op{In: articleInput{}, Out: articleOut{}}},
		{"DELETE", "/api/v1/articles/{id}", parley.RoleAdmin, "Delete an article and its history", s.deleteArticle, op{Status: http.StatusNoContent}},
		{"POST", "/api/v1/articles/{id}/publish", parley.RoleAdmin, "Publish: the bot answers from it", s.publishArticle, op{Out: articleOut{}}},
		{"POST", "/api/v1/articles/{id}/unpublish", parley.RoleAdmin, "Unpublish: back to draft", s.unpublishArticle, op{Out: articleOut{}}},
		{"GET", "/api/v1/articles/{id}/versions", parley.RoleAdmin, "Every version, newest first", s.articleVersions, op{Out: versionsOut{}}},
		{"POST", "/api/v1/articles/{id}/restore", parley.RoleAdmin, "Save an earlier version's content as the newest", s.restoreArticle, op{In: restoreInput{}, Out: articleOut{}}},
	}
}
