package coord

import (
	"context"
	"fmt"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/fleet"
)

// fail records a final failure of d on rec: a paced move halts the
// release for every box first, then the box records that it does not try
// that target on that record again, and the report says failed with what
// failed. When the agent stops before the halt lands, nothing is recorded
// on the box either: its next run takes the release again, fails again
// and halts it then, rather than waiting for a halt nobody wrote.
func (c *Coordinator) fail(ctx context.Context, rec *api.Release, d fleet.Decision, err error) {
	c.Log.Error("release failed on this box", "release", d.Target.Release, "config_rev", d.Target.ConfigRev, "error", err)
	c.publish(rec, api.AgentFailed, err.Error())
	if d.Halts() {
		if herr := c.halt(ctx, rec, err); herr != nil || ctx.Err() != nil {
			c.Log.Error("halt not recorded", "release", rec.Release, "error", herr)
			return
		}
	}
	c.Box.SetFailed(fleet.Failure{Seq: rec.Seq, Target: d.Target}, err.Error())
}

// haltRetryMax caps the wait between attempts to record a halt: the box
// still holds its pacing slot, and once Consul answers again the halt must
// land before any other box could take a slot.
const haltRetryMax = 2 * time.Second

// halt records the halt of rec in the release key with check-and-set: the
// first failure stands, and a record that moved on is left alone. Consul
// errors are retried (every haltRetryMax at most) until it is recorded or
// ctx ends.
func (c *Coordinator) halt(ctx context.Context, rec *api.Release, why error) error {
	retry := c.newRetry()
	retry.MaxInterval = haltRetryMax
	for {
		done, err := c.tryHalt(ctx, rec, why)
		switch {
		case done || ctx.Err() != nil:
			return err
		case err == nil:
			continue // another writer changed the record first: read it again
		}
		wait := retry.NextBackOff()
		c.Log.Warn("halt not recorded yet; retrying", "wait", wait, "error", err)
		c.wait(ctx, nil, wait)
	}
}

// tryHalt is one read and check-and-set of the halt; done is true once the
// halt is recorded (by this box or another) or the record moved on, and
// false with no error when the check-and-set lost.
func (c *Coordinator) tryHalt(ctx context.Context, rec *api.Release, why error) (bool, error) {
	cur, index, err := c.readRecord(ctx)
	if err != nil {
		return false, err
	}
	if cur == nil || cur.Seq != rec.Seq || cur.Release != rec.Release {
		return true, nil
	}
	next, ok := fleet.HaltRecord(cur, c.Instance, why.Error(), c.Clock.Now())
	if !ok {
		return true, nil
	}
	data, err := api.Encode(next)
	if err != nil {
		return true, fmt.Errorf("encode the halt: %w", err)
	}
	won, err := c.KV.CAS(ctx, api.KeyDeploy(c.Service), data, index)
	if err != nil || !won {
		return false, err
	}
	c.Log.Warn("release halted: no other instance will start it", "release", rec.Release, "seq", rec.Seq)
	c.event(Event{Kind: EventHalted, Seq: rec.Seq, Target: fleet.TargetOf(rec)})
	return true, nil
}
