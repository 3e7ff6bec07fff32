package consulkv

import (
	"context"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

func TestWaitDesiredOutlastsWaitTime(t *testing.T) {
	ctx := context.Background()
	m, clk := newMemory()
	st := NewStore(m)
	idx, err := st.PutDesired(ctx, "web", testDesired("ami-0abc1234def567890", "r1"), 0)
	if err != nil {
		t.Fatal(err)
	}
	ch := goWaitDesired(ctx, st, idx)
	awaitParked(t, m, 1, ch)
	clk.Advance(DefaultWaitTime)
	// The blocking query timed out unchanged; WaitDesired asks again.
	awaitDeadline(t, clk, t0.Add(2*DefaultWaitTime), ch)
	awaitParked(t, m, 1, ch)
	if err := m.Delete(ctx, api.KeyDesired("web")); err != nil {
		t.Fatal(err)
	}
	if r := <-ch; r.err != nil || r.d != nil || r.index != 0 {
		t.Fatalf("after delete: %+v, want nil at 0", r)
	}
}
