package coord

import (
	"context"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/fleet"
)

// Pacer hands out the service's pacing slots (consulkv.Semaphore).
type Pacer interface {
	// Acquire blocks until a slot is granted (fewer holders than limit
	// says) or ctx ends.
	Acquire(ctx context.Context, limit func(ctx context.Context) (int, error)) (Slot, error)
}

// Slot is a granted pacing slot.
type Slot interface {
	Release(ctx context.Context) error
	// Lost is closed once the slot's session is known or presumed lost:
	// another box may hold the slot then.
	Lost() <-chan struct{}
}

// limitFor is the pacing limit of rec against the live instances of the
// service at each call: the report keys held by a live session (an agent
// whose report does not decode is an instance all the same).
func (c *Coordinator) limitFor(rec *api.Release) func(ctx context.Context) (int, error) {
	return func(ctx context.Context) (int, error) {
		entries, _, err := c.KV.List(ctx, api.KeyAgentsPrefix(c.Service), nil)
		if err != nil {
			return 0, err
		}
		return fleet.Limit(rec, liveKeys(entries)), nil
	}
}

// liveKeys counts entries held by a session.
func liveKeys(entries []consulkv.Entry) int {
	n := 0
	for _, e := range entries {
		if e.Session != "" {
			n++
		}
	}
	return n
}
