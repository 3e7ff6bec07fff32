package envfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteAtomicModeAndContent(t *testing.T) {
	dir := t.TempDir()
	path, err := Write(dir, "r42", "7", tricky)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "r42-7.env"); path != want {
		t.Fatalf("path = %s, want %s", path, want)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600", st.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != string(Render(tricky)) {
		t.Errorf("content differs from Render")
	}
	assertOnlyFiles(t, dir, "r42-7.env")
}

func TestWriteReplacesExisting(t *testing.T) {
	dir := t.TempDir()
	if _, err := Write(dir, "r1", "1", map[string]string{"A": "old"}); err != nil {
		t.Fatal(err)
	}
	path, err := Write(dir, "r1", "1", map[string]string{"A": "new"})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	got, err := parseEnvFile(string(data))
	if err != nil || got["A"] != "new" {
		t.Fatalf("got %v, %v; want A=new", got, err)
	}
	assertOnlyFiles(t, dir, "r1-1.env")
}

func TestWriteRejectsAndLeavesNothing(t *testing.T) {
	cases := []struct {
		name, release, rev string
		vars               map[string]string
		want               string
	}{
		{"bad value", "r1", "1", map[string]string{"K": "a\nb"}, "env K: value contains a newline"},
		{"bad name", "r1", "1", map[string]string{"K-1": "x"}, `env name "K-1"`},
		{"release with slash", "../x", "1", nil, `release "../x"`},
		{"empty rev", "r1", "", nil, `config_rev ""`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			_, err := Write(dir, c.release, c.rev, c.vars)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want it to contain %q", err, c.want)
			}
			assertOnlyFiles(t, dir)
		})
	}
}

func TestWriteMissingDirFails(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "missing")
	if _, err := Write(dir, "r1", "1", nil); err == nil {
		t.Fatal("want an error for a missing directory")
	}
}

func assertOnlyFiles(t *testing.T, dir string, want ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("dir holds %v, want exactly %v (no temp files)", got, want)
	}
}
