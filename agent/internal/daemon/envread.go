package daemon

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/asgctl/asgctl/agent/internal/coord"
	"github.com/asgctl/asgctl/agent/internal/envfile"
	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// envReadAttempts bounds the retries of a config read that raced a write.
const envReadAttempts = 5

// readEnv returns the merged environment of svc from one consistent view
// of global/ and <svc>/, and the Consul index of that view: global is
// read, then the service, then global again; when global's index did not
// move, both lists held together at the moment the service was read.
// Otherwise it tries again. allowed says which denylisted names
// (api.DeniedEnv) this box lets config set (nil: none).
//
// A refused name or value is a final error (coord.IsFinal): the config
// must change. Consul errors, and a config that kept changing, are not.
func readEnv(ctx context.Context, kv consulkv.KV, svc string, allowed func(string) bool) (map[string]string, uint64, error) {
	q := &consulkv.QueryOptions{Consistent: true}
	gp, sp := api.KeyGlobalConfigPrefix, api.KeyServiceConfigPrefix(svc)
	for range envReadAttempts {
		global, before, err := kv.List(ctx, gp, q)
		if err != nil {
			return nil, 0, fmt.Errorf("read config %s: %w", gp, err)
		}
		service, sindex, err := kv.List(ctx, sp, q)
		if err != nil {
			return nil, 0, fmt.Errorf("read config %s: %w", sp, err)
		}
		_, after, err := kv.List(ctx, gp, q)
		if err != nil {
			return nil, 0, fmt.Errorf("read config %s: %w", gp, err)
		}
		if before != after {
			continue
		}
		merged, err := mergeEnv(svc, global, service, allowed)
		return merged, max(before, sindex), err
	}
	return nil, 0, fmt.Errorf("read config: %s kept changing during %d reads; retrying", gp, envReadAttempts)
}

// mergeEnv checks and merges the two lists (service wins).
func mergeEnv(svc string, global, service []consulkv.Entry, allowed func(string) bool) (map[string]string, error) {
	gp, sp := api.KeyGlobalConfigPrefix, api.KeyServiceConfigPrefix(svc)
	g, err := vars(gp, global)
	if err != nil {
		return nil, coord.Final(err)
	}
	s, err := vars(sp, service)
	if err != nil {
		return nil, coord.Final(err)
	}
	merged, err := envfile.Merge(g, s)
	if err != nil {
		return nil, coord.Final(fmt.Errorf("config of %s: %w (fix it with asgctl config set|unset)", svc, err))
	}
	if err := denied(svc, merged, s, allowed); err != nil {
		return nil, coord.Final(err)
	}
	return merged, nil
}

// denied refuses the first denylisted name in merged this box does not
// allow, naming where it comes from and how to remove it.
func denied(svc string, merged, service map[string]string, allowed func(string) bool) error {
	for _, name := range slices.Sorted(maps.Keys(merged)) {
		why, isDenied := api.DeniedEnv(name)
		if !isDenied || (allowed != nil && allowed(name)) {
			continue
		}
		scope := "global"
		if _, ok := service[name]; ok {
			scope = svc
		}
		return fmt.Errorf("config %s/%s: %s %s, so config may not set it (remove it with asgctl config unset %s %s; "+
			"a box that needs it lists it in the agent config's env_allow)", scope, name, name, why, scope, name)
	}
	return nil
}

// vars turns the entries under prefix into name → value. A nested key
// cannot be an environment variable and is refused by name.
func vars(prefix string, entries []consulkv.Entry) (map[string]string, error) {
	out := make(map[string]string, len(entries))
	for _, e := range entries {
		name := strings.TrimPrefix(e.Key, prefix)
		if name == "" {
			continue // the prefix itself, as a folder marker
		}
		if strings.Contains(name, "/") {
			return nil, fmt.Errorf("config key %s: nested keys are not environment variables; remove it", e.Key)
		}
		out[name] = string(e.Value)
	}
	return out, nil
}
