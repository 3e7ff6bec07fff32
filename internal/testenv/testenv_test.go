package testenv_test

import (
	"testing"

	"github.com/asgctl/asgctl/internal/testenv"
)

func TestCI(t *testing.T) {
	for v, want := range map[string]bool{"true": true, "1": true, "TRUE": true, "false": false, "": false, "yes": false} {
		t.Setenv("CI", v)
		if got := testenv.CI(); got != want {
			t.Errorf("CI=%q: CI() = %v, want %v", v, got, want)
		}
	}
}

// recorder notes whether SkipOrFail skipped or failed.
type recorder struct {
	testing.TB
	skipped, failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Skipf(string, ...any)  { r.skipped = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }

func TestSkipOrFail(t *testing.T) {
	for v, wantFail := range map[string]bool{"true": true, "": false} {
		t.Setenv("CI", v)
		r := &recorder{TB: t}
		testenv.SkipOrFail(r, "consul missing: %v", "not found")
		if r.failed != wantFail || r.skipped == wantFail {
			t.Errorf("CI=%q: failed=%v skipped=%v, want failed=%v", v, r.failed, r.skipped, wantFail)
		}
	}
}
