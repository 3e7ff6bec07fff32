package consulkv

import (
	"context"
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
)

// Desired reads a service's desired-state request; nil and 0 when none.
func (s *typedStore) Desired(ctx context.Context, svc string) (*api.Desired, uint64, error) {
	if err := checkService(svc); err != nil {
		return nil, 0, err
	}
	return readValue(ctx, s.kv, api.KeyDesired(svc), nil, api.DecodeDesired)
}

// PutDesired validates d and writes it with check-and-set on index (0: only
// if absent); it returns the new index, or ErrConflict when it lost.
func (s *typedStore) PutDesired(ctx context.Context, svc string, d *api.Desired, index uint64) (uint64, error) {
	if err := checkService(svc); err != nil {
		return 0, err
	}
	if d == nil {
		return 0, fmt.Errorf("put %s: no desired state given", api.KeyDesired(svc))
	}
	return casValue(ctx, s.kv, api.KeyDesired(svc), d, index)
}

// WaitDesired blocks until the desired key's ModifyIndex differs from index
// (written, created or deleted) or ctx ends, and returns the value and index
// then. It repeats the blocking query across Consul's wait-time timeouts and
// wake-ups that changed nothing, so it never returns the value it was given.
// Index 0 means "absent": it waits for the key to appear.
func (s *typedStore) WaitDesired(ctx context.Context, svc string, index uint64) (*api.Desired, uint64, error) {
	if err := checkService(svc); err != nil {
		return nil, 0, err
	}
	key := api.KeyDesired(svc)
	wait := max(index, 1)
	for {
		e, next, err := s.kv.Get(ctx, key, &QueryOptions{WaitIndex: wait})
		if err != nil {
			return nil, 0, fmt.Errorf("watch %s: %w", key, err)
		}
		switch {
		case e == nil && index == 0:
		case e != nil && e.ModifyIndex == index:
		case e == nil:
			return nil, 0, nil
		default:
			d, err := decodeEntry(e, api.DecodeDesired)
			if err != nil {
				return nil, 0, err
			}
			return d, e.ModifyIndex, nil
		}
		// Wait on the index Consul returned, even a lower one: an index
		// that went backwards (a snapshot restore) must not leave the
		// query waiting for a number the store will not reach soon.
		wait = max(next, 1)
	}
}
