package agenthost

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestSampleReleaseRunsTheAppCommand: bin/app runs the app command's path
// and arguments as words, even with spaces and quotes in them, then the
// release's flags, then its own arguments.
func TestSampleReleaseRunsTheAppCommand(t *testing.T) {
	echo, err := exec.LookPath("echo")
	if err != nil {
		t.Skip("no echo on PATH")
	}
	tarball, _, err := SampleRelease(Command{Path: echo, Args: []string{"it's", "a  b"}}, "--fail-health")
	if err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(t.TempDir(), "app")
	if err := os.WriteFile(script, fileOf(t, tarball, "bin/app"), 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(script, "--port", "9001").Output()
	if want := "it's a  b --fail-health --port 9001\n"; err != nil || string(out) != want {
		t.Fatalf("bin/app printed %q (%v), want %q", out, err, want)
	}
}

// fileOf returns the named file's contents in a .tar.gz.
func fileOf(t *testing.T, tarball []byte, name string) []byte {
	t.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(tarball))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err != nil {
			t.Fatalf("%s not in the release: %v", name, err)
		}
		if h.Name == name {
			b, err := io.ReadAll(tr)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
}
