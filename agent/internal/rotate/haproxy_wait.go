package rotate

import (
	"context"
	"errors"
	"fmt"
	"time"
)

var errWaitTimeout = errors.New("timed out")

// othersServing returns an ErrOtherNotServing error naming the first
// configured server other than index that HAProxy does not report serving.
func (h *HAProxy) othersServing(ctx context.Context, index int) error {
	stats, err := h.stats(ctx)
	if err != nil {
		return err
	}
	for i, srv := range h.servers {
		if i == index {
			continue
		}
		s, ok := stats[srv]
		if !ok {
			return fmt.Errorf("server %s/%s (index %d) not in show stat: %w", h.backend, srv, i, ErrOtherNotServing)
		}
		if !s.serving() {
			return fmt.Errorf("server %s/%s (index %d) is %s, refusing to take a second server out: %w",
				h.backend, srv, i, s.status, ErrOtherNotServing)
		}
	}
	return nil
}

// waitFor polls `show stat` until ok holds for srv, the drain timeout passes
// (errWaitTimeout) or ctx ends. It returns the last row seen.
func (h *HAProxy) waitFor(ctx context.Context, srv string, ok func(haproxyServerStat) bool) (haproxyServerStat, error) {
	deadline := time.NewTimer(h.drainTimeout)
	defer deadline.Stop()
	tick := time.NewTicker(haproxyPoll)
	defer tick.Stop()
	var last haproxyServerStat
	for {
		stats, err := h.stats(ctx)
		if err != nil {
			return last, err
		}
		s, found := stats[srv]
		if !found {
			return last, fmt.Errorf("server %s/%s not in show stat", h.backend, srv)
		}
		if last = s; ok(s) {
			return s, nil
		}
		select {
		case <-deadline.C:
			return last, errWaitTimeout
		case <-ctx.Done():
			return last, ctx.Err()
		case <-tick.C:
		}
	}
}
