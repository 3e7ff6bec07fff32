package release

import (
	"compress/flate"
	"compress/gzip"
	"errors"
	"io"
)

// sourceCounter counts compressed bytes read from the artifact and keeps
// the first read error, so a failing source is not mistaken for a bad
// gzip stream.
type sourceCounter struct {
	r   io.Reader
	n   int64
	err error
}

func (c *sourceCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && err != io.EOF && c.err == nil {
		c.err = err
	}
	return n, err
}

// inflateMeter sits between gzip and tar: it counts uncompressed bytes,
// enforces MaxBytes and MaxRatio as they stream, and turns gzip failures
// into rejections. entry is the archive entry being read, for messages.
type inflateMeter struct {
	gz    io.Reader
	src   *sourceCounter
	lim   Limits
	n     int64
	entry string
}

func (m *inflateMeter) Read(p []byte) (int, error) {
	n, err := m.gz.Read(p)
	m.n += int64(n)
	if m.n > m.lim.MaxBytes {
		return n, reject(RuleTooLarge, m.entry, "archive expands past %d bytes (max_bytes); ship a smaller release or raise artifacts.max_bytes", m.lim.MaxBytes)
	}
	if m.n > ratioFloor && m.n > int64(m.lim.MaxRatio)*m.src.n {
		return n, reject(RuleRatio, m.entry, "archive expands more than %d:1 (%d bytes from %d compressed): looks like a decompression bomb", m.lim.MaxRatio, m.n, m.src.n)
	}
	if err == nil || err == io.EOF {
		return n, err
	}
	return n, m.classify(err)
}

// classify maps an error from the gzip reader to a rejection, unless the
// artifact source itself failed.
func (m *inflateMeter) classify(err error) error {
	if m.src.err != nil {
		return err
	}
	var corrupt flate.CorruptInputError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return reject(RuleTruncated, m.entry, "gzip stream ends early after %d compressed bytes: the upload or download was cut short", m.src.n)
	case errors.Is(err, gzip.ErrChecksum), errors.Is(err, gzip.ErrHeader), errors.As(err, &corrupt):
		return reject(RuleCorrupt, m.entry, "gzip stream is corrupt (%v): rebuild and re-upload the artifact", err)
	}
	return err
}
