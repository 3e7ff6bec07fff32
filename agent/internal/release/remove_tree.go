package release

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// removeTree deletes dir and everything under it, first making its
// directories writable so a release that shipped a read-only directory can
// still be removed. Symlinks are removed, never followed.
func removeTree(dir string) error {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil // best effort; RemoveAll reports what is left
		}
		if err := os.Chmod(p, 0o700); err != nil {
			return fmt.Errorf("make %s writable: %w", p, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("remove %s: %w", dir, err)
	}
	return nil
}
