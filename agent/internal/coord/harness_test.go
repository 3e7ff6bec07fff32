package coord

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/fleet"
)

const svc = "web"

// world is an in-memory Consul inside a synctest bubble (clock.Real is the
// bubble's virtual time).
type world struct {
	t   *testing.T
	mem *consulkv.Memory
}

func newWorld(t *testing.T) *world {
	return &world{t: t, mem: consulkv.NewMemory(clock.Real{})}
}

// release is a valid record of id at seq, with last good good (nil: none).
func release(id string, seq int, good *api.Release) *api.Release {
	sum := sha256.Sum256([]byte(id))
	r := &api.Release{Version: 1, Release: id, Artifact: "s3://b/web/" + id + ".tar.gz", SHA256: hex.EncodeToString(sum[:]),
		CreatedAt: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Seq: seq}
	if good != nil {
		ref := good.Ref()
		r.LastGood = &ref
	}
	return r
}

// put writes rec as deploys/web and returns its ModifyIndex.
func (w *world) put(rec *api.Release) uint64 {
	w.t.Helper()
	data, err := api.Encode(rec)
	if err != nil {
		w.t.Fatal(err)
	}
	if err := w.mem.Put(context.Background(), api.KeyDeploy(svc), data); err != nil {
		w.t.Fatal(err)
	}
	return w.record().idx
}

type readRec struct {
	rec *api.Release
	idx uint64
}

func (w *world) record() readRec {
	w.t.Helper()
	e, _, err := w.mem.Get(context.Background(), api.KeyDeploy(svc), nil)
	if err != nil || e == nil {
		w.t.Fatalf("read record: %v %v", e, err)
	}
	rec, err := api.DecodeRelease(e.Value)
	if err != nil {
		w.t.Fatal(err)
	}
	return readRec{rec, e.ModifyIndex}
}

// agents makes n live agent reports (the fleet the pacing limit counts).
func (w *world) agents(n int) {
	w.t.Helper()
	ctx := context.Background()
	for i := range n {
		s, err := w.mem.CreateSession(ctx, "agent", 15*time.Second, 0)
		if err != nil {
			w.t.Fatal(err)
		}
		id := fmt.Sprintf("i-%d", i)
		rep := api.AgentReport{Version: 1, Service: svc, InstanceID: id, State: api.AgentReady, UpdatedAt: time.Now()}
		data, _ := api.Encode(&rep)
		if ok, err := w.mem.Acquire(ctx, api.KeyAgent(svc, id), data, s); !ok || err != nil {
			w.t.Fatalf("report %s: %v %v", id, ok, err)
		}
	}
}

// coordinator runs a Coordinator for box until the test ends.
func (w *world) coordinator(instance string, box *fakeBox, events func(Event)) *Coordinator {
	w.t.Helper()
	sem, err := consulkv.NewSemaphore(w.mem, clock.Real{}, api.KeyReleaseSlots(svc), instance, consulkv.SemaphoreOptions{})
	if err != nil {
		w.t.Fatal(err)
	}
	c := &Coordinator{Service: svc, Instance: instance, KV: w.mem, Clock: clock.Real{}, Box: box,
		Pacer: pacerOf{sem}, OnEvent: events, NoJitter: true}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { c.Run(ctx); close(done) }()
	w.t.Cleanup(func() { cancel(); <-done })
	return c
}

// offer hands the current record to c, as the watch does.
func (w *world) offer(c *Coordinator) {
	r := w.record()
	c.Offer(r.rec, r.idx)
}

type pacerOf struct{ s *consulkv.Semaphore }

func (p pacerOf) Acquire(ctx context.Context, limit func(context.Context) (int, error)) (Slot, error) {
	slot, err := p.s.Acquire(ctx, limit)
	if err != nil {
		return nil, err
	}
	return slot, nil
}

func tg(id string) fleet.Target { return fleet.Target{Release: id} }
