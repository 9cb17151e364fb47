// Package mail sends Parley's email: MIME messages (UTF-8, plain text with
// an HTML alternative, a Message-ID) over SMTP with STARTTLS or implicit
// TLS, through an in-memory outbox that retries off the request path. On
// top of it: transcripts a visitor asks for, agents' replies to a visitor
// who has left, and the signed links that bring them back.
//
// The standard library (net/smtp, mime, mime/quotedprintable,
// mime/multipart) is all it uses: see docs/dependencies.md.
package mail
