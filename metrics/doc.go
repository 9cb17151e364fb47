// Package metrics holds the Prometheus series of HTTP requests and of the
// desk (bot decisions, the queue, SLA breaches are the gateway's). It
// registers on the registry it is given, never a global one, and is wired
// in cmd: the desk reports through plain func fields, so handoff does not
// import Prometheus.
//
// Concurrency: every method is safe for concurrent use.
package metrics
