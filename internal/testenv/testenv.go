// Package testenv holds the one rule every test with an external
// dependency (Consul, moto_server, HAProxy, nginx, systemd, openssl, the
// module proxy) follows: when the dependency is missing the test skips,
// except in CI (CI set to a true value), where a missing dependency is a
// failure, never a silent skip. It imports only the standard library and
// testing, so any test helper can use it.
package testenv

import (
	"os"
	"strconv"
	"testing"
)

// CI reports whether CI is set to a true value (true, 1, ...).
func CI() bool {
	ci, err := strconv.ParseBool(os.Getenv("CI"))
	return err == nil && ci
}

// SkipOrFail skips tb with the message, or fails it when CI() is true.
func SkipOrFail(tb testing.TB, format string, args ...any) {
	tb.Helper()
	if CI() {
		tb.Fatalf(format+" (CI is set: a missing dependency fails the test)", args...)
		return
	}
	tb.Skipf(format, args...)
}
