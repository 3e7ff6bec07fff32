package consulkv

import (
	"context"

	"github.com/asgctl/asgctl/controller/api"
)

// Store is the typed view of asgctl's state (key layout in api/keys.go).
// Values are JSON, decoded strictly; an absent key reads as nil with index 0.
type Store interface {
	Spec(ctx context.Context, svc string) (*api.ServiceSpec, uint64, error)
	// PutSpec validates and writes a spec (idempotent).
	PutSpec(ctx context.Context, spec *api.ServiceSpec) error
	// Services lists the names of services that have a spec, sorted.
	Services(ctx context.Context) ([]string, error)

	Desired(ctx context.Context, svc string) (*api.Desired, uint64, error)
	// PutDesired writes with check-and-set on index (0 = only if absent) and
	// returns the new index; ErrConflict when someone wrote first.
	PutDesired(ctx context.Context, svc string, d *api.Desired, index uint64) (uint64, error)
	// WaitDesired blocks until the desired key's index moves past index (or
	// ctx ends) and returns the new value and index.
	WaitDesired(ctx context.Context, svc string, index uint64) (*api.Desired, uint64, error)

	// Rollout reads the current record with a consistent read.
	Rollout(ctx context.Context, svc string) (*api.Rollout, uint64, error)
	// PutRollout writes with check-and-set on index; ErrConflict when lost.
	PutRollout(ctx context.Context, svc string, r *api.Rollout, index uint64) (uint64, error)

	// AppendHistory stores a finished rollout under its seq (idempotent) and
	// trims the history to api.HistoryLimit entries.
	AppendHistory(ctx context.Context, svc string, r *api.Rollout) error
	// History lists finished rollouts, newest first.
	History(ctx context.Context, svc string) ([]api.Rollout, error)
	// LatestHistorySeq is the highest seq in history, 0 when empty.
	LatestHistorySeq(ctx context.Context, svc string) (int, error)

	// Checks reads the stored verify hook results (api.KeyChecks).
	Checks(ctx context.Context, svc string) (*api.HookResults, uint64, error)
	// AddCheck records one hook result of a rollout, starting afresh when
	// the stored results are another rollout's.
	AddCheck(ctx context.Context, svc, rollout string, res api.HookResult) error

	// Controllers lists the heartbeats of live controllers (keys held by a
	// session), sorted by id.
	Controllers(ctx context.Context) ([]api.Heartbeat, error)
}

// Locker hands out per-service reconciler locks backed by sessions.
type Locker interface {
	// TryLock takes the service's lock for holder without waiting; ok is
	// false when another holder has it or lock-delay is in force.
	TryLock(ctx context.Context, svc, holder string) (lock Lock, ok bool, err error)
	// TryAcquire holds any key for holder with value under a new session,
	// without waiting (a controller's heartbeat is one).
	TryAcquire(ctx context.Context, key, holder string, value []byte) (lock Lock, ok bool, err error)
}

// Lock is a held per-service lock.
type Lock interface {
	// Renew keeps the session alive; an error (ErrSessionInvalid) means the
	// lock is lost and the holder must stop acting for the service.
	Renew(ctx context.Context) error
	// Lost is closed once the lock is known (or, its lease having run out
	// locally, presumed) to be lost, and on Unlock.
	Lost() <-chan struct{}
	// Unlock releases the key and destroys the session; after a success it
	// is a no-op.
	Unlock(ctx context.Context) error
}
