package api

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

// window is the last 30 days and the next, around the fixture's data.
var window = "from=" + time.Now().UTC().AddDate(0, 0, -30).Format(time.RFC3339) +
	"&to=" + time.Now().UTC().AddDate(0, 0, 1).Format(time.RFC3339)

func TestReportRoles(t *testing.T) {
	f := newFixture(t)
	agent, admin := f.login(t, "ana@example.com"), f.login(t, "root@example.com")
	for _, path := range []string{"summary", "daily", "hours", "gaps"} {
		url := "/api/v1/reports/" + path + "?" + window
		if path == "daily" { // a short window: one entry per day
			url = "/api/v1/reports/daily?from=2030-01-01T00:00:00Z&to=2030-01-03T00:00:00Z"
		}
		if st, out := f.call(t, "GET", url, "", nil); st != 401 || errCode(out) != "unauthorized" {
			t.Errorf("%s signed out: %d %v", path, st, out)
		}
		if st, out := f.call(t, "GET", url, agent, nil); st != 403 || errCode(out) != "forbidden" {
			t.Errorf("%s as an agent: %d %v", path, st, out)
		}
		if st, out := f.call(t, "GET", url, admin, nil); st != 200 {
			t.Errorf("%s as an admin: %d %v", path, st, out)
		}
	}
}

func TestReportSummary(t *testing.T) {
	f := newFixture(t)
	admin := f.login(t, "root@example.com")
	st, out := f.call(t, "GET", "/api/v1/reports/summary?site=demo&"+window, admin, nil)
	if st != 200 {
		t.Fatalf("summary: %d %v", st, out)
	}
	// The fixture's one conversation: a visitor message, handed off.
	if out["conversations"] != 1.0 || out["handoff_rate"] != 1.0 || out["bot_containment_rate"] != 0.0 {
		t.Errorf("summary: %v", out)
	}
	for _, k := range []string{"first_response_p50_s", "first_response_p90_s", "resolution_p50_s", "csat", "nps", "false_answer_rate"} {
		if v, ok := out[k]; !ok || v != nil {
			t.Errorf("%s = %v (present %v), want null: no data", k, v, ok)
		}
	}
	if r, _ := out["handoffs_by_reason"].(map[string]any); r["human_requested"] != 1.0 {
		t.Errorf("handoffs_by_reason = %v", out["handoffs_by_reason"])
	}
	if st, out := f.call(t, "GET", "/api/v1/reports/summary?site=nope&"+window, admin, nil); st != 404 {
		t.Errorf("unknown site: %d %v", st, out)
	}
}

func TestReportBadQuery(t *testing.T) {
	f := newFixture(t)
	admin := f.login(t, "root@example.com")
	for _, c := range []struct{ query, want string }{
		{"from=yesterday&to=2040-01-01T00:00:00Z", `from "yesterday" is not an RFC 3339 time`},
		{"from=2030-01-01&to=2040-01-01T00:00:00Z", `from "2030-01-01" is not an RFC 3339 time`},
		{"to=2040-01-01T00:00:00Z", "from is required"},
		{"from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z", "must be after from"},
		{"from=2000-01-01T00:00:00Z&to=2040-01-01T00:00:00Z", "longer than"},
		{window + "&format=xml", `format "xml"`},
		{window + "&sight=demo", `unknown query parameter "sight"`},
	} {
		st, out := f.call(t, "GET", "/api/v1/reports/summary?"+c.query, admin, nil)
		msg, _ := out["error"].(map[string]any)["message"].(string)
		if st != 400 || !strings.Contains(msg, c.want) {
			t.Errorf("%s: %d %q, want 400 saying %q", c.query, st, msg, c.want)
		}
	}
	if st, out := f.call(t, "GET", "/api/v1/reports/gaps?limit=0&"+window, admin, nil); st != 400 {
		t.Errorf("gaps limit=0: %d %v", st, out)
	}
}

func TestReportCSV(t *testing.T) {
	f := newFixture(t)
	admin := f.login(t, "root@example.com")
	heads := map[string]string{
		"summary": "metric,value",
		"daily":   "date,conversations,first_response_p50_s,first_response_p90_s,resolution_p50_s,csat,nps,bot_containment_rate,handoff_rate,false_answer_rate,sla_breaches,handoffs",
		"hours":   "weekday,hour,messages",
		"gaps":    "question,count,language,conversation_ids",
	}
	for path, head := range heads {
		req, _ := http.NewRequest("GET", f.srv.URL+"/api/v1/reports/"+path+"?format=csv&"+window, nil)
		req.Header.Set("Authorization", "Bearer "+admin)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(resp.Body).ReadAll()
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || err != nil || len(rows) == 0 {
			t.Fatalf("%s csv: %d %s %v", path, resp.StatusCode, resp.Header.Get("Content-Type"), err)
		}
		if got := strings.Join(rows[0], ","); got != head {
			t.Errorf("%s csv header %q, want %q", path, got, head)
		}
		if path == "hours" && len(rows) != 1+7*24 {
			t.Errorf("hours csv: %d rows, want a header and 168", len(rows))
		}
	}
}

// The help center's votes per article and language, for admins; filters
// that cannot apply are refused.
func TestReportArticleVotes(t *testing.T) {
	f := newFixture(t)
	admin := f.login(t, "root@example.com")
	site, err := f.db.SiteByKey(t.Context(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	for _, helpful := range []bool{true, true, false} {
		if err := f.db.RecordArticleVote(t.Context(), parley.ArticleVote{SiteID: site.ID, Slug: "reset-password", Language: "fa", Helpful: helpful}); err != nil {
			t.Fatal(err)
		}
	}
	st, out := f.call(t, "GET", "/api/v1/reports/articles?site=demo&"+window, admin, nil)
	arts, _ := out["articles"].([]any)
	if st != 200 || len(arts) != 1 {
		t.Fatalf("articles: %d %v", st, out)
	}
	a := arts[0].(map[string]any)
	if a["slug"] != "reset-password" || a["language"] != "fa" || a["helpful"] != 2.0 || a["unhelpful"] != 1.0 || a["helpful_rate"] != 2.0/3 {
		t.Errorf("article votes %v", a)
	}
	if _, out := f.call(t, "GET", "/api/v1/reports/articles?language=en&"+window, admin, nil); len(out["articles"].([]any)) != 0 {
		t.Errorf("language=en: %v", out)
	}
	if st, out := f.call(t, "GET", "/api/v1/reports/articles?team=l1&"+window, admin, nil); st != 400 || !strings.Contains(out["error"].(map[string]any)["message"].(string), "no team or segment") {
		t.Errorf("team filter: %d %v", st, out)
	}
	if st, _ := f.call(t, "GET", "/api/v1/reports/articles?"+window, f.login(t, "ana@example.com"), nil); st != 403 {
		t.Errorf("as an agent: %d", st)
	}
}
