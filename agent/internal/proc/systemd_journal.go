package proc

import (
	"context"
	"os/exec"
	"strconv"
	"time"
)

// journalTimeout bounds one journalctl run.
const journalTimeout = 5 * time.Second

// Tail returns the last TailMaxLines lines that process index's unit wrote
// to the journal, read with journalctl (no cgo). It returns "" when
// journalctl fails or times out.
func (s *Systemd) Tail(ctx context.Context, index int) string {
	unit := s.unit(index)
	ctx, cancel := context.WithTimeout(ctx, journalTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "journalctl", "-u", unit, "-n", strconv.Itoa(TailMaxLines), "--no-pager", "-o", "cat")
	cmd.WaitDelay = time.Second
	out, err := cmd.Output()
	if err != nil {
		s.log.Warn("read unit journal", "unit", unit, "error", err)
		return ""
	}
	if len(out) > TailMaxBytes {
		out = out[len(out)-TailMaxBytes:]
	}
	return string(out)
}
