package api

import (
	"net/http"

	"github.com/parley-chat/parley"
)

// The bot's name per site: agents read every site's (the console names bot
// messages with it), admins set one (empty: parley.DefaultBotName). The
// widget gets it in welcome.site.bot_name.
type botJSON struct {
	SiteID  string `json:"site_id"`
	SiteKey string `json:"site_key"`
	Name    string `json:"name"`
}

type botNameRequest struct {
	Name string `json:"name"`
}

type botsOut = struct {
	Bots []botJSON `json:"bots"`
}

func (s *Server) botRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/bots", parley.RoleAgent, "Every site's bot name (the default when a site has none)", s.listBots, op{Out: botsOut{}}},
		{"PUT", "/api/v1/sites/{key}/bot", parley.RoleAdmin, "Name a site's bot (empty: the default, Assistant)", s.putBot,
			op{In: botNameRequest{}, Out: botJSON{}}},
	}
}

func toBotJSON(site parley.Site) botJSON {
	return botJSON{SiteID: site.ID, SiteKey: site.Key, Name: site.Bot()}
}

func (s *Server) listBots(w http.ResponseWriter, r *http.Request) {
	sites, err := s.store.Sites(r.Context())
	s.respond(w, r, err, http.StatusOK, map[string]any{"bots": each(sites, toBotJSON)})
}

func (s *Server) putBot(w http.ResponseWriter, r *http.Request) {
	req, ok := decode[botNameRequest](s, w, r)
	if !ok {
		return
	}
	name, err := parley.CleanBotName(req.Name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	site, err := s.store.SiteByKey(r.Context(), r.PathValue("key"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	site.BotName = name
	if err := s.store.UpdateSite(r.Context(), site); err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, "site.bot", site.Key, map[string]any{"bot_name": name})
	writeJSON(w, http.StatusOK, toBotJSON(site))
}
