package webchat

import (
	"crypto/sha256"
	"encoding/base64"
	"regexp"
	"strings"
)

// demoCSP is /demo's policy: like the admin pages' (appCSP), it allows
// scripts and styles only from this server, no framing and no network beyond
// this origin (the widget's files, REST and /ws/visitor). The demo page keeps
// the documented embed snippet inline, as a customer's page would, so each
// inline <script> and <style> block of the embedded page is allowed by its
// hash, computed here from the file itself: editing demo.html cannot leave a
// stale hash behind, and nothing else inline (an injected script, an on*
// attribute) runs.
var demoCSP = func() string {
	f := files["/demo"]
	if f == nil {
		panic("webchat: /demo is not embedded")
	}
	return buildDemoCSP(f.body)
}()

var (
	inlineScript = regexp.MustCompile(`(?s)<script>(.*?)</script>`)
	inlineStyle  = regexp.MustCompile(`(?s)<style>(.*?)</style>`)
)

func buildDemoCSP(page []byte) string {
	hashes := func(re *regexp.Regexp) string {
		var b strings.Builder
		for _, m := range re.FindAllSubmatch(page, -1) {
			sum := sha256.Sum256(m[1])
			b.WriteString(" 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'")
		}
		return b.String()
	}
	return "default-src 'none'; script-src 'self'" + hashes(inlineScript) +
		"; style-src 'self'" + hashes(inlineStyle) +
		"; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
}
