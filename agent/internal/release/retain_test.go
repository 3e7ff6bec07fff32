package release

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestRetainKeepsNewestAndCurrent(t *testing.T) {
	dir := t.TempDir()
	t.Cleanup(func() { _ = removeTree(dir) }) // read-only dirs inside
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// r1 is oldest; names are out of time order on purpose.
	for i, name := range []string{"r1", "r5", "r3", "r6", "r2", "r4"} {
		p := filepath.Join(dir, name)
		mustMkdir(t, filepath.Join(p, "ro"))
		must(t, os.WriteFile(filepath.Join(p, "ro", "f"), []byte("x"), 0o444))
		must(t, os.Chmod(filepath.Join(p, "ro"), 0o555))
		ts := base.Add(time.Duration(i) * time.Hour)
		must(t, os.Chtimes(p, ts, ts))
	}
	must(t, os.WriteFile(filepath.Join(dir, "r0.tar.gz"), []byte("x"), 0o644))
	must(t, os.Symlink("r1", filepath.Join(dir, "current")))
	mustMkdir(t, filepath.Join(dir, ".partial"))

	if err := Retain(dir, 3, "r1"); err != nil {
		t.Fatal(err)
	}
	got := names(t, dir)
	want := []string{".partial", "current", "r0.tar.gz", "r1", "r2", "r4", "r6"}
	if !slices.Equal(got, want) {
		t.Fatalf("left %q, want %q", got, want)
	}
}

func TestRetainRejectsZeroKeep(t *testing.T) {
	if err := Retain(t.TempDir(), 0, ""); err == nil {
		t.Fatal("keep=0 accepted")
	}
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	must(t, err)
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func mustMkdir(t *testing.T, p string) {
	t.Helper()
	must(t, os.MkdirAll(p, 0o755))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
