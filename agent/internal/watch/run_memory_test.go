package watch_test

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/asgctl/asgctl/agent/internal/watch"
	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// harness runs watch.Run over a Memory backend inside a synctest bubble.
type harness struct {
	t    *testing.T
	mem  *consulkv.Memory
	rec  *recorder
	gets chan struct{} // one signal per Get the watch makes
	fail atomic.Bool   // Get fails while set
}

func startWatch(t *testing.T, gate func(id string)) *harness {
	h := &harness{t: t, mem: consulkv.NewMemory(clock.Real{}), rec: newRecorder(), gets: make(chan struct{}, 1024)}
	h.mem.SetInterceptor(func(op, _ string) error {
		if op != consulkv.OpGet {
			return nil
		}
		h.gets <- struct{}{}
		if h.fail.Load() {
			return errors.New("injected: consul unreachable")
		}
		return nil
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- watch.Run(ctx, clock.Real{}, h.mem, "web", h.rec.deliver(gate), h.rec.onStale, discard(), h.rec.onError)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Run returned %v, want context.Canceled", err)
		}
	})
	return h
}

func (h *harness) put(value []byte) {
	h.t.Helper()
	if err := h.mem.Put(context.Background(), api.KeyDeploy("web"), value); err != nil {
		h.t.Fatal(err)
	}
}

// nextGet waits until the watch has made its next Get and handled what it
// returned (time moves on its own in the bubble while everything else is
// blocked).
func (h *harness) nextGet() {
	synctest.Wait()
	for len(h.gets) > 0 {
		<-h.gets
	}
	<-h.gets
	synctest.Wait()
}

func TestLatestWinsWithSlowDeliver(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		h := startWatch(t, func(id string) {
			if id == "r1" {
				<-release
			}
		})
		h.put(releaseJSON(t, "r1"))
		if got := <-h.rec.deliveries; got != "r1" {
			t.Fatalf("first delivery %s, want r1", got)
		}
		// r2 and r3 arrive while r1 is still being delivered: r3 replaces r2.
		for _, id := range []string{"r2", "r3"} {
			h.put(releaseJSON(t, id))
			h.nextGet()
		}
		close(release)
		if got := <-h.rec.deliveries; got != "r3" {
			t.Fatalf("second delivery %s, want r3", got)
		}
		synctest.Wait()
		if d, _, _ := h.rec.snapshot(); !slices.Equal(d, []string{"r1", "r3"}) {
			t.Fatalf("delivered %v, want [r1 r3]", d)
		}
	})
}

func TestNewerReleaseAfterDeliveryIsNotDropped(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := startWatch(t, nil)
		for _, id := range []string{"r1", "r2"} {
			h.put(releaseJSON(t, id))
			if got := <-h.rec.deliveries; got != id {
				t.Fatalf("delivered %s, want %s", got, id)
			}
		}
		// Each delivery carries the key's ModifyIndex, which grows.
		h.rec.mu.Lock()
		defer h.rec.mu.Unlock()
		if ix := h.rec.indexes; len(ix) != 2 || ix[0] == 0 || ix[1] <= ix[0] {
			t.Fatalf("delivered indexes %v, want two growing ModifyIndexes", ix)
		}
	})
}

func TestMalformedAndIdenticalValuesAreSkipped(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := startWatch(t, nil)
		h.put(releaseJSON(t, "r1"))
		<-h.rec.deliveries
		h.put([]byte(`{"version":1,"release":"../x"`))
		<-h.rec.events
		h.put(releaseJSON(t, "r1")) // same as the running release: ignored
		h.nextGet()
		h.put(releaseJSON(t, "r2"))
		<-h.rec.deliveries
		synctest.Wait()
		d, errs, _ := h.rec.snapshot()
		if !slices.Equal(d, []string{"r1", "r2"}) {
			t.Fatalf("delivered %v, want [r1 r2]", d)
		}
		if len(errs) != 1 {
			t.Fatalf("errors %v, want one for the malformed value", errs)
		}
	})
}

func TestStaleFlipsOnConsulErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := startWatch(t, nil)
		h.put(releaseJSON(t, "r1"))
		<-h.rec.deliveries
		h.fail.Store(true)
		<-h.rec.events // the parked blocking query times out, the next Get fails
		if _, _, s := h.rec.snapshot(); !slices.Equal(s, []bool{true}) {
			t.Fatalf("stale calls %v, want [true]", s)
		}
		h.nextGet() // a retry fails too: no second call
		h.put(releaseJSON(t, "r2"))
		h.fail.Store(false)
		if got := <-h.rec.deliveries; got != "r2" {
			t.Fatalf("delivered %s after the outage, want r2", got)
		}
		synctest.Wait()
		if _, _, s := h.rec.snapshot(); !slices.Equal(s, []bool{true, false}) {
			t.Fatalf("stale calls %v, want [true false]", s)
		}
	})
}
