package fetch

import "io"

// NewCapReaderForTest exposes capReader to the external tests.
func NewCapReaderForTest(r io.Reader, limit int64) io.Reader {
	return &capReader{r: r, left: limit, limit: limit}
}
