package webchat

// HelpMarkdown renders text as an article page on base would, for the
// parity test against the widget's renderer.
func HelpMarkdown(text, base string) string {
	h := &Help{}
	return string(markdownHTML(text, h.allow(view{base: base})))
}
