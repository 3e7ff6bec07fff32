package proc

import (
	"fmt"
	"io"
	"os"
)

// openOutput makes path the fresh output file of a process start: the file
// of the previous start is kept as path+".prev", so a restart never loses
// what the last run printed and the disk use per process stays bounded by
// two runs. The child writes to the file directly, so its output does not
// depend on the agent staying alive, and needs no access to the agent's
// directories. The file is owner-only; with a run_as account it is that
// account's, so that a child reopening it (as /dev/stdout or
// /proc/self/fd/1) is not refused.
func openOutput(path string, owner *account) (*os.File, error) {
	if err := os.Rename(path, path+".prev"); err != nil && !os.IsNotExist(err) {
		return nil, fmt.Errorf("keep previous output %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open output %s: %w", path, err)
	}
	if owner != nil {
		if err := f.Chown(int(owner.uid), int(owner.gid)); err != nil {
			_ = f.Close()
			return nil, fmt.Errorf("give output %s to %s: %w", path, owner, err)
		}
	}
	return f, nil
}

// fileTail reads the tail of an output file.
type fileTail string

// String returns the last lines of the file (see tailBuffer.String); empty
// when it cannot be read.
func (f fileTail) String() string {
	fh, err := os.Open(string(f))
	if err != nil {
		return ""
	}
	defer fh.Close()
	if st, err := fh.Stat(); err == nil && st.Size() > TailMaxBytes {
		if _, err := fh.Seek(-TailMaxBytes, io.SeekEnd); err != nil {
			return ""
		}
	}
	b, err := io.ReadAll(io.LimitReader(fh, TailMaxBytes))
	if err != nil {
		return ""
	}
	return string(lastLines(b, TailMaxLines))
}
