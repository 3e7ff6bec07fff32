package rotate

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"
)

// NginxConfig configures the nginx rotation driver.
type NginxConfig struct {
	// UpstreamFile is the include file the driver renders: one
	// `server ADDR [params] [down];` line per process, meant to be included
	// inside an `upstream { ... }` block of the operator's nginx config.
	UpstreamFile string
	// Servers maps process index → upstream address (host:port).
	Servers map[int]string
	// ServerParams is appended to every server line (e.g. "max_fails=0").
	ServerParams string
	// ConfFile is the main nginx config, checked with `nginx -t -c ConfFile`.
	ConfFile string
	// PidFile holds the nginx master's pid; reload is SIGHUP to it.
	PidFile string
	// Binary is the nginx executable; empty means "nginx" on PATH.
	Binary string
	// TestArgs are extra arguments for `nginx -t` (e.g. -p PREFIX, -e LOG).
	TestArgs []string
	// DrainTimeout caps the wait after a reload. Open source nginx exposes
	// no per-upstream in-flight count (stub_status is global; the upstream
	// API is nginx Plus only), so the driver waits for the previous worker
	// generation to exit instead: graceful old workers exit only when their
	// in-flight requests are done. That includes requests to servers that
	// stay up and long-lived (websocket) connections, so set nginx's
	// worker_shutdown_timeout below DrainTimeout. Where /proc cannot be
	// read the driver waits the whole DrainTimeout as a fixed period.
	DrainTimeout time.Duration
}

// Nginx is the nginx rotation driver: it renders the upstream include with
// `down` on drained servers, checks the config with `nginx -t` and reloads
// gracefully (SIGHUP to the master: new workers take the new config, old
// workers finish their in-flight requests and exit).
type Nginx struct {
	cfg  NginxConfig
	log  *slog.Logger
	mu   sync.Mutex
	down map[int]bool
}

var _ Driver = (*Nginx)(nil)

// NewNginx validates cfg and writes the upstream file with every server in
// rotation. It does not reload nginx.
func NewNginx(cfg NginxConfig, log *slog.Logger) (*Nginx, error) {
	if len(cfg.Servers) == 0 || cfg.UpstreamFile == "" || cfg.ConfFile == "" || cfg.PidFile == "" {
		return nil, errors.New("nginx rotation: servers, upstream file, conf file and pid file are required")
	}
	if cfg.DrainTimeout <= 0 {
		return nil, fmt.Errorf("nginx rotation: drain timeout must be positive, got %s", cfg.DrainTimeout)
	}
	if cfg.Binary == "" {
		cfg.Binary = "nginx"
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	servers := make(map[int]string, len(cfg.Servers))
	for i, s := range cfg.Servers {
		servers[i] = s
	}
	cfg.Servers = servers
	n := &Nginx{cfg: cfg, log: log, down: map[int]bool{}}
	if err := n.writeUpstream(); err != nil {
		return nil, err
	}
	return n, nil
}

// Drain refuses when another server is already down; otherwise it marks
// the server down, checks and reloads nginx, then waits until the workers
// that could still route to it have exited (see DrainTimeout). If the check
// or the reload signal fails, the file is restored and the server stays in
// rotation; on ErrDrainTimeout it stays out.
func (n *Nginx) Drain(ctx context.Context, index int) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if _, ok := n.cfg.Servers[index]; !ok {
		return fmt.Errorf("nginx drain: %w %d", ErrUnknownBackend, index)
	}
	for i := range n.down {
		if i != index {
			return fmt.Errorf("nginx drain %d: server %d (%s) is down, refusing to take a second server out: %w",
				index, i, n.cfg.Servers[i], ErrOtherNotServing)
		}
	}
	start := time.Now()
	if err := n.apply(ctx, index, true); err != nil {
		return fmt.Errorf("nginx drain %d: %w", index, err)
	}
	n.log.Info("nginx server drained", "index", index, "server", n.cfg.Servers[index], "took", time.Since(start))
	return nil
}

// Enable removes the server's down marker, checks and reloads nginx, and
// waits like Drain for the previous workers to exit; a timeout there is
// only logged, since the server is in rotation in the new config anyway.
func (n *Nginx) Enable(ctx context.Context, index int) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if _, ok := n.cfg.Servers[index]; !ok {
		return fmt.Errorf("nginx enable: %w %d", ErrUnknownBackend, index)
	}
	err := n.apply(ctx, index, false)
	if errors.Is(err, ErrDrainTimeout) {
		n.log.Warn("nginx enable: old workers still running", "index", index, "error", err)
	} else if err != nil {
		return fmt.Errorf("nginx enable %d: %w", index, err)
	}
	n.log.Info("nginx server enabled", "index", index, "server", n.cfg.Servers[index])
	return nil
}

// Serving lists the indexes not marked down in the rendered file,
// ascending (nginx itself has no cheap status query).
func (n *Nginx) Serving() []int {
	n.mu.Lock()
	defer n.mu.Unlock()
	var out []int
	for i := range n.cfg.Servers {
		if !n.down[i] {
			out = append(out, i)
		}
	}
	sort.Ints(out)
	return out
}

// apply sets the down marker of index, renders, tests, reloads and waits
// for the new worker generation; if anything before the reload signal
// fails it puts the previous marker and file back.
func (n *Nginx) apply(ctx context.Context, index int, down bool) error {
	was := n.down[index]
	n.setDown(index, down)
	var master int
	var old map[int]bool
	var listErr error
	err := n.writeUpstream()
	if err == nil {
		err = n.check(ctx)
	}
	if err == nil {
		master, err = n.masterPid()
	}
	if err == nil {
		old, listErr = nginxChildren(master)
		err = n.reload(master)
	}
	if err != nil {
		n.setDown(index, was)
		if rerr := n.writeUpstream(); rerr != nil {
			n.log.Error("nginx rotation: restore upstream file", "error", rerr)
		}
		return err
	}
	if listErr != nil {
		n.log.Warn("nginx rotation: cannot observe workers, waiting the whole drain timeout", "error", listErr)
	}
	return n.waitGeneration(ctx, master, old, listErr)
}

func (n *Nginx) setDown(index int, down bool) {
	if down {
		n.down[index] = true
	} else {
		delete(n.down, index)
	}
}
