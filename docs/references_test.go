package docs

import (
	"bufio"
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// outsideNotes are the ways the repository could point at the team's
// design notes, which live outside it: users read the repository, so its
// reference is in docs/. The needles are built from parts so that this
// file does not contain them itself.
var outsideNotes = []string{
	"DESIGN" + ".md",
	"DESIGN" + " §",
	".." + "/shared",
}

// TestNoReferencesOutsideTheRepository fails on any file of the
// repository (tracked, or new and not ignored) that mentions the notes.
func TestNoReferencesOutsideTheRepository(t *testing.T) {
	files, err := repoFiles(repoRoot)
	if err != nil {
		t.Fatalf("list the repository's files: %v", err)
	}
	if len(files) < 100 {
		t.Fatalf("only %d files found: the listing is broken", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(repoRoot, f))
		if err != nil {
			continue // deleted from the work tree since it was listed
		}
		for _, hit := range mentions(data) {
			t.Errorf("%s:%d mentions %q; point at the page under docs/ instead", f, hit.line, hit.needle)
		}
	}
}

// TestMentionsFindsEachNeedle shows the scan finding each needle.
func TestMentionsFindsEachNeedle(t *testing.T) {
	for _, n := range outsideNotes {
		hits := mentions([]byte("first line\nsee " + n + " for more\n"))
		if len(hits) != 1 || hits[0].line != 2 || hits[0].needle != n {
			t.Errorf("%q: got %+v, want one hit on line 2", n, hits)
		}
	}
	if hits := mentions([]byte("see docs/spec.md\x00binary DESIGN")); len(hits) != 0 {
		t.Errorf("a binary file was scanned: %+v", hits)
	}
}

type mention struct {
	line   int
	needle string
}

// mentions lists the lines of a text file that mention outsideNotes;
// binary files (a NUL byte) are skipped.
func mentions(data []byte) []mention {
	if bytes.IndexByte(data, 0) >= 0 {
		return nil
	}
	var out []mention
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for n := 1; sc.Scan(); n++ {
		for _, needle := range outsideNotes {
			if strings.Contains(sc.Text(), needle) {
				out = append(out, mention{n, needle})
			}
		}
	}
	return out
}

// repoFiles lists the repository's files, relative to root: git's tracked
// and untracked-but-not-ignored files, or, without git, a walk that leaves
// out .git, .tools, .cache and the root's bin.
func repoFiles(root string) ([]string, error) {
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = root
	if out, err := cmd.Output(); err == nil {
		return strings.FieldsFunc(string(out), func(r rune) bool { return r == 0 }), nil
	}
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() && skippedDir(filepath.ToSlash(rel), d.Name()) {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() {
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	return files, err
}
