package live

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/consulkv/consulhttp"
)

// memoryService is the service name on the in-memory store, which the run
// has to itself.
const memoryService = "web"

// openConsul sets w.kv, w.service and w.consulAddr (what the agents dial):
// the in-memory store served over Consul's HTTP API, or the real Consul
// agent o names under a service name of this run's own.
func (w *world) openConsul(ctx context.Context, o ConsulOptions) error {
	if o.Address == "" {
		mem := consulkv.NewMemory(clock.Real{})
		addr, stop, err := consulhttp.Serve(ctx, "", mem)
		if err != nil {
			return fmt.Errorf("serve the in-memory store: %w", err)
		}
		w.stops = append(w.stops, stop)
		w.kv, w.service, w.consulAddr, w.consulName = mem, memoryService, addr, "memory"
		return nil
	}
	c, err := consulkv.NewConsul(consulkv.ConsulConfig{Address: o.Address, Token: o.Token, TokenFile: o.TokenFile})
	if err != nil {
		return err
	}
	if _, _, err := c.List(ctx, api.KeyGlobalConfigPrefix, nil); err != nil {
		return fmt.Errorf("reach consul at %s: %w", c.Address(), err)
	}
	svc, err := runService()
	if err != nil {
		return err
	}
	w.kv, w.service, w.consulAddr, w.consulName = c, svc, hostPort(o.Address), o.Address
	if w.consulTokenFile, err = w.agentToken(o); err != nil {
		return err
	}
	w.stops = append(w.stops, func() { w.forget(svc) })
	return nil
}

// runService is a service name of this run's own, so that a shared Consul's
// services are never touched.
func runService() (string, error) {
	b := make([]byte, 3)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("pick a service name: %w", err)
	}
	return "sandbox-" + hex.EncodeToString(b), nil
}

// hostPort is what the agents' consul.address wants: host:port.
func hostPort(addr string) string {
	if u, err := url.Parse(addr); err == nil && u.Host != "" {
		return u.Host
	}
	return addr
}

// agentToken gives the agents the run's token as a file (their config
// takes a token file only); "" without a token.
func (w *world) agentToken(o ConsulOptions) (string, error) {
	switch {
	case o.TokenFile != "":
		return filepath.Abs(o.TokenFile)
	case o.Token == "":
		return "", nil
	}
	path := filepath.Join(w.dir, "consul-token")
	if err := os.WriteFile(path, []byte(o.Token), 0o600); err != nil {
		return "", fmt.Errorf("write the agents' consul token: %w", err)
	}
	return path, nil
}

// forget deletes every key the run wrote for svc. It runs after the loop
// and the agents have stopped.
func (w *world) forget(svc string) {
	ctx := context.Background()
	for _, prefix := range []string{api.KeyServicePrefix(svc), api.KeyAgentsPrefix(svc), api.KeyServiceConfigPrefix(svc)} {
		entries, _, err := w.kv.List(ctx, prefix, nil)
		if err != nil {
			w.log.Warn("sandbox keys left in consul", "prefix", prefix, "error", err)
			continue
		}
		for _, e := range entries {
			w.deleteKey(ctx, e.Key)
		}
	}
	for _, key := range []string{api.KeyDeploy(svc), api.KeyLock(svc)} {
		w.deleteKey(ctx, key)
	}
}

func (w *world) deleteKey(ctx context.Context, key string) {
	if err := w.kv.Delete(ctx, key); err != nil {
		w.log.Warn("sandbox key left in consul", "key", key, "error", err)
	}
}
