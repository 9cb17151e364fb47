package api

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/parley-chat/parley"
)

// SiteStore is what the site routes read and change.
type SiteStore interface {
	Sites(ctx context.Context) ([]parley.Site, error)
	SiteByKey(ctx context.Context, key string) (parley.Site, error)
	// EnsureSite stores s unless its key is taken, and returns the site
	// stored under the key either way.
	EnsureSite(ctx context.Context, s parley.Site) (parley.Site, error)
	UpdateSite(ctx context.Context, s parley.Site) error
	ProactiveRules(ctx context.Context, siteID string) ([]parley.ProactiveRule, error)
	PutProactiveRules(ctx context.Context, siteID string, rules []parley.ProactiveRule) error
}

// siteRoutes: per-site settings and proactive message rules.
func (s *Server) siteRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/sites", parley.RoleAdmin, "List sites with their widget settings (never the identity secret)", s.listSites, op{Out: sitesOut{}}},
		{"POST", "/api/v1/sites", parley.RoleAdmin, "Create a site (409 if the key is taken)", s.createSite, op{In: createSiteRequest{}, Status: http.StatusCreated, Out: siteOut{}}},
		{"GET", "/api/v1/sites/{key}", parley.RoleAdmin, "One site's settings", s.getSite, op{Out: siteOut{}}},
		{"PUT", "/api/v1/sites/{key}", parley.RoleAdmin, "Change a site's settings; an empty identity_secret keeps the stored one", s.putSite, op{In: siteRequest{}, Out: siteOut{}}},
		{"GET", "/api/v1/sites/{key}/proactive", parley.RoleAdmin, "A site's proactive message rules", s.getProactive, op{Out: proactiveBody{}}},
		{"PUT", "/api/v1/sites/{key}/proactive", parley.RoleAdmin, "Replace a site's proactive message rules", s.putProactive, op{In: proactiveBody{}, Out: proactiveBody{}}},
	}
}

type themeJSON struct {
	Color    string `json:"color"`
	Position string `json:"position"`
}

// siteSettings are what GET shows and PUT replaces alike.
type siteSettings struct {
	Name             string            `json:"name"`
	AllowedOrigins   []string          `json:"allowed_origins"`
	IdentityRequired bool              `json:"identity_required"`
	Theme            themeJSON         `json:"theme"`
	Greetings        map[string]string `json:"greetings"`
	Away             map[string]string `json:"away"`
}

// siteJSON is a site as the API shows it: the identity secret is
// write-only, so only whether one is set is shown.
type siteJSON struct {
	ID  string `json:"id"`
	Key string `json:"key"`
	siteSettings
	IdentitySecretSet bool      `json:"identity_secret_set"`
	CreatedAt         time.Time `json:"created_at"`
}

func toSiteJSON(s parley.Site) siteJSON {
	return siteJSON{ID: s.ID, Key: s.Key, IdentitySecretSet: s.IdentitySecret != "", CreatedAt: s.CreatedAt,
		siteSettings: siteSettings{Name: s.Name, AllowedOrigins: nonNil(s.AllowedOrigins), IdentityRequired: s.IdentityRequired,
			Theme:     themeJSON{Color: s.Theme.Color, Position: s.Theme.Position},
			Greetings: nonNilMap(s.Greetings), Away: nonNilMap(s.Away)}}
}

// siteRequest is PUT's body. Every field replaces the stored one except
// identity_secret, which an empty or absent value keeps.
type siteRequest struct {
	siteSettings
	IdentitySecret string `json:"identity_secret"`
}

// createSiteRequest is POST's body: a key, then the settings PUT takes.
type createSiteRequest struct {
	Key string `json:"key"`
	siteRequest
}

type siteOut struct {
	Site siteJSON `json:"site"`
}

type sitesOut = struct {
	Sites []siteJSON `json:"sites"`
}

func (s *Server) listSites(w http.ResponseWriter, r *http.Request) {
	all, err := s.store.Sites(r.Context())
	s.respond(w, r, err, http.StatusOK, sitesOut{each(all, toSiteJSON)})
}

// siteByKey resolves {key}.
func (s *Server) siteByKey(r *http.Request) (parley.Site, error) {
	key := r.PathValue("key")
	site, err := s.store.SiteByKey(r.Context(), key)
	if errors.Is(err, parley.ErrNotFound) {
		hint := ""
		if r.Method == http.MethodPut {
			hint = ": create it with POST /api/v1/sites"
		}
		err = parley.Errorf(parley.ENOTFOUND, "no site with key %q%s", key, hint)
	}
	return site, err
}

func (s *Server) getSite(w http.ResponseWriter, r *http.Request) {
	site, err := s.siteByKey(r)
	s.respond(w, r, err, http.StatusOK, siteOut{toSiteJSON(site)})
}

func (s *Server) putSite(w http.ResponseWriter, r *http.Request) {
	req, ok := decode[siteRequest](s, w, r)
	if !ok {
		return
	}
	site, err := s.siteByKey(r)
	if err == nil && (req.IdentitySecret != "" || req.IdentityRequired != site.IdentityRequired) {
		err = personOnly(r, "change how visitors' identities are verified")
	}
	if err == nil {
		site, err = req.apply(site)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.UpdateSite(r.Context(), site); err != nil {
		s.fail(w, r, err)
		return
	}
	stored, err := s.store.SiteByKey(r.Context(), site.Key)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := toSiteJSON(stored)
	s.audit(r, "site.update", site.Key, siteAudit(out, req.IdentitySecret != ""))
	writeJSON(w, http.StatusOK, siteOut{out})
}

// createSite: POST /api/v1/sites. The key is checked (parley.ValidSiteKey),
// then the settings as PUT checks them; a taken key is a 409 and leaves
// the site as it was.
func (s *Server) createSite(w http.ResponseWriter, r *http.Request) {
	var req createSiteRequest
	err := readJSON(r, &req)
	if err == nil {
		req.Key = strings.TrimSpace(req.Key)
		err = parley.ValidSiteKey(req.Key)
	}
	if err == nil && (req.IdentitySecret != "" || req.IdentityRequired) {
		err = personOnly(r, "set how visitors' identities are verified")
	}
	var site parley.Site
	if err == nil {
		site, err = req.apply(parley.Site{ID: parley.NewID(), Key: req.Key})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	stored, err := s.store.EnsureSite(r.Context(), site)
	if err == nil && stored.ID != site.ID {
		err = parley.Errorf(parley.ECONFLICT, "a site with key %q exists: change it with PUT /api/v1/sites/%s", site.Key, site.Key)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := toSiteJSON(stored)
	s.audit(r, "site.create", stored.Key, siteAudit(out, req.IdentitySecret != ""))
	writeJSON(w, http.StatusCreated, siteOut{out})
}

// apply puts the request's settings on site and validates the result;
// an empty identity secret keeps the stored one.
func (req siteRequest) apply(site parley.Site) (parley.Site, error) {
	site.Name, site.IdentityRequired = strings.TrimSpace(req.Name), req.IdentityRequired
	site.AllowedOrigins = nil
	for _, o := range req.AllowedOrigins {
		if o = strings.TrimSpace(o); o != "" {
			site.AllowedOrigins = append(site.AllowedOrigins, o)
		}
	}
	if req.IdentitySecret != "" {
		site.IdentitySecret = req.IdentitySecret
	}
	site.Theme = parley.Theme{Color: strings.TrimSpace(req.Theme.Color), Position: req.Theme.Position}
	site.Greetings, site.Away = req.Greetings, req.Away
	if site.IdentityRequired && site.IdentitySecret == "" {
		return site, parley.Errorf(parley.EINVALID, "identity_required needs an identity_secret to verify identities with")
	}
	return site, site.Validate()
}

// siteAudit is what the audit trail keeps of a site's settings: never the
// identity secret, only whether it was set.
func siteAudit(out siteJSON, secretChanged bool) map[string]any {
	return map[string]any{"name": out.Name, "allowed_origins": out.AllowedOrigins,
		"identity_secret_changed": secretChanged, "identity_required": out.IdentityRequired,
		"theme": out.Theme, "greetings": out.Greetings, "away": out.Away}
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
