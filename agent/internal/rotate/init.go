package rotate

import (
	"context"
	"fmt"
	"slices"
	"syscall"
)

// Init sets every backend in or out of rotation at once.
func (b *Builtin) Init(_ context.Context, serving []int) error {
	for _, be := range b.pool.backends {
		be.setEnabled(slices.Contains(serving, be.index))
	}
	b.log.Info("builtin rotation initialised", "serving", serving)
	return nil
}

// Init sets each configured server to ready or maint.
func (h *HAProxy) Init(ctx context.Context, serving []int) error {
	for i, srv := range h.servers {
		state := "maint"
		if slices.Contains(serving, i) {
			state = "ready"
		}
		if err := h.setState(ctx, srv, state); err != nil {
			return fmt.Errorf("haproxy init %s/%s: %w", h.backend, srv, err)
		}
	}
	h.log.Info("haproxy rotation initialised", "backend", h.backend, "serving", serving)
	return nil
}

// Init renders the upstream file with down markers on the others, checks
// it, and reloads nginx when it runs. nginx not running yet (no pid file,
// an empty one — `nginx -t` itself leaves one — or a pid that is gone) is
// fine: nginx reads the file when it starts.
func (n *Nginx) Init(ctx context.Context, serving []int) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	for i := range n.cfg.Servers {
		n.setDown(i, !slices.Contains(serving, i))
	}
	if err := n.writeUpstream(); err != nil {
		return fmt.Errorf("nginx init: %w", err)
	}
	if err := n.check(ctx); err != nil {
		return fmt.Errorf("nginx init: %w", err)
	}
	master, err := n.masterPid()
	if err != nil || syscall.Kill(master, 0) != nil {
		n.log.Info("nginx rotation initialised; nginx not running yet", "serving", serving, "pid_file", n.cfg.PidFile)
		return nil
	}
	if err := n.reload(master); err != nil {
		return fmt.Errorf("nginx init: %w", err)
	}
	n.log.Info("nginx rotation initialised", "serving", serving)
	return nil
}
