package testenv

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// SMTPURL returns PARLEY_TEST_SMTP_URL (a real SMTP server, Mailpit in CI)
// or skips/fails like PostgresURL.
func SMTPURL(tb testing.TB) string { return need(tb, "PARLEY_TEST_SMTP_URL", "SMTP") }

// MailpitURL returns PARLEY_TEST_MAILPIT_URL, the HTTP API of the Mailpit
// behind SMTPURL, or skips/fails.
func MailpitURL(tb testing.TB) string {
	return strings.TrimRight(need(tb, "PARLEY_TEST_MAILPIT_URL", "Mailpit"), "/")
}

// MailAddress is one address as Mailpit reports it.
type MailAddress struct{ Name, Address string }

// Mail is one message Mailpit received: its parsed parts and raw source.
type Mail struct {
	ID, MessageID string
	From          MailAddress
	To            []MailAddress
	Subject       string
	Text, HTML    string
	Raw           string
}

// WaitMail polls Mailpit's API until a message to address arrives and
// returns it (tests send to addresses of their own, so they never see
// each other's mail).
func WaitMail(tb testing.TB, api, address string, timeout time.Duration) Mail {
	tb.Helper()
	var id string
	Eventually(tb, timeout, func() bool {
		id = findMail(tb, api, address)
		return id != ""
	}, "mail to ", address)
	var m Mail
	getJSON(tb, api+"/api/v1/message/"+id, &m)
	m.Raw = get(tb, api+"/api/v1/message/"+id+"/raw")
	return m
}

// MailsTo counts the messages Mailpit holds for address.
func MailsTo(tb testing.TB, api, address string) int {
	tb.Helper()
	n := 0
	for _, m := range listMail(tb, api) {
		for _, to := range m.To {
			if strings.EqualFold(to.Address, address) {
				n++
			}
		}
	}
	return n
}

func findMail(tb testing.TB, api, address string) string {
	for _, m := range listMail(tb, api) {
		for _, to := range m.To {
			if strings.EqualFold(to.Address, address) {
				return m.ID
			}
		}
	}
	return ""
}

func listMail(tb testing.TB, api string) []Mail {
	var list struct{ Messages []Mail }
	getJSON(tb, api+"/api/v1/messages?limit=500", &list)
	return list.Messages
}

func getJSON(tb testing.TB, url string, v any) {
	tb.Helper()
	if err := json.Unmarshal([]byte(get(tb, url)), v); err != nil {
		tb.Fatalf("mailpit %s: %v", url, err)
	}
}

func get(tb testing.TB, url string) string {
	tb.Helper()
	res, err := http.Get(url)
	if err != nil {
		tb.Fatalf("mailpit: %v", err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		tb.Fatalf("mailpit %s: %s %v %s", url, res.Status, err, fmt.Sprint(string(b)))
	}
	return string(b)
}
