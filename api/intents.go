package api

import (
	"context"
	"net/http"
	"time"

	"github.com/parley-chat/parley"
)

type botSettingsJSON struct {
	Threshold float64 `json:"threshold"`
	// ChosenThreshold is read-only: what the bot uses while Threshold is
	// 0, chosen by the site's classifier on its own examples and the
	// shipped out-of-scope questions (null before the first build).
	ChosenThreshold *float64 `json:"chosen_threshold,omitempty"`
	AutomationCap   int      `json:"automation_cap"`
	SkipSegments    []string `json:"skip_segments"`
	BypassUrgency   string   `json:"bypass_urgency"`
}

func (s *Server) getBotSettings(w http.ResponseWriter, r *http.Request) {
	site, err := s.site(r)
	var bs parley.BotSettings
	if err == nil {
		bs, err = s.store.BotSettings(r.Context(), site.ID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := botSettingsJSON{Threshold: bs.Threshold, AutomationCap: bs.AutomationCap, SkipSegments: []string{}, BypassUrgency: string(bs.BypassUrgency)}
	for _, seg := range bs.SkipSegments {
		out.SkipSegments = append(out.SkipSegments, string(seg))
	}
	if s.cfg.Curator != nil {
		if t := s.cfg.Curator.ChosenThreshold(site.ID); t > 0 {
			out.ChosenThreshold = &t
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// putBotSettings replaces the settings; 0 and empty values mean the bot's
// defaults (the threshold the classifier chose, a ceiling of 10 answers in
// a row, critical urgency only).
func (s *Server) putBotSettings(w http.ResponseWriter, r *http.Request) {
	var in botSettingsJSON
	site, err := s.site(r)
	if err == nil {
		err = readJSON(r, &in)
	}
	bs := parley.BotSettings{Threshold: in.Threshold, AutomationCap: in.AutomationCap, BypassUrgency: parley.Urgency(in.BypassUrgency)}
	for _, seg := range in.SkipSegments {
		bs.SkipSegments = append(bs.SkipSegments, parley.Segment(seg))
	}
	if err == nil {
		err = s.store.PutBotSettings(r.Context(), site.ID, bs)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, "settings.bot.update", site.Key, in)
	s.knowledgeChanged()
	s.getBotSettings(w, r)
}

func (s *Server) knowledgeChanged() {
	if s.cfg.Curator != nil {
		s.cfg.Curator.Changed()
	}
}

type intentJSON struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Team      string    `json:"team"`
	HumanOnly bool      `json:"human_only"`
	Phrases   []string  `json:"phrases"`
	UpdatedAt time.Time `json:"updated_at"`
}

func toIntentJSON(in parley.Intent) intentJSON {
	return intentJSON{in.ID, in.Name, in.Team, in.HumanOnly, nonNil(in.Phrases), in.UpdatedAt}
}

func (s *Server) listIntents(w http.ResponseWriter, r *http.Request) {
	site, err := s.site(r)
	var ins []parley.Intent
	if err == nil {
		ins, err = s.store.Intents(r.Context(), site.ID)
	}
	s.respond(w, r, err, http.StatusOK, map[string]any{"intents": each(ins, toIntentJSON)})
}

type intentInput struct {
	Name      string   `json:"name"`
	Team      string   `json:"team"`
	HumanOnly bool     `json:"human_only"`
	Phrases   []string `json:"phrases"`
}

func (s *Server) createIntent(w http.ResponseWriter, r *http.Request) {
	site, err := s.site(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.saveIntent(w, r, parley.Intent{SiteID: site.ID}, http.StatusCreated, "intent.create")
}

func (s *Server) updateIntent(w http.ResponseWriter, r *http.Request) {
	in, err := s.store.Intent(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.saveIntent(w, r, in, http.StatusOK, "intent.update")
}

// saveIntent stores the request's intent over in. An intent may not take
// an article's slug: the classifier would not know which one is meant.
func (s *Server) saveIntent(w http.ResponseWriter, r *http.Request, in parley.Intent, status int, action string) {
	var body intentInput
	err := readJSON(r, &body)
	if err == nil {
		in.Name, in.Team, in.HumanOnly, in.Phrases = body.Name, body.Team, body.HumanOnly, body.Phrases
		var clash []parley.Article
		clash, err = s.store.Articles(r.Context(), in.SiteID, parley.ArticleFilter{Slug: in.Name})
		if err == nil && len(clash) > 0 {
			err = parley.Errorf(parley.ECONFLICT, "%q is an article's slug: give the intent another name", in.Name)
		}
	}
	if err == nil {
		in, err = s.store.PutIntent(r.Context(), in)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, action, in.ID, body)
	s.knowledgeChanged()
	writeJSON(w, status, map[string]any{"intent": toIntentJSON(in)})
}

func (s *Server) deleteIntent(w http.ResponseWriter, r *http.Request) {
	s.remove(w, r, "id", "intent.delete", func(ctx context.Context, id string) error {
		err := s.store.DeleteIntent(ctx, id)
		if err == nil {
			s.knowledgeChanged()
		}
		return err
	})
}
