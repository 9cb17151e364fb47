// Package webchat serves Parley's browser side from embedded files: the
// embeddable visitor widget (/widget.js and the modules it loads from
// /widget/), and /demo, a sample customer page ("Flowdesk") that embeds it.
// No build step: the files under static/ are plain ES2020 JavaScript, CSS and
// HTML, served as they are (gzipped, revalidated by ETag). docs/widget.md is
// the user-facing documentation.
//
// Help (help*.go) is the one server-rendered part: the public help center
// under /help, built with html/template from the published articles, with
// the widget's Markdown rules reproduced in Go (docs/help-center.md).
//
// # Isolation: a closed Shadow DOM, not an iframe
//
// The widget renders into a closed shadow root attached to one
// <parley-widget> element. The page's stylesheets cannot match anything
// inside it, inherited properties are reset (:host{all:initial} and explicit
// fonts and colours), and the page's scripts cannot reach into a closed root.
// The widget's own code runs in a closure and defines one global,
// window.Parley. It never parses HTML: every string from a visitor, agent,
// bot or the page becomes a text node (Markdown is rendered to DOM nodes by
// static/widget/markdown.js), so there is no markup to escape from.
//
// An iframe would also isolate scripts, but costs what matters more here:
// its storage is third-party (partitioned or blocked by Safari, Firefox and
// Chrome's tracking protections), so the visitor's token, last seq and
// unsent messages would not reliably survive a reload or a move to another
// page of the site; the JS API would need a postMessage bridge and a second
// document load; and the launcher and a resizable panel need either two
// frames or a frame resized from outside. The page that embeds the widget is
// the site owner's own page, trusted by them; the untrusted parties are the
// people typing, and text-only rendering is what stops them.
//
// # Loading
//
// widget.js is a small loader (about 3 KB gzipped): the JS API with the
// Parley.q queue, the locale, and the launcher. The rest (app.js and its
// modules, one locale file, panel.css) is imported on the first open, or at
// idle time for a returning visitor who has a conversation or unsent messages
// (so replies arrive and the launcher counts them). The modules are imported
// cross-origin, hence Access-Control-Allow-Origin: * on these static files.
//
// # Delivery
//
// static/widget/client.js speaks the visitor protocol
// (docs/protocol.md): hello{token, last_seq, locale, page, identity}; an
// outbox in localStorage resent with the same client_id after every welcome;
// messages deduplicated by seq and own messages by client_id; rate-limited
// frames resent after retry_after_ms, in order; jittered exponential backoff
// capped at 15 s, at once after close 1012 or when the browser is back online.
package webchat
