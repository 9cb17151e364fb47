// Package kb is the knowledge base as files: articles to and from a folder of
// Markdown files with YAML front matter, the format behind `parley kb import`
// and `parley kb export` and the demo knowledge base (package kb/demo).
//
// One file holds one article in one language:
//
//	---
//	slug: reset-password
//	language: en
//	title: How to reset your password
//	collection: account
//	status: published
//	questions:
//	  - I forgot my password
//	  - How do I change my password?
//	---
//
//	Markdown body…
//
// slug, language and title are required. language is a BCP 47 tag, stored as
// its base language ("sr-Latn" and "sr-Cyrl" are both "sr"). slug and
// collection are lowercase letters, digits, '-' and '_', because they name
// files and folders. status is draft (the default) or published; only
// published articles are used by the bot. questions are example questions,
// one line each, which train the intent classifier. Any other key is an
// error, so a misspelt key is never silently dropped.
//
// Parse and Format read and write one file; ReadDir reads a folder (any
// fs.FS, recursively) and WriteDir writes one as
// <collection>/<slug>.<language>.md. Format writes a canonical form that Parse
// reads back unchanged, so an export followed by an import is lossless for
// the fields the format carries and a second export is byte-identical.
// Errors are *Error values naming the file, the line and the field, wrapping
// one of the Err* sentinels; ReadDir and WriteDir report every problem at
// once and accept or write nothing when there is one.
package kb
