package coord

import (
	"context"
	"fmt"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/fleet"
)

// releaseTimeout bounds giving a slot back; if Consul cannot be reached
// the slot frees when its session lapses.
const releaseTimeout = 10 * time.Second

// acquire waits for a pacing slot for rec and returns it with the limit it
// was granted under.
func (c *Coordinator) acquire(ctx context.Context, rec *api.Release) (Slot, int, error) {
	limitOf := c.limitFor(rec)
	granted := 0
	slot, err := c.Pacer.Acquire(ctx, func(ctx context.Context) (int, error) {
		n, err := limitOf(ctx)
		granted = n
		return n, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("wait for a pacing slot: %w", err)
	}
	c.Log.Info("pacing slot taken", "release", rec.Release, "limit", granted)
	return slot, granted, nil
}

// release gives the slot back.
func (c *Coordinator) release(slot Slot, rec *api.Release, d fleet.Decision) {
	ctx, cancel := context.WithTimeout(context.Background(), releaseTimeout)
	defer cancel()
	if err := slot.Release(ctx); err != nil {
		c.Log.Warn("pacing slot not given back; it frees when its session lapses", "error", err)
	}
	c.event(Event{Kind: EventSlotReleased, Seq: rec.Seq, Target: d.Target, Paced: true})
}

// recheck reads the record again, consistently, once the slot is held: the
// roll starts only if it is still rec and not halted. It returns the
// index of that read.
func (c *Coordinator) recheck(ctx context.Context, rec *api.Release) (uint64, error) {
	cur, index, err := c.readRecord(ctx)
	switch {
	case err != nil:
		return 0, err
	case cur == nil:
		return 0, fmt.Errorf("%s was deleted while this box waited for its turn", api.KeyDeploy(c.Service))
	case cur.Seq != rec.Seq || cur.Release != rec.Release || cur.ConfigRev != rec.ConfigRev || cur.Halt != nil:
		c.rec.offer(cur, index, true) // the watch delivers it too; decide on it now
		return 0, errSuperseded
	}
	return index, nil
}

// readRecord reads the service's release record consistently (nil when
// there is none) with its ModifyIndex.
func (c *Coordinator) readRecord(ctx context.Context) (*api.Release, uint64, error) {
	return consulkv.ReadRelease(ctx, c.KV, c.Service)
}
