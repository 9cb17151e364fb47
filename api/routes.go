package api

import (
	"net/http"

	"github.com/parley-chat/parley"
)

// Route is one API call: the OpenAPI document and its sync test read the
// same table the mux is built from, so neither can drift from the other.
type Route struct {
	Method  string
	Pattern string      // net/http pattern, e.g. /api/v1/articles/{id}
	Role    parley.Role // least role allowed; "" is public
	Summary string
	handler http.HandlerFunc
}

// Routes lists every route, grouped by the file that serves them.
func (s *Server) Routes() []Route {
	var out []Route
	for _, group := range [][]Route{
		s.authRoutes(),
		s.conversationRoutes(),
		s.searchRoutes(),
		s.articleRoutes(),
		s.adminRoutes(),
		s.reportRoutes(),
		s.integrationRoutes(),
		s.siteRoutes(),
	} {
		out = append(out, group...)
	}
	return out
}

func (s *Server) authRoutes() []Route {
	return []Route{
		{"POST", "/api/v1/auth/login", "", "Sign in; sets the session cookie and returns a bearer token", s.login},
		{"POST", "/api/v1/auth/logout", "", "Sign out: forget the session", s.logout},
		{"POST", "/api/v1/auth/logout-everywhere", parley.RoleAgent, "Sign out everywhere: end every session of the signed-in person", s.logoutEverywhere},
		{"GET", "/api/v1/me", parley.RoleAgent, "The signed-in agent", s.me},
		{"GET", "/api/v1/openapi.json", "", "This API's OpenAPI 3.1 document", s.openAPI},
	}
}

func (s *Server) conversationRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/conversations", parley.RoleAgent, "List conversations by mode", s.listConversations},
		{"GET", "/api/v1/conversations/{id}", parley.RoleAgent, "One conversation with messages and decisions", s.getConversation},
		{"POST", "/api/v1/conversations/{id}/assign", parley.RoleAgent, "Assign (empty agent_id: to me)", s.assign},
		{"POST", "/api/v1/conversations/{id}/messages", parley.RoleAgent, "Reply or add an internal note", s.postMessage},
		{"POST", "/api/v1/conversations/{id}/transfer", parley.RoleAgent, "Transfer to a team", s.transfer},
		{"POST", "/api/v1/conversations/{id}/resolve", parley.RoleAgent, "Resolve; the visitor is asked for CSAT", s.resolve},
	}
}

func (s *Server) articleRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/articles", parley.RoleAgent, "List articles (agents see published ones)", s.listArticles},
		{"POST", "/api/v1/articles", parley.RoleAdmin, "Create an article (a draft unless status says otherwise)", s.createArticle},
		{"GET", "/api/v1/articles/export", parley.RoleAdmin, "Export articles as CSV or a zip of Markdown files", s.exportArticles},
		{"POST", "/api/v1/articles/import", parley.RoleAdmin, "Import articles from CSV or a zip of Markdown files", s.importArticles},
		{"GET", "/api/v1/articles/{id}", parley.RoleAgent, "One article (admins: with its translations)", s.getArticle},
		{"PUT", "/api/v1/articles/{id}", parley.RoleAdmin, "Change an article's content", s.updateArticle},
		{"DELETE", "/api/v1/articles/{id}", parley.RoleAdmin, "Delete an article and its history", s.deleteArticle},
		{"POST", "/api/v1/articles/{id}/publish", parley.RoleAdmin, "Publish: the bot answers from it", s.publishArticle},
		{"POST", "/api/v1/articles/{id}/unpublish", parley.RoleAdmin, "Unpublish: back to draft", s.unpublishArticle},
		{"GET", "/api/v1/articles/{id}/versions", parley.RoleAdmin, "Every version, newest first", s.articleVersions},
		{"POST", "/api/v1/articles/{id}/restore", parley.RoleAdmin, "Save an earlier version's content as the newest", s.restoreArticle},
	}
}
