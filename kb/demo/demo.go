// Package demo is the demo knowledge base that a fresh Parley seeds: the help
// centre of Flowdesk, a fictional project-management web app with Free, Team
// and Business plans. It has eight articles (reset-password, login-2fa,
// plans-pricing, billing-invoices, cancel-subscription, export-data,
// api-integrations, contact-support), each in English, Russian, Polish,
// Serbian (Cyrillic), Armenian, Persian and Kazakh, all published and each
// with 8–12 example questions for the intent classifier. The articles are
// Markdown files under content/, in the folder format of package kb.
package demo

import (
	"embed"
	"io/fs"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/kb"
)

//go:embed content
var content embed.FS

// Articles returns the demo articles, sorted by slug and then language. It
// fails only if the embedded files are broken, which the tests rule out.
func Articles() ([]parley.Article, error) {
	sub, err := fs.Sub(content, "content")
	if err != nil {
		return nil, err
	}
	return kb.ReadDir(sub)
}
