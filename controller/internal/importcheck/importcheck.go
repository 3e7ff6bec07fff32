package importcheck

import (
	"os"
	"testing"
)

// Pure fails t, naming file and line, for every way the package importPath
// could do I/O or be non-deterministic: an import listed in Forbidden; an
// import outside the standard library that is not under one of the
// allowModule prefixes; a use of time.Now, Since, Until, Sleep, After,
// AfterFunc, NewTimer, NewTicker or Tick. Allowed packages of this module are
// checked for Forbidden imports too, transitively. Only non-test files count.
func Pure(t testing.TB, importPath string, allowModule ...string) {
	t.Helper()
	mod, dir, ok := locate(t, importPath)
	if !ok {
		return
	}
	for _, p := range checkDir(dir, rules{mod: mod, allow: allowModule, pure: true}) {
		t.Errorf("%s is not pure: %s", importPath, p)
	}
}

// StdlibOnly fails t for every import of the package importPath (non-test
// files) that is outside the standard library and not under one of the
// allowModule prefixes.
func StdlibOnly(t testing.TB, importPath string, allowModule ...string) {
	t.Helper()
	mod, dir, ok := locate(t, importPath)
	if !ok {
		return
	}
	for _, p := range checkDir(dir, rules{mod: mod, allow: allowModule}) {
		t.Errorf("%s must import only the standard library: %s", importPath, p)
	}
}

// locate finds the module around the working directory (a test runs in its
// package's directory, somewhere inside the module) and importPath's
// directory.
func locate(t testing.TB, importPath string) (module, string, bool) {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatalf("importcheck: %v", err)
		return module{}, "", false
	}
	mod, err := findModule(wd)
	if err != nil {
		t.Fatalf("importcheck: %v", err)
		return module{}, "", false
	}
	dir, err := mod.dirOf(importPath)
	if err != nil {
		t.Fatalf("importcheck: %v", err)
		return module{}, "", false
	}
	return mod, dir, true
}
