package consulkv

import (
	"context"
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
)

// Rollout reads a service's rollout record with a consistent read; nil and
// 0 when none.
func (s *typedStore) Rollout(ctx context.Context, svc string) (*api.Rollout, uint64, error) {
	if err := checkService(svc); err != nil {
		return nil, 0, err
	}
	return readValue(ctx, s.kv, api.KeyRollout(svc), &QueryOptions{Consistent: true}, api.DecodeRollout)
}

// PutRollout validates r and writes it with check-and-set on index; it
// returns the new index, or ErrConflict when it lost.
func (s *typedStore) PutRollout(ctx context.Context, svc string, r *api.Rollout, index uint64) (uint64, error) {
	key := api.KeyRollout(svc)
	if err := checkRecord(svc, r); err != nil {
		return 0, fmt.Errorf("put %s: %w", key, err)
	}
	return casValue(ctx, s.kv, key, r, index)
}

// checkRecord rejects a missing record or one filed under another service.
func checkRecord(svc string, r *api.Rollout) error {
	if err := checkService(svc); err != nil {
		return err
	}
	if r == nil {
		return fmt.Errorf("no rollout record given")
	}
	if r.Service != svc {
		return fmt.Errorf("record is for service %q, not %q", r.Service, svc)
	}
	return nil
}
