package consulkv

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock/clocktest"
)

func TestControllersListsOnlyLiveHeartbeats(t *testing.T) {
	ctx := context.Background()
	clk := clocktest.New(time.Unix(1_700_000_000, 0))
	mem := NewMemory(clk)
	store, locker := NewStore(mem), NewLocker(mem, clk, LockOptions{})
	hb := func(id string) []byte {
		b, _ := json.Marshal(api.Heartbeat{Version: 1, ID: id, StartedAt: clk.Now()})
		return b
	}
	a, ok, err := locker.TryAcquire(ctx, api.KeyController("a"), "a", hb("a"))
	if err != nil || !ok {
		t.Fatalf("heartbeat a: %v %v", ok, err)
	}
	if _, ok, err := locker.TryAcquire(ctx, api.KeyController("b"), "b", hb("b")); err != nil || !ok {
		t.Fatalf("heartbeat b: %v %v", ok, err)
	}
	got, err := store.Controllers(ctx)
	if err != nil || len(got) != 2 || got[0].ID != "a" || got[1].ID != "b" {
		t.Fatalf("controllers %+v, %v; want a and b", got, err)
	}
	if err := a.Unlock(ctx); err != nil {
		t.Fatal(err)
	}
	clk.Advance(DefaultLockTTL + time.Second) // b's session lapses unrenewed
	got, err = store.Controllers(ctx)
	if err != nil || len(got) != 0 {
		t.Fatalf("controllers after a stopped and b died: %+v, %v; want none", got, err)
	}
}
