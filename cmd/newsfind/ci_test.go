package main

import (
	"os"
	"testing"
)

// skipOrFail skips a test whose machine lacks what it needs (root for a
// tmpfs, an address that is not loopback) on a developer's machine, and
// fails it under CI, which provides both: there a skip would hide a test
// that never ran.
func skipOrFail(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}
