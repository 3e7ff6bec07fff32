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
// depend on the agent staying alive.
func openOutput(path string) (*os.File, error) {
	if err := os.Rename(path, path+".prev"); err != nil && !os.IsNotExist(err) {
		return nil, fmt.Errorf("keep previous output %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open output %s: %w", path, err)
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
