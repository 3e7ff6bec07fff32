package consulkv

import (
	"context"
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
)

// Controllers lists live controllers: heartbeat keys a session holds. A key
// whose session ended (the controller stopped or died) is not listed, and
// an unreadable heartbeat is an error naming its key.
func (s *typedStore) Controllers(ctx context.Context) ([]api.Heartbeat, error) {
	entries, _, err := s.kv.List(ctx, api.KeyControllersPrefix, nil)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", api.KeyControllersPrefix, err)
	}
	var out []api.Heartbeat
	for _, e := range entries {
		if e.Session == "" {
			continue
		}
		var hb api.Heartbeat
		if err := api.DecodeStrict(e.Value, &hb); err != nil {
			return nil, fmt.Errorf("read %s: %w", e.Key, err)
		}
		out = append(out, hb)
	}
	return out, nil
}
