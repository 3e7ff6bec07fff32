package fleetsim

import (
	"context"
	"time"
)

// sessionName is the name session id was created with (its holder: a
// report or a pacing contender), so each kind of session draws its faults
// from a stream of its own.
func (a *actorKV) sessionName(id string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.names[id]
}

func (a *actorKV) CreateSession(ctx context.Context, name string, ttl, lockDelay time.Duration) (string, error) {
	if err := a.pre("create_session", name); err != nil {
		return "", err
	}
	id, err := a.next.CreateSession(ctx, name, ttl, lockDelay)
	if err == nil {
		a.mu.Lock()
		if a.names == nil {
			a.names, a.renewFailed = map[string]string{}, map[string]bool{}
		}
		a.names[id] = name
		a.mu.Unlock()
	}
	return id, err
}

// RenewSession renews session id. Unless the mix lets sessions lapse, a
// renewal right after a failed one of the same session meets no fault:
// every holder renews at least every TTL/3 and outages are shorter than
// that, so with one renewal in two failing at worst, no session of a live
// actor lapses, which is what the sessions are built to ride out.
func (a *actorKV) RenewSession(ctx context.Context, id string) error {
	err := a.renewFault(id)
	if err == nil {
		err = a.next.RenewSession(ctx, id)
	}
	a.mu.Lock()
	a.renewFailed[id] = err != nil
	a.mu.Unlock()
	return err
}

// renewFault is the fault a renewal of session id meets, nil for none.
func (a *actorKV) renewFault(id string) error {
	name := a.sessionName(id)
	select {
	case <-a.dead:
		return errCrashed
	default:
	}
	a.mu.Lock()
	spared := a.renewFailed[id] && !a.f.lapse
	a.mu.Unlock()
	if spared {
		return nil
	}
	return a.f.before(a.actor, "renew_session", name)
}

func (a *actorKV) DestroySession(ctx context.Context, id string) error {
	name := a.sessionName(id)
	if err := a.pre("destroy_session", name); err != nil {
		return err
	}
	return a.post("destroy_session", name, a.next.DestroySession(ctx, id))
}
