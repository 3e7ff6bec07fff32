package fleetsim

import (
	"context"
	"sync"

	"github.com/asgctl/asgctl/controller/consulkv"
)

// actorKV is one actor's connection to Consul: every call first meets the
// seed's faults, and once the actor crashed (dead closed) every call fails,
// as a dead process reaches nothing. The checker reads the store without
// it, so its reads never fail. Faults are injected here rather than with
// the store's interceptor, which cannot tell the checker's reads from the
// actors' calls.
type actorKV struct {
	actor string           // who calls, for the fault streams
	next  consulkv.Backend // the storeLog
	f     *faults
	dead  <-chan struct{} // nil: never crashes
	// acquired, when set, hears of each Acquire that landed.
	acquired func(key, session string)

	mu sync.Mutex
	// names maps each session id to the name it was created with;
	// renewFailed holds the sessions whose last renewal failed.
	names       map[string]string
	renewFailed map[string]bool
}

var _ consulkv.Backend = (*actorKV)(nil)

// pre is the error of a call about to be made, nil to make it.
func (a *actorKV) pre(op, key string) error {
	select {
	case <-a.dead:
		return errCrashed
	default:
	}
	return a.f.before(a.actor, op, key)
}

// post turns a landed write's success into a lost answer, at the rate.
func (a *actorKV) post(op, key string, err error) error {
	if err == nil && a.f.lost(a.actor, op, key) {
		return errLostAnswer
	}
	return err
}

// readOp names a read for the fault streams by its kind (a watch's
// blocking query, a consistent read, a plain one), so the watch and the
// checks an agent makes draw from streams of their own.
func readOp(op string, q *consulkv.QueryOptions) string {
	switch {
	case q == nil:
		return op
	case q.WaitIndex > 0:
		return op + " blocking"
	case q.Consistent:
		return op + " consistent"
	}
	return op
}

func (a *actorKV) Get(ctx context.Context, key string, q *consulkv.QueryOptions) (*consulkv.Entry, uint64, error) {
	if err := a.pre(readOp("get", q), key); err != nil {
		return nil, 0, err
	}
	return a.next.Get(ctx, key, q)
}

func (a *actorKV) List(ctx context.Context, prefix string, q *consulkv.QueryOptions) ([]consulkv.Entry, uint64, error) {
	if err := a.pre(readOp("list", q), prefix); err != nil {
		return nil, 0, err
	}
	return a.next.List(ctx, prefix, q)
}

func (a *actorKV) Put(ctx context.Context, key string, value []byte) error {
	if err := a.pre("put", key); err != nil {
		return err
	}
	return a.post("put", key, a.next.Put(ctx, key, value))
}

func (a *actorKV) CAS(ctx context.Context, key string, value []byte, index uint64) (bool, error) {
	if err := a.pre("cas", key); err != nil {
		return false, err
	}
	ok, err := a.next.CAS(ctx, key, value, index)
	if ok {
		err = a.post("cas", key, err)
	}
	return ok && err == nil, err
}

func (a *actorKV) Delete(ctx context.Context, key string) error {
	if err := a.pre("delete", key); err != nil {
		return err
	}
	return a.post("delete", key, a.next.Delete(ctx, key))
}

func (a *actorKV) Acquire(ctx context.Context, key string, value []byte, session string) (bool, error) {
	if err := a.pre("acquire", key); err != nil {
		return false, err
	}
	ok, err := a.next.Acquire(ctx, key, value, session)
	if ok && err == nil && a.acquired != nil {
		a.acquired(key, session)
	}
	if ok {
		err = a.post("acquire", key, err)
	}
	return ok && err == nil, err
}

func (a *actorKV) Release(ctx context.Context, key string, session string) (bool, error) {
	if err := a.pre("release", key); err != nil {
		return false, err
	}
	ok, err := a.next.Release(ctx, key, session)
	if ok {
		err = a.post("release", key, err)
	}
	return ok && err == nil, err
}
