package consulkv

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/asgctl/asgctl/controller/api"
)

// typedStore is the Store over any KV: JSON values encoded with api.Encode,
// decoded strictly and validated with the api.Decode* functions, every error
// naming the key.
type typedStore struct {
	kv KV
}

var _ Store = (*typedStore)(nil)

// NewStore returns the typed Store over kv. Every value is validated before
// it is written (a value that would not read back is never stored) and after
// it is read; values are bounded by api.MaxValueBytes.
func NewStore(kv KV) Store { return &typedStore{kv: kv} }

// Spec reads a service's spec; nil and 0 when there is none.
func (s *typedStore) Spec(ctx context.Context, svc string) (*api.ServiceSpec, uint64, error) {
	if err := checkService(svc); err != nil {
		return nil, 0, err
	}
	return readValue(ctx, s.kv, api.KeySpec(svc), nil, api.DecodeSpec)
}

// PutSpec validates spec and writes it unconditionally (idempotent).
func (s *typedStore) PutSpec(ctx context.Context, spec *api.ServiceSpec) error {
	if spec == nil {
		return fmt.Errorf("put spec: no spec given")
	}
	key := api.KeySpec(spec.Name)
	if err := spec.Validate(); err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	data, err := api.Encode(spec)
	if err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	if err := s.kv.Put(ctx, key, data); err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	return nil
}

// Services lists the services that have a spec key, sorted by name.
func (s *typedStore) Services(ctx context.Context) ([]string, error) {
	entries, _, err := s.kv.List(ctx, api.KeyServicesPrefix, nil)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", api.KeyServicesPrefix, err)
	}
	var names []string
	for _, e := range entries {
		svc, leaf, ok := strings.Cut(strings.TrimPrefix(e.Key, api.KeyServicesPrefix), "/")
		if ok && leaf == "spec" && svc != "" {
			names = append(names, svc)
		}
	}
	sort.Strings(names)
	return names, nil
}

// checkService rejects names that would break the key layout. The full
// naming rules are the spec's (api.ServiceSpec.Validate).
func checkService(svc string) error {
	if svc == "" || strings.Contains(svc, "/") {
		return fmt.Errorf("service name %q must be non-empty and contain no '/'", svc)
	}
	return nil
}
