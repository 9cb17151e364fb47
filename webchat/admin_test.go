package webchat_test

import (
	"strings"
	"testing"
)

// An agent who signs in at /admin is told the pages are for admins, and
// the page asks the server for no settings at all.
func TestAdminAgentSeesAdminsOnly(t *testing.T) {
	srv := startConsoleServer(t)
	srv.agent("ana@example.com", "Ana", "l1")
	c := openAdmin(t, srv, "ana@example.com")
	var got struct {
		Denied, App bool
		Text        string
		Panel       int
	}
	c.js(`({denied: !document.querySelector('#denied').hidden, app: !document.querySelector('#app').hidden,
text: document.querySelector('#denied').innerText, panel: document.querySelector('#panel').childElementCount})`, &got)
	if !got.Denied || got.App || got.Panel != 0 || !strings.Contains(got.Text, "Admins only") || !strings.Contains(got.Text, "Ana") {
		t.Fatalf("an agent at /admin sees %+v", got)
	}
	for _, u := range c.requests() {
		if i := strings.Index(u, "/api/v1/"); i >= 0 && !strings.Contains(u, "/api/v1/auth/") && !strings.HasSuffix(u, "/api/v1/me") {
			t.Errorf("the page asked for %s on behalf of an agent", u[i:])
		}
	}
	c.click("#denied-logout")
	c.waitJS("the sign-in form again", `!document.querySelector('#login').hidden && document.querySelector('#login-error').textContent === 'Signed out.'`)
}

// The line diff marks added and removed lines and keeps the common ones,
// in reading order; a route the server lacks becomes a plain notice; the
// charts draw one mark per value and leave gaps for days without data.
func TestAdminModules(t *testing.T) {
	srv := startConsoleServer(t)
	srv.admin("root@example.com", "Root")
	c := openAdmin(t, srv, "root@example.com")
	for _, tt := range []struct{ name, a, b, want string }{
		{"same", "a\nb", "a\nb", "=a =b"},
		{"added", "a\nc", "a\nb\nc", "=a +b =c"},
		{"removed", "a\nb\nc", "a\nc", "=a -b =c"},
		{"changed", "a\nb\nc", "a\nB\nc", "=a -b +B =c"},
		{"from empty", "", "x\ny", "+x +y"},
		{"to empty", "x", "", "-x"},
		{"moved", "x\ny\nz", "y\nz\nx", "-x =y =z +x"},
		{"crlf", "a\r\nb", "a\nb", "=a =b"},
	} {
		var got string
		c.js(`import('/admin/diff.js').then((m) => m.lineDiff(`+jsString(tt.a)+`, `+jsString(tt.b)+`).map((o) => o.op + o.text).join(' '))`, &got)
		if got != tt.want {
			t.Errorf("%s: lineDiff = %q; want %q", tt.name, got, tt.want)
		}
	}
	var n struct{ Missing, Other string }
	c.js(`Promise.all([import('/admin/ui.js'), import('/admin/api.js')]).then(([ui, api]) => ({
missing: ui.notice(new api.ApiError(404, 'not_found', 'no such API route: GET /api/v1/intents'), 'Intents').textContent,
other: ui.notice(new api.ApiError(409, 'conflict', 'changed by Ana since you opened it')).textContent}))`, &n)
	if n.Missing != "Intents is not available on this server yet (GET /api/v1/intents)." || n.Other != "changed by Ana since you opened it" {
		t.Errorf("notices: %+v", n)
	}

	var ch struct {
		Paths, Dots, Bars, Cells int
		D, Label, Bar0           string
		Heat                     string
	}
	c.js(`import('/admin/charts.js').then((m) => {
const line = m.lineChart('CSAT', ['2025-01-01', '2025-01-02', '2025-01-03', '2025-01-04'], [{label: 'csat', values: [0.5, null, 0.75, 1]}], String);
const bars = m.barChart('Handoffs by reason', [{label: 'Asked for a person', value: 3}, {label: '<b>x</b>', value: 7}]);
const heat = m.heatMap('Busiest hours', [{weekday: 1, hour: 9, messages: 4}, {weekday: 1, hour: 9, messages: 2}, {weekday: 5, hour: 23, messages: 1}]);
return {paths: line.querySelectorAll('path').length, dots: line.querySelectorAll('circle').length,
d: line.querySelector('path').getAttribute('d'), label: line.querySelector('svg').getAttribute('aria-label'),
bars: bars.querySelectorAll('rect').length, bar0: bars.querySelector('text').textContent,
cells: heat.querySelectorAll('rect').length, heat: heat.querySelector('svg').getAttribute('aria-label')}; })`, &ch)
	if ch.Paths != 1 || ch.Dots != 3 || strings.Count(ch.D, "M") != 2 || !strings.Contains(ch.Label, "4 days from 2025-01-01 to 2025-01-04") ||
		ch.Bars != 2 || ch.Bar0 != "<b>x</b>" || ch.Cells != 7*24 || !strings.Contains(ch.Heat, "busiest: Mon 9:00 with 6 messages") {
		t.Errorf("charts: %+v", ch)
	}
}
