package coord

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/fleet"
)

// Retry bounds of transient failures: the first retry after RetryMin, then
// doubling (with jitter) up to RetryMax, forever.
const (
	RetryMin = time.Second
	RetryMax = time.Minute
)

// Coordinator is one agent's part in its service's fleet releases. Fill
// in the exported fields, then call Run; Offer feeds it records.
type Coordinator struct {
	Service  string
	Instance string
	KV       consulkv.KV
	Clock    clock.Clock
	Log      *slog.Logger
	Box      Box
	Pacer    Pacer
	// Decide is fleet.DecideAgent unless set (the simulation breaks it on
	// purpose to show its invariants fire).
	Decide func(fleet.AgentView) fleet.Decision
	// OnEvent, when set, is told of each step that matters to the fleet's
	// safety (the simulation checks its invariants on them).
	OnEvent func(Event)
	// NoJitter makes the retry waits exact (tests).
	NoJitter bool

	once sync.Once
	rec  *latest
}

// Offer makes rec, read at Consul index, the release record to follow, as
// the watch delivers them (in order; the same record twice is no change).
// It never blocks; a record offered while another is being applied
// cancels what can be cancelled of that (fetching, waiting for a slot),
// never a roll in progress.
func (c *Coordinator) Offer(rec *api.Release, index uint64) {
	c.init()
	c.rec.offer(rec, index, false)
}

func (c *Coordinator) init() { c.once.Do(func() { c.rec = newLatest() }) }

// Run follows the records until ctx ends.
func (c *Coordinator) Run(ctx context.Context) {
	c.init()
	if c.Decide == nil {
		c.Decide = fleet.DecideAgent
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	retry := c.newRetry()
	for ctx.Err() == nil {
		rec, changed := c.rec.get()
		failed, why := c.Box.Failed()
		d := c.Decide(fleet.AgentView{Record: rec, Serving: c.Box.Serving(), Failed: failed})
		if d.State != api.AgentFailed {
			why = ""
		}
		c.publish(rec, d.State, why)
		if d.Move != fleet.MoveStart && d.Move != fleet.MoveRoll {
			retry.Reset()
			c.wait(ctx, changed, 0)
			continue
		}
		err := c.apply(ctx, rec, d, changed)
		switch {
		case errors.Is(err, errSuperseded) && !c.rec.changedSince(changed):
			// The re-check refused the record but no newer one was offered
			// (a decision that insists): back off rather than spin.
			c.wait(ctx, changed, retry.NextBackOff())
		case err == nil, errors.Is(err, errSuperseded), ctx.Err() != nil:
			retry.Reset()
		case IsFinal(err):
			retry.Reset() // apply recorded it (and halted the release when paced)
		default:
			wait := retry.NextBackOff()
			c.Log.Warn("release not applied; retrying", "release", d.Target.Release, "wait", wait, "error", err)
			c.publish(rec, d.State, retryText(err, wait))
			c.wait(ctx, changed, wait)
		}
	}
}

// wait blocks until the record changes, d passes (0: forever) or ctx ends.
func (c *Coordinator) wait(ctx context.Context, changed <-chan struct{}, d time.Duration) {
	var timeout <-chan time.Time
	if d > 0 {
		t := c.Clock.NewTimer(d)
		defer t.Stop()
		timeout = t.C()
	}
	select {
	case <-ctx.Done():
	case <-changed:
	case <-timeout:
	}
}

// publish reports state for rec with errText.
func (c *Coordinator) publish(rec *api.Release, state, errText string) {
	s := Status{State: state, Error: errText}
	if rec != nil {
		s.Desired, s.Seq = rec.Release, rec.Seq
	}
	c.Box.Publish(s)
}

func (c *Coordinator) event(e Event) {
	if c.OnEvent != nil {
		c.OnEvent(e)
	}
}
