package fetch

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// spoolWriter writes the download into the spool file and marks its
// errors as the spool's, so a full disk is not mistaken for a network
// failure.
type spoolWriter struct{ f *os.File }

func (w spoolWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	if err != nil {
		err = &spoolError{dir: filepath.Dir(w.f.Name()), err: err}
	}
	return n, err
}

// spoolError is a failed write of the spool file.
type spoolError struct {
	dir string
	err error
}

func (e *spoolError) Error() string {
	msg := fmt.Sprintf("write spool file in %s: %v", e.dir, e.err)
	if errors.Is(e.err, syscall.ENOSPC) || errors.Is(e.err, syscall.EDQUOT) {
		msg += "; free disk space there"
	}
	return msg
}

func (e *spoolError) Unwrap() error { return e.err }
