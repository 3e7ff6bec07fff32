package rotate

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"
)

// haproxyPoll is how often Drain and Enable re-read `show stat`.
const haproxyPoll = 50 * time.Millisecond

// ErrOtherNotServing reports a drain refused because another server of the
// backend is not in rotation: draining would leave fewer than N−1 serving.
var ErrOtherNotServing = errors.New("another server is not serving")

// HAProxy is the haproxy rotation driver. It talks to a colocated HAProxy
// through its runtime API (a `stats socket ... level admin` unix socket):
// `set server <backend>/<server> state drain|maint|ready` and `show stat`.
type HAProxy struct {
	socket       string
	backend      string
	servers      map[int]string
	drainTimeout time.Duration
	log          *slog.Logger
}

var _ Driver = (*HAProxy)(nil)

// NewHAProxy returns a driver for backend on the runtime API socket, where
// servers maps process index → HAProxy server name. drainTimeout caps both
// the wait for a drained server's sessions to end and the wait for an
// enabled server to be reported UP.
func NewHAProxy(socket, backend string, servers map[int]string, drainTimeout time.Duration, log *slog.Logger) *HAProxy {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	copied := make(map[int]string, len(servers))
	for i, s := range servers {
		copied[i] = s
	}
	return &HAProxy{socket: socket, backend: backend, servers: copied, drainTimeout: drainTimeout, log: log}
}

// Drain refuses when another configured server of the backend is not
// serving; otherwise it sets the server to drain (no new sessions), waits
// until its current sessions (scur) reach 0, then sets it to maint. On
// timeout it returns an ErrDrainTimeout error and the server stays in drain.
func (h *HAProxy) Drain(ctx context.Context, index int) error {
	srv, err := h.server(index)
	if err != nil {
		return fmt.Errorf("haproxy drain: %w", err)
	}
	if err := h.othersServing(ctx, index); err != nil {
		return fmt.Errorf("haproxy drain %s/%s: %w", h.backend, srv, err)
	}
	start := time.Now()
	if err := h.setState(ctx, srv, "drain"); err != nil {
		return err
	}
	last, err := h.waitFor(ctx, srv, func(s haproxyServerStat) bool { return s.scur == 0 })
	if errors.Is(err, errWaitTimeout) {
		return fmt.Errorf("haproxy drain %s/%s: %d sessions after %s: %w", h.backend, srv, last.scur, h.drainTimeout, ErrDrainTimeout)
	}
	if err != nil {
		return fmt.Errorf("haproxy drain %s/%s: %w", h.backend, srv, err)
	}
	if err := h.setState(ctx, srv, "maint"); err != nil {
		return err
	}
	h.log.Info("haproxy server drained", "backend", h.backend, "server", srv, "index", index, "took", time.Since(start))
	return nil
}

// Enable sets the server to ready and waits until HAProxy reports it UP
// (health checks passing), capped by the drain timeout.
func (h *HAProxy) Enable(ctx context.Context, index int) error {
	srv, err := h.server(index)
	if err != nil {
		return fmt.Errorf("haproxy enable: %w", err)
	}
	if err := h.setState(ctx, srv, "ready"); err != nil {
		return err
	}
	last, err := h.waitFor(ctx, srv, haproxyServerStat.serving)
	if err != nil {
		return fmt.Errorf("haproxy enable %s/%s: status %q: %w", h.backend, srv, last.status, err)
	}
	h.log.Info("haproxy server enabled", "backend", h.backend, "server", srv, "index", index)
	return nil
}

// Serving lists the indexes whose servers HAProxy reports UP (or "no
// check"), ascending. It returns nil, and logs, when the API fails.
func (h *HAProxy) Serving() []int {
	ctx, cancel := context.WithTimeout(context.Background(), haproxyCmdTimeout)
	defer cancel()
	stats, err := h.stats(ctx)
	if err != nil {
		h.log.Warn("haproxy serving: show stat failed", "error", err)
		return nil
	}
	var out []int
	for i, srv := range h.servers {
		if s, ok := stats[srv]; ok && s.serving() {
			out = append(out, i)
		}
	}
	sort.Ints(out)
	return out
}

func (h *HAProxy) server(index int) (string, error) {
	srv, ok := h.servers[index]
	if !ok {
		return "", fmt.Errorf("%w %d", ErrUnknownBackend, index)
	}
	return srv, nil
}

func (h *HAProxy) setState(ctx context.Context, srv, state string) error {
	cmd := fmt.Sprintf("set server %s/%s state %s", h.backend, srv, state)
	out, err := haproxyCmd(ctx, h.socket, cmd)
	if err != nil {
		return err
	}
	if msg := strings.TrimSpace(out); msg != "" {
		return fmt.Errorf("haproxy %q: %s", cmd, msg)
	}
	return nil
}

func (h *HAProxy) stats(ctx context.Context) (map[string]haproxyServerStat, error) {
	out, err := haproxyCmd(ctx, h.socket, "show stat")
	if err != nil {
		return nil, err
	}
	return parseShowStat(out, h.backend)
}
