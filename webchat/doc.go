// Package webchat serves Parley's browser side from embedded files: the
// embeddable widget (/widget.js and what it loads), the sample host page
// (/demo), and later the agent console and admin pages. No build step: the
// files are plain JavaScript, CSS and HTML.
package webchat
