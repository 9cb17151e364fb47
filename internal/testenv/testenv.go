// Package testenv gives tests the real services they run against. A test
// that needs PostgreSQL or Redis skips when its variable is unset, unless
// PARLEY_TEST_REQUIRE_SERVICES is set (CI), where a missing service fails.
package testenv

import (
	"os"
	"testing"
)

// PostgresURL returns PARLEY_TEST_DATABASE_URL or skips/fails.
func PostgresURL(tb testing.TB) string { return need(tb, "PARLEY_TEST_DATABASE_URL", "PostgreSQL") }

// RedisURL returns PARLEY_TEST_REDIS_URL or skips/fails.
func RedisURL(tb testing.TB) string { return need(tb, "PARLEY_TEST_REDIS_URL", "Redis") }

func need(tb testing.TB, env, what string) string {
	tb.Helper()
	v := os.Getenv(env)
	if v != "" {
		return v
	}
	if os.Getenv("PARLEY_TEST_REQUIRE_SERVICES") != "" {
		tb.Fatalf("%s is required (PARLEY_TEST_REQUIRE_SERVICES is set) but %s is empty", what, env)
	}
	tb.Skipf("%s not set: %s tests skipped (see README: full test run)", env, what)
	return ""
}

// Chromium returns the path of the Chromium binary for browser tests, or
// skips — unless PARLEY_TEST_REQUIRE_CHROMIUM is set (CI), where it fails.
func Chromium(tb testing.TB) string {
	tb.Helper()
	for _, p := range []string{os.Getenv("PARLEY_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("PARLEY_TEST_REQUIRE_CHROMIUM") != "" {
		tb.Fatal("Chromium is required (PARLEY_TEST_REQUIRE_CHROMIUM is set) but not installed: apt-get install chromium")
	}
	tb.Skip("Chromium not installed: browser tests skipped (apt-get install chromium)")
	return ""
}
