package importcheck

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const (
	fixturePkg = "github.com/asgctl/asgctl/controller/internal/importcheck/testdata"
	apiPkg     = "github.com/asgctl/asgctl/controller/api"
)

func testModule(t *testing.T) module {
	t.Helper()
	m, err := findModule(".")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func check(t *testing.T, fixture string, r rules) []string {
	t.Helper()
	r.mod = testModule(t)
	return checkDir(filepath.Join("testdata", fixture), r)
}

// wantProblems asserts that got has exactly one problem per want entry, in
// order, each starting with the entry's location and containing its text.
func wantProblems(t *testing.T, got []string, want [][2]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i, w := range want {
		loc := "controller/internal/importcheck/testdata/" + w[0] + ": "
		if !strings.HasPrefix(got[i], loc) || !strings.Contains(got[i], w[1]) {
			t.Errorf("problem %d = %q, want it at %s containing %q", i, got[i], loc, w[1])
		}
	}
}

func TestCheckGoodPackageHasNoProblems(t *testing.T) {
	if got := check(t, "good", rules{allow: []string{apiPkg}, pure: true}); len(got) != 0 {
		t.Fatalf("problems in a pure package:\n%s", strings.Join(got, "\n"))
	}
}

func TestCheckRejectsModulePackageNotAllowed(t *testing.T) {
	got := check(t, "good", rules{allow: []string{"github.com/asgctl/asgctl/controller/clock"}, pure: true})
	wantProblems(t, got, [][2]string{
		{"good/good.go:10", `imports "github.com/asgctl/asgctl/controller/api", which is outside the standard library and not under`},
	})
}

func TestCheckFindsIOImports(t *testing.T) {
	got := check(t, "bad_io", rules{pure: true})
	wantProblems(t, got, [][2]string{
		{"bad_io/bad_io.go:5", `imports "math/rand/v2", which does I/O or is non-deterministic`},
		{"bad_io/bad_io.go:6", `imports "net/http"`},
		{"bad_io/bad_io.go:7", `imports "os"`},
		{"bad_io/bad_io.go:10", `imports "github.com/asgctl/asgctl/controller/clock", which is outside the standard library`},
		{"bad_io/log.go:4", `imports "log/slog"`},
		{"bad_io/log.go:5", `imports "sync/atomic"`},
	})
}

func TestCheckFindsWallClockUses(t *testing.T) {
	got := check(t, "bad_now", rules{pure: true})
	want := [][2]string{{"bad_now/bad_now.go:10", "uses time.Now"}, {"bad_now/wait.go:5", "uses time.Now"}}
	for i, fn := range []string{"Sleep", "After", "AfterFunc", "NewTimer", "NewTicker", "Tick", "Until", "Since"} {
		want = append(want, [2]string{"bad_now/wait.go:" + strconv.Itoa(9+i), "uses time." + fn + ";"})
	}
	wantProblems(t, got, want)
}

func TestCheckFindsDotImportOfTime(t *testing.T) {
	wantProblems(t, check(t, "bad_dot", rules{pure: true}), [][2]string{
		{"bad_dot/bad_dot.go:4", `dot-imports "time"`},
	})
}

func TestCheckFollowsAllowedModuleImports(t *testing.T) {
	got := check(t, "bad_transitive", rules{allow: []string{fixturePkg}, pure: true})
	wantProblems(t, got, [][2]string{
		{"cycle_b/b.go:5", `imports "os", which does I/O or is non-deterministic (reached via ` +
			fixturePkg + "/cycle_a -> " + fixturePkg + "/cycle_b)"},
	})
}

func TestCheckStdlibOnlyRules(t *testing.T) {
	if got := check(t, "bad_now", rules{}); len(got) != 0 {
		t.Errorf("bad_now imports only time, got %q", got)
	}
	wantProblems(t, check(t, "bad_transitive", rules{}), [][2]string{
		{"bad_transitive/bad_transitive.go:5", `imports "` + fixturePkg + `/cycle_a", which is outside the standard library`},
	})
	got := check(t, "bad_io", rules{})
	if len(got) != 1 || !strings.Contains(got[0], "controller/clock") {
		t.Errorf("bad_io: got %q, want only the clock import", got)
	}
}

func TestCheckCannotLoad(t *testing.T) {
	for _, fixture := range []string{"only_tests", "does_not_exist"} {
		got := check(t, fixture, rules{pure: true})
		if len(got) != 1 || !strings.Contains(got[0], fixture) {
			t.Errorf("%s: got %q, want one load problem naming the directory", fixture, got)
		}
	}
}

func TestForbiddenMatching(t *testing.T) {
	for path, want := range map[string]bool{
		"os": true, "os/user": true, "net": true, "net/http/httptest": true, "sync/atomic": true,
		"math/rand/v2": true, "log/slog": true, "runtime/debug": true, "database/sql/driver": true,
		"io": false, "time": false, "math": false, "math/bits": false, "crypto/sha256": false,
		"strings": false, "netip": false, "syscalls": false, "logger": false,
	} {
		if got := isForbidden(path); got != want {
			t.Errorf("isForbidden(%q) = %v, want %v", path, got, want)
		}
	}
}

func TestIsStdlib(t *testing.T) {
	for _, tc := range []struct {
		path, mod string
		want      bool
	}{
		{"fmt", "github.com/asgctl/asgctl", true},
		{"net/http", "github.com/asgctl/asgctl", true},
		{"github.com/asgctl/asgctl/controller/api", "github.com/asgctl/asgctl", false},
		{"golang.org/x/tools/go/ast", "github.com/asgctl/asgctl", false},
		{"example/tool", "example", false},
		{"examples", "example", true},
	} {
		if got := isStdlib(tc.path, tc.mod); got != tc.want {
			t.Errorf("isStdlib(%q, %q) = %v, want %v", tc.path, tc.mod, got, tc.want)
		}
	}
}

func TestFindModuleFromNestedDirectory(t *testing.T) {
	top := testModule(t)
	nested, err := findModule(filepath.Join("testdata", "good"))
	if err != nil || nested != top {
		t.Fatalf("findModule(testdata/good) = %+v, %v; want %+v", nested, err, top)
	}
	if top.path != "github.com/asgctl/asgctl" {
		t.Fatalf("module path = %q", top.path)
	}
	dir, err := top.dirOf(apiPkg)
	if err != nil || dir != filepath.Join(top.root, "controller", "api") {
		t.Fatalf("dirOf(api) = %q, %v", dir, err)
	}
}

func TestModulePath(t *testing.T) {
	for in, want := range map[string]string{
		"module example.com/m\n\ngo 1.25\n":             "example.com/m",
		"// a comment\nmodule \"example.com/q\" // x\n": "example.com/q",
	} {
		if got, err := modulePath([]byte(in)); err != nil || got != want {
			t.Errorf("modulePath(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := modulePath([]byte("go 1.25\n")); err == nil {
		t.Error("go.mod without a module line accepted")
	}
}

func TestForbiddenHasNoDuplicates(t *testing.T) {
	// Not a rule of the checker, but duplicates would hide a typo.
	seen := map[string]bool{}
	for _, f := range Forbidden {
		if seen[f] {
			t.Errorf("%q listed twice", f)
		}
		seen[f] = true
	}
	if !slices.Contains(Forbidden, "os") || !slices.Contains(Forbidden, "context") {
		t.Error("Forbidden lost a core entry")
	}
}
