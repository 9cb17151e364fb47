package api

import (
	"context"
	"io"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/internal/csvsafe"
	"github.com/parley-chat/parley/report"
)

// ReportStore is what the report routes read: the store's aggregates and
// the site a ?site= key names.
type ReportStore interface {
	report.Store
	SiteByKey(ctx context.Context, key string) (parley.Site, error)
}

// reportQuery names the report routes' query parameters (reportQuery
// reads them); gaps also take a limit.
var (
	reportQuery     = []string{"from", "to", "site", "team", "language", "segment", "format"}
	reportGapsQuery = append(slices.Clone(reportQuery), "limit")
)

type (
	reportDaysOut = struct {
		Days []report.Day `json:"days"`
	}
	reportHoursOut = struct {
		Hours []report.Hour `json:"hours"`
	}
	reportGapsOut = struct {
		Gaps []report.Gap `json:"gaps"`
	}
	reportArticlesOut = struct {
		Articles []articleVotesJSON `json:"articles"`
	}
)

// reportRoutes: the numbers (reports.go).
func (s *Server) reportRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/reports/summary", parley.RoleAdmin, "The window's figures: response times, CSAT, NPS, containment, handoffs, gaps, SLA breaches", s.reportSummary, op{Query: reportQuery, Out: report.Summary{}}},
		{"GET", "/api/v1/reports/daily", parley.RoleAdmin, "The same figures per UTC day", s.reportDaily, op{Query: reportQuery, Out: reportDaysOut{}}},
		{"GET", "/api/v1/reports/hours", parley.RoleAdmin, "Visitor messages by weekday and UTC hour", s.reportHours, op{Query: reportQuery, Out: reportHoursOut{}}},
		{"GET", "/api/v1/reports/gaps", parley.RoleAdmin, "Questions the bot could not answer, grouped, with example conversations", s.reportGaps, op{Query: reportGapsQuery, Out: reportGapsOut{}}},
		{"GET", "/api/v1/reports/articles", parley.RoleAdmin, "Help-center readers' \"was this helpful?\" votes per article and language", s.reportArticles, op{Query: reportQuery, Out: reportArticlesOut{}}},
	}
}

// Gap list limits for GET /reports/gaps?limit=.
const (
	defaultGaps = 50
	maxGaps     = 500
)

var reportParams = map[string]bool{"from": true, "to": true, "site": true, "team": true, "language": true,
	"segment": true, "format": true, "limit": true}

// reportQuery reads from, to, the filters and format (json or csv).
func (s *Server) reportQuery(r *http.Request) (report.Query, bool, error) {
	v := r.URL.Query()
	for k := range v {
		if !reportParams[k] {
			return report.Query{}, false, parley.Errorf(parley.EINVALID,
				"unknown query parameter %q (reports take from, to, site, team, language, segment, format)", k)
		}
	}
	var q report.Query
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"from", &q.From}, {"to", &q.To}} {
		raw := v.Get(p.name)
		if raw == "" {
			return q, false, parley.Errorf(parley.EINVALID, "%s is required: an RFC 3339 time like 2025-01-31T00:00:00Z", p.name)
		}
		t, err := time.Parse(time.RFC3339, raw)
		if err != nil {
			return q, false, parley.Errorf(parley.EINVALID, "%s %q is not an RFC 3339 time like 2025-01-31T00:00:00Z", p.name, raw)
		}
		*p.dst = t
	}
	if key := v.Get("site"); key != "" {
		site, err := s.store.SiteByKey(r.Context(), key)
		if err != nil {
			return q, false, err
		}
		q.SiteID = site.ID
	}
	q.Team, q.Language, q.Segment = v.Get("team"), v.Get("language"), v.Get("segment")
	csv := false
	switch f := v.Get("format"); f {
	case "", "json":
	case "csv":
		csv = true
	default:
		return q, false, parley.Errorf(parley.EINVALID, "format %q: want json or csv", f)
	}
	return q, csv, q.Validate()
}

// writeCSV answers text/csv from write, or the error.
func (s *Server) writeCSV(w http.ResponseWriter, r *http.Request, name string, write func(w http.ResponseWriter) error) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	if err := write(w); err != nil {
		s.cfg.Log.Error("api: report csv", "path", r.URL.Path, "err", err)
	}
}

func (s *Server) reportSummary(w http.ResponseWriter, r *http.Request) {
	q, csv, err := s.reportQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sum, err := report.ComputeSummary(r.Context(), s.gapReports(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if csv {
		s.writeCSV(w, r, "summary", func(w http.ResponseWriter) error { return report.SummaryCSV(w, sum) })
		return
	}
	writeJSON(w, http.StatusOK, sum)
}

func (s *Server) reportDaily(w http.ResponseWriter, r *http.Request) {
	q, csv, err := s.reportQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	days, err := report.ComputeDaily(r.Context(), s.store, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if csv {
		s.writeCSV(w, r, "daily", func(w http.ResponseWriter) error { return report.DailyCSV(w, days) })
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"days": days})
}

func (s *Server) reportHours(w http.ResponseWriter, r *http.Request) {
	q, csv, err := s.reportQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	hours, err := report.ComputeHours(r.Context(), s.store, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if csv {
		s.writeCSV(w, r, "hours", func(w http.ResponseWriter) error { return report.HoursCSV(w, hours) })
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"hours": hours})
}

func (s *Server) reportGaps(w http.ResponseWriter, r *http.Request) {
	q, csv, err := s.reportQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	limit := defaultGaps
	if raw := r.URL.Query().Get("limit"); raw != "" {
		if limit, err = strconv.Atoi(raw); err != nil || limit < 1 || limit > maxGaps {
			s.fail(w, r, parley.Errorf(parley.EINVALID, "limit %q: want a number from 1 to %d", raw, maxGaps))
			return
		}
	}
	gaps, err := report.ComputeGaps(r.Context(), s.gapReports(), q, limit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if gaps == nil {
		gaps = []report.Gap{}
	}
	if csv {
		s.writeCSV(w, r, "gaps", func(w http.ResponseWriter) error { return report.GapsCSV(w, gaps) })
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"gaps": gaps})
}

// ArticleVoteStore counts the help center's votes; a Reports store without
// it answers the articles report as unavailable.
type ArticleVoteStore interface {
	ArticleVotes(ctx context.Context, siteID string, from, to time.Time) ([]parley.ArticleVotes, error)
}

// articleVotesJSON is one article translation's votes.
type articleVotesJSON struct {
	Slug        string   `json:"slug"`
	Language    string   `json:"language"`
	Helpful     int      `json:"helpful"`
	Unhelpful   int      `json:"unhelpful"`
	HelpfulRate *float64 `json:"helpful_rate"`
}

// reportArticles: the help center's votes. They belong to no conversation,
// so a team or segment filter cannot apply and is refused rather than
// ignored; language filters the article's language.
func (s *Server) reportArticles(w http.ResponseWriter, r *http.Request) {
	q, csv, err := s.reportQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if q.Team != "" || q.Segment != "" {
		s.fail(w, r, parley.Errorf(parley.EINVALID, "article votes come from help-center readers, not conversations: they have no team or segment"))
		return
	}
	st, ok := s.store.(ArticleVoteStore)
	if !ok {
		s.fail(w, r, parley.Errorf(parley.EUNAVAILABLE, "article votes are not kept by this store"))
		return
	}
	votes, err := st.ArticleVotes(r.Context(), q.SiteID, q.From, q.To)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []articleVotesJSON{}
	for _, v := range votes {
		if q.Language != "" && v.Language != q.Language {
			continue
		}
		j := articleVotesJSON{Slug: v.Slug, Language: v.Language, Helpful: v.Helpful, Unhelpful: v.Unhelpful}
		if n := v.Helpful + v.Unhelpful; n > 0 {
			rate := float64(v.Helpful) / float64(n)
			j.HelpfulRate = &rate
		}
		out = append(out, j)
	}
	if csv {
		s.writeCSV(w, r, "articles", func(w http.ResponseWriter) error { return articleVotesCSV(w, out) })
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"articles": out})
}

func articleVotesCSV(w io.Writer, rows []articleVotesJSON) error {
	cw := csvsafe.NewWriter(w)
	cw.Write([]string{"slug", "language", "helpful", "unhelpful", "helpful_rate"})
	for _, v := range rows {
		rate := ""
		if v.HelpfulRate != nil {
			rate = strconv.FormatFloat(*v.HelpfulRate, 'f', 4, 64)
		}
		cw.Write([]string{v.Slug, v.Language, strconv.Itoa(v.Helpful), strconv.Itoa(v.Unhelpful), rate})
	}
	cw.Flush()
	return cw.Error()
}
