package importcheck

import (
	"fmt"
	"strings"
	"testing"
)

// recorder is a testing.TB that records failures instead of failing, so the
// exported helpers can be tested on packages that break the rules.
type recorder struct {
	testing.TB
	errors []string
	fatal  string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
}

func TestPureAcceptsPurePackage(t *testing.T) {
	rec := &recorder{TB: t}
	Pure(rec, fixturePkg+"/good", apiPkg)
	if len(rec.errors) != 0 || rec.fatal != "" {
		t.Fatalf("errors %q, fatal %q", rec.errors, rec.fatal)
	}
}

func TestPureReportsEachProblem(t *testing.T) {
	rec := &recorder{TB: t}
	Pure(rec, fixturePkg+"/bad_now")
	if len(rec.errors) != 10 {
		t.Fatalf("got %d errors, want 10: %q", len(rec.errors), rec.errors)
	}
	for _, e := range rec.errors {
		if !strings.HasPrefix(e, fixturePkg+"/bad_now is not pure: controller/internal/importcheck/testdata/bad_now/") {
			t.Errorf("error %q does not name the package and file", e)
		}
	}
}

func TestPureFailsOnUnknownPackage(t *testing.T) {
	rec := &recorder{TB: t}
	Pure(rec, "github.com/asgctl/asgctl/controller/no_such_package")
	if len(rec.errors) != 1 || !strings.Contains(rec.errors[0], "no_such_package") {
		t.Fatalf("errors %q, want one naming the missing package", rec.errors)
	}
}

func TestStdlibOnly(t *testing.T) {
	rec := &recorder{TB: t}
	StdlibOnly(rec, fixturePkg+"/bad_now")
	if len(rec.errors) != 0 {
		t.Fatalf("bad_now imports only time, got %q", rec.errors)
	}
	StdlibOnly(rec, fixturePkg+"/good")
	if len(rec.errors) != 1 || !strings.Contains(rec.errors[0], `imports "`+apiPkg+`"`) {
		t.Fatalf("good imports api, got %q", rec.errors)
	}
}

func TestStdlibOnlyOnThisPackage(t *testing.T) {
	StdlibOnly(t, "github.com/asgctl/asgctl/controller/internal/importcheck")
}
