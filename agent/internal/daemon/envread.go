package daemon

import (
	"context"
	"fmt"
	"strings"

	"github.com/asgctl/asgctl/agent/internal/envfile"
	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// envReadAttempts bounds the retries of a config read that raced a write.
const envReadAttempts = 5

// readEnv returns the merged environment of svc from one consistent view
// of global/ and <svc>/: global is read, then the service, then global
// again; when global's index did not move, both lists held together at the
// moment the service was read. Otherwise it tries again.
func readEnv(ctx context.Context, kv consulkv.KV, svc string) (map[string]string, error) {
	q := &consulkv.QueryOptions{Consistent: true}
	gp, sp := api.KeyGlobalConfigPrefix, api.KeyServiceConfigPrefix(svc)
	for range envReadAttempts {
		global, before, err := kv.List(ctx, gp, q)
		if err != nil {
			return nil, fmt.Errorf("read config %s: %w", gp, err)
		}
		service, _, err := kv.List(ctx, sp, q)
		if err != nil {
			return nil, fmt.Errorf("read config %s: %w", sp, err)
		}
		_, after, err := kv.List(ctx, gp, q)
		if err != nil {
			return nil, fmt.Errorf("read config %s: %w", gp, err)
		}
		if before != after {
			continue
		}
		g, err := vars(gp, global)
		if err != nil {
			return nil, err
		}
		s, err := vars(sp, service)
		if err != nil {
			return nil, err
		}
		merged, err := envfile.Merge(g, s)
		if err != nil {
			return nil, fmt.Errorf("config of %s: %w (fix it with asgctl config set|unset)", svc, err)
		}
		return merged, nil
	}
	return nil, fmt.Errorf("read config: %s kept changing during %d reads; the next release or config push retries", gp, envReadAttempts)
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
