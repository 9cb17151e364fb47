package webchat_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/parley-chat/parley"
)

// say appends a message to a conversation straight through the store, as
// the bot or an agent would have written it.
func (s *consoleServer) say(convID string, a parley.Author, text string) {
	s.t.Helper()
	if _, _, err := s.Store.AppendMessage(context.Background(), parley.Message{ConversationID: convID,
		ClientID: fmt.Sprint("m-", a.Kind, len(text)), Author: a, Text: text}); err != nil {
		s.t.Fatal(err)
	}
}

// The bot's and agents' Markdown shows formatted (bold, lists, links), by
// the widget's own module; the visitor's text stays text.
func TestConsoleRendersMarkdown(t *testing.T) {
	srv := startConsoleServer(t)
	ana := srv.agent("ana@example.com", "Ana", "l1")
	conv := srv.queued("**not bold** from the visitor", parley.Conversation{Team: "l1"})
	srv.say(conv.ID, parley.Author{Kind: parley.AuthorBot}, "To reset it:\n\n1. Open **Settings**\n2. Choose *Password*\n\n[Read the full article](https://help.example.com/a/reset)")
	srv.say(conv.ID, parley.Author{Kind: parley.AuthorAgent, ID: ana.ID, Name: "Ana"}, "See `Settings` and [the guide](/help/demo/reset)")

	c := openConsole(t, srv, "ana@example.com")
	row := listItem("mine", conv.ID)
	c.waitJS("routed to her", fmt.Sprintf(`document.querySelector(%q)`, row))
	c.click(row)
	c.waitJS("the transcript", `document.querySelector("#log .msg-bot") && document.querySelector("#log .msg-agent")`)
	var got struct {
		Bold, Em, Code, Visitor, BotText string
		Items                            int
		Links                            [][3]string
		Module                           string
	}
	c.js(`(() => { const q = (s) => document.querySelector(s);
return {bold: q('#log .msg-bot strong')?.textContent ?? '', em: q('#log .msg-bot em')?.textContent ?? '',
code: q('#log .msg-agent code')?.textContent ?? '', items: document.querySelectorAll('#log .msg-bot ol li').length,
visitor: q('#log .msg-visitor .text').textContent, botText: q('#log .msg-bot .text').textContent,
links: [...document.querySelectorAll('#log .msg a')].map((a) => [a.textContent, a.href, a.rel]),
module: [...performance.getEntriesByType('resource')].map((e) => new URL(e.name).pathname).find((p) => p.endsWith('markdown.js')) ?? ''}; })()`, &got)
	if got.Bold != "Settings" || got.Em != "Password" || got.Items != 2 || got.Code != "Settings" {
		t.Errorf("Markdown not rendered: %+v", got)
	}
	if strings.Contains(got.BotText, "**") || strings.Contains(got.BotText, "](") {
		t.Errorf("bot message shows raw Markdown: %q", got.BotText)
	}
	if got.Visitor != "**not bold** from the visitor" {
		t.Errorf("visitor's message %q; want its text as written", got.Visitor)
	}
	want := [][3]string{{"Read the full article", "https://help.example.com/a/reset", "noopener noreferrer"},
		{"the guide", srv.URL + "/help/demo/reset", "noopener noreferrer"}}
	if fmt.Sprint(got.Links) != fmt.Sprint(want) {
		t.Errorf("links %q; want %q", got.Links, want)
	}
	if got.Module != "/console/markdown.js" {
		t.Errorf("Markdown module loaded from %q", got.Module)
	}
	c.shot("markdown")
}
