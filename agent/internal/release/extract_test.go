package release

import (
	"archive/tar"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestExtractGoodRelease(t *testing.T) {
	data := tarGz(t,
		dirEntry("./", 0o700),
		dirEntry("bin/", 0o755),
		fileEntry("bin/web", "#!/bin/sh\necho web\n", 0o755),
		fileEntry("config/app.conf", "port=9001\n", 0o640),
		dirEntry("share/", 0o555),
		fileEntry("share/readme", "hi", 0o444),
		linkEntry(tar.TypeSymlink, "run", "bin/web"),
		linkEntry(tar.TypeSymlink, "bin/self", "../bin/web"),
		linkEntry(tar.TypeSymlink, "root", "."),
	)
	dest := filepath.Join(t.TempDir(), "r1")
	st, err := Extract(bytes.NewReader(data), dest, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = removeTree(dest) }) // share/ is read-only
	want := Stats{Entries: 9, Files: 3, Dirs: 2, Symlinks: 3, Bytes: int64(len("#!/bin/sh\necho web\n") + len("port=9001\n") + 2)}
	if !statsEqual(st, want) {
		t.Fatalf("stats %+v, want %+v", st, want)
	}
	wantModes := map[string]fs.FileMode{
		".":               fs.ModeDir | 0o755,
		"bin":             fs.ModeDir | 0o755,
		"bin/web":         0o755,
		"config":          fs.ModeDir | 0o755,
		"config/app.conf": 0o640,
		"share":           fs.ModeDir | 0o555,
		"share/readme":    0o444,
		"run":             fs.ModeSymlink | 0o777,
	}
	for rel, mode := range wantModes {
		fi, err := os.Lstat(filepath.Join(dest, rel))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != mode {
			t.Errorf("%s: mode %v, want %v", rel, fi.Mode(), mode)
		}
	}
	if b, err := os.ReadFile(filepath.Join(dest, "bin/self")); err != nil || string(b) != "#!/bin/sh\necho web\n" {
		t.Errorf("bin/self reads %q, %v", b, err)
	}
	if target, _ := os.Readlink(filepath.Join(dest, "run")); target != "bin/web" {
		t.Errorf("run -> %q, want bin/web", target)
	}
}

func statsEqual(a, b Stats) bool {
	return a.Entries == b.Entries && a.Files == b.Files && a.Dirs == b.Dirs &&
		a.Symlinks == b.Symlinks && a.Bytes == b.Bytes && slices.Equal(a.Stripped, b.Stripped)
}

func TestExtractStripsSpecialBits(t *testing.T) {
	data := tarGz(t,
		dirEntry("shared/", 0o3775),
		fileEntry("bin/tool", "x", 0o4755),
		fileEntry("bin/group", "x", 0o2750),
	)
	dest := filepath.Join(t.TempDir(), "r1")
	st, err := Extract(bytes.NewReader(data), dest, Limits{})
	if err != nil {
		t.Fatalf("setuid must be stripped, not rejected: %v", err)
	}
	if want := []string{"shared/", "bin/tool", "bin/group"}; !slices.Equal(st.Stripped, want) {
		t.Errorf("Stripped = %q, want %q", st.Stripped, want)
	}
	for rel, mode := range map[string]fs.FileMode{"shared": fs.ModeDir | 0o775, "bin/tool": 0o755, "bin/group": 0o750} {
		fi, err := os.Stat(filepath.Join(dest, rel))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != mode {
			t.Errorf("%s: mode %v, want %v", rel, fi.Mode(), mode)
		}
	}
}

func TestExtractRefusesExistingDest(t *testing.T) {
	dest := t.TempDir()
	keep := filepath.Join(dest, "keep")
	if err := os.WriteFile(keep, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Extract(bytes.NewReader(tarGz(t, fileEntry("a", "x", 0o644))), dest, Limits{})
	if err == nil {
		t.Fatal("extracted into an existing directory")
	}
	if _, err := os.Stat(keep); err != nil {
		t.Fatalf("existing dest was touched: %v", err)
	}
}

type failingReader struct{ r io.Reader }

func (f *failingReader) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, errors.New("connection reset")
	}
	return n, err
}

func TestExtractSourceErrorIsNotARejection(t *testing.T) {
	data := tarGz(t, sizedEntry("blob", 64<<10, bytes.NewReader(randomBytes(64<<10))))
	dest := filepath.Join(t.TempDir(), "r1")
	_, err := Extract(&failingReader{bytes.NewReader(data[:len(data)/2])}, dest, Limits{})
	var re *RejectError
	if err == nil || errors.As(err, &re) {
		t.Fatalf("got %v, want a read error that is not a rejection", err)
	}
	if _, statErr := os.Lstat(dest); !errors.Is(statErr, fs.ErrNotExist) {
		t.Errorf("dest left behind (%v)", statErr)
	}
}
