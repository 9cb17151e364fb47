// Package webhook delivers stored activities to admins' endpoints as signed
// HTTP POSTs.
//
// A Deliverer runs two loops. The feeder owns the cursor (kept in the
// store): it reads activities after it, writes one pending delivery per
// subscribed endpoint and moves the cursor in the same transaction, so a
// restart neither resends nor skips. The sender claims due deliveries with a
// lease, POSTs them and records each attempt; failures are retried with
// exponential backoff and jitter. Several nodes may run deliverers over one
// PostgreSQL database: the cursor moves by compare-and-set and each claim is
// exclusive, so every delivery is sent by one node at a time. Delivery is at
// least once (a node that dies mid-send leaves its lease to expire), so the
// payload's id is the receivers' idempotency key.
//
// Endpoints must be public: unless AllowPrivate, the client refuses to dial
// loopback, private and link-local addresses (checked on the resolved
// address, so DNS rebinding cannot get round it) and CheckURL refuses them
// when an endpoint is saved. The start of a failed answer is kept for the
// admin only when it came from a public address.
//
// Everything a Deliverer starts ends when Run's context ends; an attempt
// already under way gets Grace (5s) to finish first, so a restart does not
// resend what an endpoint has just accepted. The package
// imports no store; it declares the Store it needs.
package webhook
