// Package testenv decides what tests do when an outside program they need
// (PostgreSQL, Chromium, …) is missing: skip with a clear message on a
// developer's bare machine, fail when SALKKU_TEST_ALL=1 (as CI sets it).
package testenv

import (
	"os"
	"testing"
)

// All reports whether every test must run (SALKKU_TEST_ALL=1).
func All() bool { return os.Getenv("SALKKU_TEST_ALL") == "1" }

// SkipOrFail skips the test with the reason, or fails it when All is set.
func SkipOrFail(tb testing.TB, reason string) {
	tb.Helper()
	if All() {
		tb.Fatalf("SALKKU_TEST_ALL=1 but %s", reason)
	}
	tb.Skip(reason)
}
