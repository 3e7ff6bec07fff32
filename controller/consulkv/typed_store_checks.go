package consulkv

import (
	"context"
	"errors"
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
)

// Checks reads the verify hook results stored for a service; nil and 0
// when none.
func (s *typedStore) Checks(ctx context.Context, svc string) (*api.HookResults, uint64, error) {
	if err := checkService(svc); err != nil {
		return nil, 0, err
	}
	return readValue(ctx, s.kv, api.KeyChecks(svc), &QueryOptions{Consistent: true}, api.DecodeHookResults)
}

// AddCheck records one hook result of rollout: appended to the stored
// results when they are that rollout's, else replacing them (a new
// rollout starts afresh). It retries a lost check-and-set a few times (the
// controller holding the service lock is the only writer; a retry only
// covers a read that raced a write of its own).
func (s *typedStore) AddCheck(ctx context.Context, svc, rollout string, res api.HookResult) error {
	if err := checkService(svc); err != nil {
		return err
	}
	var err error
	for range 3 {
		if err = s.addCheckOnce(ctx, svc, rollout, res); err == nil || !errors.Is(err, ErrConflict) {
			return err
		}
	}
	return err
}

func (s *typedStore) addCheckOnce(ctx context.Context, svc, rollout string, res api.HookResult) error {
	cur, idx, err := s.Checks(ctx, svc)
	if err != nil {
		return err
	}
	next := &api.HookResults{Version: api.HookResultsVersion, Rollout: rollout}
	if cur != nil && cur.Rollout == rollout {
		next.Results = append(next.Results, cur.Results...)
	}
	next.Results = append(next.Results, res)
	if _, err := casValue(ctx, s.kv, api.KeyChecks(svc), next, idx); err != nil {
		return fmt.Errorf("record hook %s of %s: %w", res.Hook, rollout, err)
	}
	return nil
}
