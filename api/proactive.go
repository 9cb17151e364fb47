package api

import (
	"net/http"
	"strings"

	"github.com/parley-chat/parley"
)

type proactiveRuleJSON struct {
	ID               string            `json:"id"`
	Name             string            `json:"name"`
	URLPattern       string            `json:"url_pattern"`
	MinSecondsOnPage int               `json:"min_seconds_on_page"`
	Segments         []string          `json:"segments"`
	Attributes       map[string]string `json:"attributes"`
	Messages         map[string]string `json:"messages"`
	Active           bool              `json:"active"`
}

// proactiveBody is both GET's answer and PUT's body: the whole list.
type proactiveBody struct {
	Rules []proactiveRuleJSON `json:"rules"`
}

func toProactiveJSON(rs []parley.ProactiveRule) proactiveBody {
	out := proactiveBody{Rules: make([]proactiveRuleJSON, len(rs))}
	for i, r := range rs {
		segs := make([]string, len(r.Segments))
		for j, s := range r.Segments {
			segs[j] = string(s)
		}
		out.Rules[i] = proactiveRuleJSON{ID: r.ID, Name: r.Name, URLPattern: r.URLPattern, MinSecondsOnPage: r.MinSecondsOnPage,
			Segments: segs, Attributes: nonNilMap(r.Attributes), Messages: nonNilMap(r.Messages), Active: r.Active}
	}
	return out
}

func (s *Server) getProactive(w http.ResponseWriter, r *http.Request) {
	site, err := s.siteByKey(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rs, err := s.store.ProactiveRules(r.Context(), site.ID)
	s.respond(w, r, err, http.StatusOK, toProactiveJSON(rs))
}

// putProactive replaces the list; a rule without an id gets a new one.
func (s *Server) putProactive(w http.ResponseWriter, r *http.Request) {
	req, ok := decode[proactiveBody](s, w, r)
	if !ok {
		return
	}
	site, err := s.siteByKey(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rs := make([]parley.ProactiveRule, len(req.Rules))
	for i, j := range req.Rules {
		rule := parley.ProactiveRule{ID: strings.TrimSpace(j.ID), Name: strings.TrimSpace(j.Name), URLPattern: strings.TrimSpace(j.URLPattern),
			MinSecondsOnPage: j.MinSecondsOnPage, Attributes: j.Attributes, Messages: j.Messages, Active: j.Active}
		if rule.ID == "" {
			rule.ID = parley.NewID()
		}
		for _, seg := range j.Segments {
			rule.Segments = append(rule.Segments, parley.Segment(strings.TrimSpace(seg)))
		}
		if len(rule.Attributes) == 0 {
			rule.Attributes = nil
		}
		rs[i] = rule
	}
	if err := parley.ValidateProactive(rs); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.PutProactiveRules(r.Context(), site.ID, rs); err != nil {
		s.fail(w, r, err)
		return
	}
	stored, err := s.store.ProactiveRules(r.Context(), site.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := toProactiveJSON(stored)
	s.audit(r, "site.proactive.update", site.Key, out)
	writeJSON(w, http.StatusOK, out)
}
