package fetch

import (
	"fmt"
	"io"

	"github.com/asgctl/asgctl/agent/internal/release"
)

// downloadCap is the most compressed bytes a download may bring: the
// uncompressed cap, since no real tarball compresses to more than it
// expands to. It keeps a huge object from filling the disk through the
// spool file before extraction could refuse it.
func downloadCap(lim release.Limits) int64 {
	if lim.MaxBytes > 0 {
		return lim.MaxBytes
	}
	return release.DefaultMaxBytes
}

// tooLarge is the refusal of a download past limit.
func tooLarge(size, limit int64) error {
	return &release.RejectError{Rule: release.RuleTooLarge,
		Detail: fmt.Sprintf("the artifact is %d compressed bytes or more, over max_bytes %d; raise artifacts.max_bytes if it is genuine", size, limit)}
}

// capReader reads r and fails with a too_large rejection once more than
// left bytes came through.
type capReader struct {
	r     io.Reader
	left  int64
	limit int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, tooLarge(c.limit+1, c.limit)
	}
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n, tooLarge(c.limit+1, c.limit)
	}
	return n, err
}
