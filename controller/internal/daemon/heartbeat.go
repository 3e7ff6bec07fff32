package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// ErrIDInUse means another live controller holds this replica's heartbeat
// key: two replicas must not share an id.
var ErrIDInUse = errors.New("controller id in use by a live controller")

// heartbeat holds api.KeyController(id) under a session for the daemon's
// life: renewed every renew, taken again if it was lost, released on
// shutdown. Readers find the key held while the replica lives.
type heartbeat struct {
	locker    consulkv.Locker
	kv        consulkv.KV
	clk       clock.Clock
	log       *slog.Logger
	id, key   string
	value     []byte
	renew     time.Duration
	lockDelay time.Duration

	mu   sync.Mutex
	lock consulkv.Lock // nil while not held
}

func newHeartbeat(cfg Config, locker consulkv.Locker, log *slog.Logger) (*heartbeat, error) {
	host, _ := os.Hostname()
	value, err := api.Encode(api.Heartbeat{
		Version: 1, ID: cfg.ID, Host: host, PID: os.Getpid(), Listen: cfg.Listen, StartedAt: cfg.Clock.Now().UTC(),
	})
	if err != nil {
		return nil, fmt.Errorf("heartbeat: %w", err)
	}
	return &heartbeat{
		locker: locker, kv: cfg.Backend, clk: cfg.Clock, log: log,
		id: cfg.ID, key: api.KeyController(cfg.ID), value: value,
		renew: cfg.Lock.RenewInterval(), lockDelay: lockDelay(cfg.Lock),
	}, nil
}

// lockDelay is the lock-delay the options stand for.
func lockDelay(o consulkv.LockOptions) time.Duration {
	switch {
	case o.LockDelay == 0:
		return consulkv.DefaultLockDelay
	case o.LockDelay < 0:
		return 0
	}
	return o.LockDelay
}

// acquire takes the key at start. A key held by another session is another
// live controller with this id (ErrIDInUse); a free key that cannot be
// taken is in lock-delay after a predecessor died, so it retries for as
// long as that lasts.
func (h *heartbeat) acquire(ctx context.Context) error {
	deadline := h.clk.Now().Add(h.lockDelay + h.renew)
	for {
		lk, ok, err := h.locker.TryAcquire(ctx, h.key, h.id, h.value)
		if err != nil {
			return fmt.Errorf("take heartbeat %s: %w", h.key, err)
		}
		if ok {
			h.set(lk)
			return nil
		}
		e, _, err := h.kv.Get(ctx, h.key, &consulkv.QueryOptions{Consistent: true})
		if err != nil {
			return fmt.Errorf("read heartbeat %s: %w", h.key, err)
		}
		if e != nil && e.Session != "" {
			return fmt.Errorf("controller id %q: %s is held by session %s; stop that controller or pick another id: %w",
				h.id, h.key, e.Session, ErrIDInUse)
		}
		if !h.clk.Now().Before(deadline) {
			return fmt.Errorf("take heartbeat %s: still refused after the %v lock-delay", h.key, h.lockDelay)
		}
		if !sleep(ctx, h.clk, time.Second) {
			return fmt.Errorf("take heartbeat %s: %w", h.key, context.Cause(ctx))
		}
	}
}

// keep renews the heartbeat until ctx ends.
func (h *heartbeat) keep(ctx context.Context) {
	for sleep(ctx, h.clk, h.renew) {
		h.refresh(ctx)
	}
}

// refresh renews a held heartbeat, or takes it again when it was lost.
func (h *heartbeat) refresh(ctx context.Context) {
	if lk := h.current(); lk != nil {
		err := lk.Renew(ctx)
		if err == nil {
			return
		}
		if !errors.Is(err, consulkv.ErrSessionInvalid) {
			h.log.WarnContext(ctx, "heartbeat renewal failed", "error", err)
			return
		}
		h.log.ErrorContext(ctx, "heartbeat lost", "error", err)
		h.set(nil)
	}
	lk, ok, err := h.locker.TryAcquire(ctx, h.key, h.id, h.value)
	switch {
	case err != nil:
		h.log.WarnContext(ctx, "heartbeat not taken again", "error", err)
	case !ok:
		h.log.WarnContext(ctx, "heartbeat not taken again: the key is held or in lock-delay", "key", h.key)
	default:
		h.log.InfoContext(ctx, "heartbeat taken again", "key", h.key)
		h.set(lk)
	}
}

// held reports whether the heartbeat is held, as far as this replica knows.
func (h *heartbeat) held() bool {
	lk := h.current()
	if lk == nil {
		return false
	}
	select {
	case <-lk.Lost():
		return false
	default:
		return true
	}
}

// release lets go of the heartbeat and deletes the key, so restarts under
// new ids (hostname-pid) leave nothing behind; call it once keep has
// returned. A key another session took meanwhile is left alone.
func (h *heartbeat) release(ctx context.Context) error {
	lk := h.current()
	if lk == nil {
		return nil
	}
	h.set(nil)
	if err := lk.Unlock(ctx); err != nil {
		return fmt.Errorf("release heartbeat %s: %w", h.key, err)
	}
	e, _, err := h.kv.Get(ctx, h.key, &consulkv.QueryOptions{Consistent: true})
	if err == nil && e != nil && e.Session == "" {
		err = h.kv.Delete(ctx, h.key)
	}
	if err != nil {
		return fmt.Errorf("delete heartbeat %s: %w", h.key, err)
	}
	return nil
}

func (h *heartbeat) current() consulkv.Lock {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.lock
}

func (h *heartbeat) set(lk consulkv.Lock) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.lock = lk
}
