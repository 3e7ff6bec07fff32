package release

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// releaseDir is one candidate for pruning.
type releaseDir struct {
	name  string
	mtime time.Time
}

// Retain deletes all but the newest keep release directories directly
// under releasesDir, never deleting current (a release directory name;
// "" for none), which is kept on top of the keep newest when it is older.
//
// Age is the directory's modification time, which Extract sets as it
// creates the release's top-level entries; ties are broken by name (the
// greater name counts as newer). Only real directories are considered:
// files (such as downloaded tarballs), symlinks (such as a "current"
// pointer) and names starting with "." are left alone.
func Retain(releasesDir string, keep int, current string) error {
	if keep < 1 {
		return fmt.Errorf("retain releases: keep is %d, must be at least 1", keep)
	}
	dirs, err := listReleases(releasesDir)
	if err != nil {
		return err
	}
	sort.Slice(dirs, func(i, j int) bool {
		if !dirs[i].mtime.Equal(dirs[j].mtime) {
			return dirs[i].mtime.After(dirs[j].mtime)
		}
		return dirs[i].name > dirs[j].name
	})
	var errs []error
	for i, d := range dirs {
		if i < keep || d.name == current {
			continue
		}
		if err := removeTree(filepath.Join(releasesDir, d.name)); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("retain releases: %w", err)
	}
	return nil
}

func listReleases(releasesDir string) ([]releaseDir, error) {
	entries, err := os.ReadDir(releasesDir)
	if err != nil {
		return nil, fmt.Errorf("retain releases: %w", err)
	}
	var dirs []releaseDir
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			return nil, fmt.Errorf("retain releases: %w", err)
		}
		dirs = append(dirs, releaseDir{name: e.Name(), mtime: info.ModTime()})
	}
	return dirs, nil
}
