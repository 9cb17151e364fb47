package api

import (
	"cmp"
	"net/http"
	"slices"

	"github.com/parley-chat/parley"
)

type botTestInput struct {
	Text   string `json:"text"`
	Drafts bool   `json:"drafts"`
	Locale string `json:"locale"`
}

type hitJSON struct {
	ID       string  `json:"id"`
	Slug     string  `json:"slug"`
	Title    string  `json:"title"`
	Language string  `json:"language"`
	Status   string  `json:"status"`
	Score    float64 `json:"score"`
}

type simulationJSON struct {
	Language      string    `json:"language"`
	Intent        string    `json:"intent"`
	Confidence    float64   `json:"confidence"`
	Urgency       string    `json:"urgency"`
	Frustrated    bool      `json:"frustrated"`
	Action        string    `json:"action"`
	HandoffReason string    `json:"handoff_reason"`
	Team          string    `json:"team"`
	Reasons       []string  `json:"reasons"`
	Reply         string    `json:"reply"`
	Answered      []string  `json:"answered"` // slugs of the articles the reply uses
	Articles      []hitJSON `json:"articles"`
	Knowledge     string    `json:"knowledge"` // published or drafts
}

// maxQuestion bounds a test question like a visitor message.
const maxQuestion = 4000

// botTest: POST /api/v1/bot/test — what the bot would do, and why.
func (s *Server) botTest(w http.ResponseWriter, r *http.Request) {
	var in botTestInput
	site, err := s.site(r)
	if err == nil {
		err = readJSON(r, &in)
	}
	if err == nil && (in.Text == "" || len(in.Text) > maxQuestion) {
		err = parley.Errorf(parley.EINVALID, "text must have 1–%d bytes", maxQuestion)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sim, err := s.simulate(r, site.ID, in.Text, in.Locale, in.Drafts)
	s.respond(w, r, err, http.StatusOK, sim)
}

func (s *Server) simulate(r *http.Request, siteID, text, locale string, drafts bool) (simulationJSON, error) {
	d, reply, hits, err := s.cfg.Curator.Simulate(r.Context(), siteID, text, locale, drafts)
	if err != nil {
		return simulationJSON{}, err
	}
	out := simulationJSON{Language: d.Language, Intent: d.Intent, Confidence: d.Confidence, Urgency: string(d.Urgency),
		Frustrated: d.Frustrated, Action: string(d.Action), HandoffReason: d.HandoffReason, Team: d.Team,
		Reasons: nonNil(d.Reasons), Reply: reply, Answered: []string{}, Articles: []hitJSON{},
		Knowledge: map[bool]string{false: "published", true: "drafts"}[drafts]}
	for _, a := range d.Articles {
		out.Answered = append(out.Answered, a.Slug)
	}
	for _, h := range hits {
		out.Articles = append(out.Articles, hitJSON{h.Article.ID, h.Article.Slug, h.Article.Title, h.Article.Language,
			string(h.Article.Status), h.Score})
	}
	return out, nil
}

type replayInput struct {
	Limit int `json:"limit"`
}

type outcomeJSON struct {
	Action     string   `json:"action"`
	Intent     string   `json:"intent"`
	Confidence float64  `json:"confidence"`
	Answered   []string `json:"answered"`
}

type replayChange struct {
	ConversationID string      `json:"conversation_id"`
	Question       string      `json:"question"`
	Before         outcomeJSON `json:"before"`
	After          outcomeJSON `json:"after"`
}

// botReplay: POST /api/v1/bot/replay — the last N visitor questions run
// against the published KB (before) and the drafts (after); the answer
// lists those whose action or answering articles differ.
func (s *Server) botReplay(w http.ResponseWriter, r *http.Request) {
	var in replayInput
	site, err := s.site(r)
	if err == nil {
		err = readJSON(r, &in)
	}
	if err == nil && (in.Limit < 0 || in.Limit > 500) {
		err = parley.Errorf(parley.EINVALID, "limit must be 1–500 (0: 50)")
	}
	var qs []parley.Question
	if err == nil {
		qs, err = s.store.RecentQuestions(r.Context(), site.ID, cmp.Or(in.Limit, 50))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	changed := []replayChange{}
	for _, q := range qs {
		locale := q.Decision.Language
		before, err := s.simulate(r, site.ID, q.Text, locale, false)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		after, err := s.simulate(r, site.ID, q.Text, locale, true)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		b, a := outcomeOf(before), outcomeOf(after)
		if b.Action != a.Action || !slices.Equal(b.Answered, a.Answered) || b.Intent != a.Intent {
			changed = append(changed, replayChange{q.ConversationID, q.Text, b, a})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"questions": len(qs), "changed": changed, "unchanged": len(qs) - len(changed)})
}

func outcomeOf(s simulationJSON) outcomeJSON {
	return outcomeJSON{Action: s.Action, Intent: s.Intent, Confidence: s.Confidence, Answered: s.Answered}
}
