package release

import (
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"syscall"
)

// statfsFree returns the bytes available to unprivileged users on the
// file system holding path.
func statfsFree(path string) (uint64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(path, &st); err != nil {
		return 0, fmt.Errorf("statfs %s: %w", path, err)
	}
	return st.Bavail * uint64(st.Bsize), nil
}

// compressedSize returns r's total size when r can tell (*os.File,
// *bytes.Reader, *strings.Reader, *io.SectionReader), or -1.
func compressedSize(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size()
		}
	case interface{ Size() int64 }:
		return v.Size()
	}
	return -1
}

// checkDiskSpace refuses to start when dest's parent has less than
// diskFactor x the compressed size free (capped at MaxBytes). When the
// size is unknown only the MaxBytes cap guards the extraction.
func checkDiskSpace(r io.Reader, dest string, lim Limits) error {
	size := compressedSize(r)
	if size < 0 {
		return nil
	}
	need := size * diskFactor
	if need > lim.MaxBytes || need < 0 {
		need = lim.MaxBytes
	}
	parent := filepath.Dir(dest)
	free, err := lim.freeSpace(parent)
	if err != nil {
		return fmt.Errorf("check free disk: %w", err)
	}
	if free < uint64(need) {
		return reject(RuleDiskSpace, "", "%s has %d bytes free, need %d (%dx the %d-byte artifact); free space or remove old releases",
			parent, free, need, diskFactor, size)
	}
	return nil
}
