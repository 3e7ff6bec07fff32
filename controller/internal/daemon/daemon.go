package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/asgctl/asgctl/controller/consulkv"
)

// Daemon is one controller replica. Make it with New and call Run once.
type Daemon struct {
	cfg     Config
	log     *slog.Logger
	store   consulkv.Store
	locker  consulkv.Locker
	hb      *heartbeat
	metrics *metrics

	ready    chan struct{} // closed once the heartbeat is held and HTTP listens
	stopping atomic.Bool
	addr     atomic.Pointer[net.Addr]

	mu          sync.Mutex
	runners     map[string]*runner
	brokenSeen  map[string]string // service -> last logged spec error
	runnersDone sync.WaitGroup
}

// New checks cfg, fills its defaults and returns a replica; it does no I/O.
func New(cfg Config) (*Daemon, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	log := cfg.Logger.With("controller", cfg.ID)
	d := &Daemon{
		cfg: cfg, log: log,
		store:   consulkv.NewStore(cfg.Backend),
		locker:  consulkv.NewLocker(cfg.Backend, cfg.Clock, cfg.Lock),
		metrics: newMetrics(),
		ready:   make(chan struct{}),
		runners: map[string]*runner{}, brokenSeen: map[string]string{},
	}
	if d.hb, err = newHeartbeat(cfg, d.locker, log); err != nil {
		return nil, err
	}
	return d, nil
}

// Run starts a replica with cfg and returns once it has shut down, after
// ctx ends (see Daemon.Run).
func Run(ctx context.Context, cfg Config) error {
	d, err := New(cfg)
	if err != nil {
		return err
	}
	return d.Run(ctx)
}

// Run takes the heartbeat (failing with ErrIDInUse when another live
// controller has this id), serves HTTP when Listen is set, and runs one
// loop per service spec and the release guard until ctx ends. Then it starts no new pass, lets
// the passes under way finish (up to ShutdownTimeout), releases every
// service lock and the heartbeat, stops HTTP and returns nil, or the
// errors of a shutdown that could not release everything.
func (d *Daemon) Run(ctx context.Context) error {
	if err := d.hb.acquire(ctx); err != nil {
		if ctx.Err() != nil {
			return nil // stopped while starting: nothing is held
		}
		return err
	}
	srv, err := d.listen()
	if err != nil {
		return errors.Join(err, d.hb.release(context.WithoutCancel(ctx)))
	}
	d.log.InfoContext(ctx, "controller started", "listen", d.cfg.Listen)
	close(d.ready)
	// The heartbeat outlives ctx: it is kept until the last pass is done.
	hbCtx, stopHB := context.WithCancel(context.WithoutCancel(ctx))
	hbDone := make(chan struct{})
	go func() {
		defer close(hbDone)
		d.hb.keep(hbCtx)
	}()
	guardDone := make(chan struct{})
	go func() {
		defer close(guardDone)
		newReleaseGuard(d.cfg.Backend, d.cfg.Clock, d.log, d.cfg.ID).run(ctx)
	}()
	d.watchServices(ctx)
	<-guardDone
	err = d.drain(context.WithoutCancel(ctx))
	stopHB()
	<-hbDone
	return errors.Join(err, d.finish(context.WithoutCancel(ctx), srv))
}

// Ready is closed once Run holds the heartbeat and, when Listen is set,
// listens.
func (d *Daemon) Ready() <-chan struct{} { return d.ready }

// Addr is the address HTTP listens on once Ready; nil when Listen is "".
func (d *Daemon) Addr() net.Addr {
	if a := d.addr.Load(); a != nil {
		return *a
	}
	return nil
}

// ID is the replica's controller id.
func (d *Daemon) ID() string { return d.cfg.ID }

// listen starts the HTTP server when Listen is set.
func (d *Daemon) listen() (*http.Server, error) {
	if d.cfg.Listen == "" {
		return nil, nil
	}
	ln, err := net.Listen("tcp", d.cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", d.cfg.Listen, err)
	}
	addr := ln.Addr()
	d.addr.Store(&addr)
	srv := newServer(d.Handler(), d.log)
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			d.log.Error("http server stopped", "error", err)
		}
	}()
	return srv, nil
}
