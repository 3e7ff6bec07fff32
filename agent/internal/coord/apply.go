package coord

import (
	"context"
	"errors"
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/fleet"
)

// errSuperseded means a newer record arrived while the move waited; the
// caller decides again on it.
var errSuperseded = errors.New("a newer release record arrived")

// errSlotLost means the pacing slot's session lapsed before the roll began
// (Consul unreachable for too long): another box may hold it now.
var errSlotLost = errors.New("the pacing slot was lost before the roll began (its Consul session lapsed)")

func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// apply carries out a start or a roll of d.Target for rec: fetch, then
// (paced moves) a slot and a fresh check of the record, then render and
// roll. Fetching and waiting for the slot stop when a newer record
// arrives (errSuperseded); the roll itself does not. A final failure is
// recorded (see record) before the slot is given back, so no other box
// can take the slot and start the release before it is halted.
func (c *Coordinator) apply(ctx context.Context, rec *api.Release, d fleet.Decision, changed <-chan struct{}) error {
	actx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-changed:
			cancel()
		case <-actx.Done():
		}
	}()
	c.Log.Info("release move", "move", d.Move, "release", d.Target.Release, "config_rev", d.Target.ConfigRev, "why", d.Why)
	if err := c.Box.Fetch(actx, d.Ref); err != nil {
		return c.record(ctx, rec, d, superseded(actx, ctx, err))
	}
	if !d.Halts() {
		return c.record(ctx, rec, d, c.roll(ctx, actx, rec, d, nil))
	}
	slot, limit, err := c.acquire(actx, rec)
	if err != nil {
		return superseded(actx, ctx, err)
	}
	defer c.release(slot, rec, d)
	index, err := c.recheck(actx, rec)
	if err != nil {
		return superseded(actx, ctx, err)
	}
	if isClosed(slot.Lost()) {
		return errSlotLost
	}
	return c.record(ctx, rec, d, c.roll(ctx, actx, rec, d, &startInfo{index: index, limit: limit}))
}

// record records err when it is final (see fail) and returns it.
func (c *Coordinator) record(ctx context.Context, rec *api.Release, d fleet.Decision, err error) error {
	if IsFinal(err) && ctx.Err() == nil {
		c.fail(ctx, rec, d, err)
	}
	return err
}

// startInfo is what a paced roll was cleared with.
type startInfo struct {
	index uint64
	limit int
}

// roll renders the config and rolls the box to d.Target. A paced roll
// reports ready before it returns, and so before its slot is given back.
func (c *Coordinator) roll(ctx, actx context.Context, rec *api.Release, d fleet.Decision, paced *startInfo) error {
	if _, err := c.Box.Render(actx, d.Target); err != nil {
		return superseded(actx, ctx, fmt.Errorf("render the config of %s: %w", d.Target, err))
	}
	state := api.AgentStarting
	ev := Event{Kind: EventRollStart, Seq: rec.Seq, Target: d.Target}
	if paced != nil {
		state, ev.Paced, ev.Index, ev.Limit = api.AgentDeploying, true, paced.index, paced.limit
	}
	c.publish(rec, state, "")
	c.event(ev)
	err := c.Box.Roll(ctx, d.Target)
	c.event(Event{Kind: EventRollEnd, Seq: rec.Seq, Target: d.Target, Paced: paced != nil, Err: err})
	if err != nil {
		return err
	}
	c.Log.Info("release move done", "release", d.Target.Release, "config_rev", d.Target.ConfigRev)
	if paced != nil {
		c.publish(rec, api.AgentReady, "")
	}
	return nil
}

// superseded turns err into errSuperseded when actx ended because a newer
// record arrived (and not because ctx itself ended).
func superseded(actx, ctx context.Context, err error) error {
	if actx.Err() != nil && ctx.Err() == nil {
		return errSuperseded
	}
	return err
}
