package consulkv

import (
	"context"
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
)

// ReadRelease reads deploys/<svc> with a consistent read: the release
// record and its ModifyIndex, or nil and 0 when there is none. A value
// that does not decode is an error naming the key. The agents, the CLI and
// the controller all read the record this way before a check-and-set.
func ReadRelease(ctx context.Context, kv KV, svc string) (*api.Release, uint64, error) {
	key := api.KeyDeploy(svc)
	e, _, err := kv.Get(ctx, key, &QueryOptions{Consistent: true})
	if err != nil {
		return nil, 0, fmt.Errorf("read %s: %w", key, err)
	}
	if e == nil {
		return nil, 0, nil
	}
	rec, err := api.DecodeRelease(e.Value)
	if err != nil {
		return nil, 0, fmt.Errorf("%s holds a value asgctl cannot read (fix or delete the key): %w", key, err)
	}
	return rec, e.ModifyIndex, nil
}
