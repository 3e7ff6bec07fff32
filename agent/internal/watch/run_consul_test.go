package watch_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/asgctl/asgctl/agent/internal/watch"
	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/consulkv/consultest"
)

var consul consultest.Shared

func TestMain(m *testing.M) {
	code := m.Run()
	consul.Stop()
	os.Exit(code)
}

// deliveryTimeout bounds each wait on the real Consul agent.
const deliveryTimeout = 30 * time.Second

func TestWatchAgainstConsul(t *testing.T) {
	agent := consul.Agent(t)
	kv, err := consulkv.NewConsul(consulkv.ConsulConfig{Address: agent.Addr})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*deliveryTimeout)
	defer cancel()
	rec := newRecorder()
	done := make(chan error, 1)
	go func() {
		done <- watch.Run(ctx, clock.Real{}, kv, "web", rec.deliver(nil), rec.onStale, discard(), rec.onError)
	}()
	for _, id := range []string{"r1", "r2"} {
		if err := kv.Put(ctx, api.KeyDeploy("web"), releaseJSON(t, id)); err != nil {
			t.Fatal(err)
		}
		waitDelivery(t, rec, id)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run returned %v, want context.Canceled", err)
	}
	if _, errs, stale := rec.snapshot(); len(errs) != 0 || len(stale) != 0 {
		t.Fatalf("errors %v, stale calls %v; want none", errs, stale)
	}
}

// waitDelivery waits, bounded, until id is delivered; earlier ids may come
// first (the first put can race the watch's first read).
func waitDelivery(t *testing.T, rec *recorder, id string) {
	t.Helper()
	timeout := time.NewTimer(deliveryTimeout)
	defer timeout.Stop()
	for {
		select {
		case got := <-rec.deliveries:
			if got == id {
				return
			}
		case <-timeout.C:
			t.Fatalf("release %s not delivered within %s", id, deliveryTimeout)
		}
	}
}
