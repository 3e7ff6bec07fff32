package loop

import (
	"log/slog"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/execute"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
	"github.com/asgctl/asgctl/controller/internal/verify"
)

// Defaults for the lock cadence fields of Config: a standby retries about
// as often as a dead holder's lock could free up, and a holder renews at the
// rate the default lock options ask for (a third of the TTL).
var (
	DefaultLockRetry = consulkv.DefaultLockTTL
	DefaultLockRenew = consulkv.LockOptions{}.RenewInterval()
)

// DefaultPassGrace bounds how long Run lets a pass under way finish once its
// context has ended: a pass's AWS calls take seconds, and cutting one
// mid-way only leaves work for the next holder.
const DefaultPassGrace = 30 * time.Second

// Config wires one service's loop.
type Config struct {
	Service string
	Holder  string // controller id, used as the lock holder
	Store   consulkv.Store
	Locker  consulkv.Locker
	Clients awsapi.Clients
	Clock   clock.Clock
	Logger  *slog.Logger // nil = discard
	Tuning  reconcile.Tuning
	// Decide is the decision function; nil = reconcile.Decide.
	Decide func(reconcile.Observed, reconcile.Desired, time.Time) reconcile.Plan
	// Before is passed to the executor (crash and fault injection).
	Before func(i int, a reconcile.Action) error
	// Hooks runs the spec's verify hooks; nil = verify.Runner on Clock.
	Hooks execute.HookRunner
	// OnPass is called after every pass (simulation invariant checks,
	// sandbox timeline). Under Run it is called once the wait after the
	// pass is armed, so advancing a fake clock from it is safe.
	OnPass func(PassReport)
	// LockRetry is how often a loop without the lock tries to take it;
	// 0 = DefaultLockRetry.
	LockRetry time.Duration
	// LockRenew is how often Run renews a held lock between passes; set it
	// to the Locker's LockOptions.RenewInterval(). 0 = DefaultLockRenew.
	LockRenew time.Duration
	// PassGrace is how long a pass under way when Run's context ends may
	// still run: Run's passes use a context that carries its values but not
	// its cancellation, cancelled PassGrace after Run's context ends.
	// 0 = DefaultPassGrace; negative = passes use Run's context itself and
	// are cut short with it.
	PassGrace time.Duration
	// NoJitter turns off the randomisation of the failure backoff, for
	// simulations that must replay exactly.
	NoJitter bool
}

// PassReport describes one pass.
type PassReport struct {
	Service  string
	At       time.Time
	Held     bool // the pass held the service lock (else it did nothing)
	Observed reconcile.Observed
	Desired  reconcile.Desired
	Plan     reconcile.Plan
	Applied  int
	Err      error
	// Next is what the pass asked for: the plan's RequeueAfter, the idle or
	// lock-retry interval, or 0 after an error.
	Next time.Duration
	// Wait is how long Run waits before the next pass (at most; a wake
	// signal or a lost lock cuts it short). Zero when the pass ran via Step.
	Wait time.Duration
}

func (c Config) withDefaults() Config {
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Decide == nil {
		c.Decide = reconcile.Decide
	}
	if c.Clock == nil {
		c.Clock = clock.Real{}
	}
	if c.Hooks == nil {
		c.Hooks = verify.Runner{Clock: c.Clock}
	}
	if c.LockRetry <= 0 {
		c.LockRetry = DefaultLockRetry
	}
	if c.LockRenew <= 0 {
		c.LockRenew = DefaultLockRenew
	}
	if c.PassGrace == 0 {
		c.PassGrace = DefaultPassGrace
	}
	c.Tuning = c.Tuning.WithDefaults()
	return c
}
