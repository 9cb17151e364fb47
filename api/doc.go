// Package api is the REST API under /api/v1 for agents, admins and
// integrations (docs/api.md): login, conversations and their messages,
// assignment, transfer and resolution. JSON in and out; errors are
// {"error": {"code", "message"}} with the HTTP status of the code.
//
// Authentication: POST /api/v1/auth/login sets an HttpOnly session cookie
// and returns {"token"} for `Authorization: Bearer`; both name one stored
// (hashed) session. Roles are checked on every call. Cookie-authenticated
// writes must carry the X-Parley-CSRF header (any value): browsers cannot
// send custom headers cross-site without CORS, which the API never grants.
package api
