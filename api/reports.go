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

// answerReport answers a report computed from the request's query: as CSV
// named name when format=csv, else as JSON shown by show.
func answerReport[T any](s *Server, w http.ResponseWriter, r *http.Request, name string,
	compute func(context.Context, report.Query) (T, error), toCSV func(io.Writer, T) error, show func(T) any) {
	q, csv, err := s.reportQuery(r)
	var v T
	if err == nil {
		v, err = compute(r.Context(), q)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !csv {
		writeJSON(w, http.StatusOK, show(v))
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	if err := toCSV(w, v); err != nil {
		s.cfg.Log.Error("api: report csv", "path", r.URL.Path, "err", err)
	}
}

func (s *Server) reportSummary(w http.ResponseWriter, r *http.Request) {
	answerReport(s, w, r, "summary", func(ctx context.Context, q report.Query) (report.Summary, error) {
		return report.ComputeSummary(ctx, s.gapReports(), q)
	}, report.SummaryCSV, func(sum report.Summary) any { return sum })
}

func (s *Server) reportDaily(w http.ResponseWriter, r *http.Request) {
	answerReport(s, w, r, "daily", func(ctx context.Context, q report.Query) ([]report.Day, error) {
		return report.ComputeDaily(ctx, s.store, q)
	}, report.DailyCSV, func(days []report.Day) any { return reportDaysOut{days} })
}

func (s *Server) reportHours(w http.ResponseWriter, r *http.Request) {
	answerReport(s, w, r, "hours", func(ctx context.Context, q report.Query) ([]report.Hour, error) {
		return report.ComputeHours(ctx, s.store, q)
	}, report.HoursCSV, func(hours []report.Hour) any { return reportHoursOut{hours} })
}

func (s *Server) reportGaps(w http.ResponseWriter, r *http.Request) {
	answerReport(s, w, r, "gaps", func(ctx context.Context, q report.Query) ([]report.Gap, error) {
		limit := defaultGaps
		if raw := r.URL.Query().Get("limit"); raw != "" {
			var err error
			if limit, err = strconv.Atoi(raw); err != nil || limit < 1 || limit > maxGaps {
				return nil, parley.Errorf(parley.EINVALID, "limit %q: want a number from 1 to %d", raw, maxGaps)
			}
		}
		gaps, err := report.ComputeGaps(ctx, s.gapReports(), q, limit)
		if err == nil && gaps == nil {
			gaps = []report.Gap{}
		}
		return gaps, err
	}, report.GapsCSV, func(gaps []report.Gap) any { return reportGapsOut{gaps} })
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
	answerReport(s, w, r, "articles", s.articleVotes, articleVotesCSV,
		func(out []articleVotesJSON) any { return reportArticlesOut{out} })
}

func (s *Server) articleVotes(ctx context.Context, q report.Query) ([]articleVotesJSON, error) {
	if q.Team != "" || q.Segment != "" {
		return nil, parley.Errorf(parley.EINVALID, "article votes come from help-center readers, not conversations: they have no team or segment")
	}
	st, ok := s.store.(ArticleVoteStore)
	if !ok {
		return nil, parley.Errorf(parley.EUNAVAILABLE, "article votes are not kept by this store")
	}
	votes, err := st.ArticleVotes(ctx, q.SiteID, q.From, q.To)
	if err != nil {
		return nil, err
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
	return out, nil
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
