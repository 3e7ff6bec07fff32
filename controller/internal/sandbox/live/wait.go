package live

import (
	"context"
	"fmt"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// waitPoll is how often the scenarios look at the store.
const waitPoll = 200 * time.Millisecond

// until polls cond every waitPoll until it reports done, ctx ends or limit
// passes; what names the wait in the error.
func until(ctx context.Context, limit time.Duration, what string, cond func() (bool, string)) error {
	deadline := time.Now().Add(limit)
	last := ""
	for {
		done, state := cond()
		if done {
			return nil
		}
		last = state
		if time.Now().After(deadline) {
			return fmt.Errorf("%s: not reached within %s (last: %s)", what, limit, last)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(waitPoll):
		}
	}
}

// rolloutEnded waits for the rollout of the latest request to end and
// returns it as last seen (nil when none started).
func (w *world) rolloutEnded(ctx context.Context, limit time.Duration) (*api.Rollout, error) {
	var last *api.Rollout
	req := w.requestID()
	err := until(ctx, limit, "rollout of "+req, func() (bool, string) {
		r, _, err := w.store.Rollout(ctx, w.service)
		if err != nil || r == nil || r.RequestID != req {
			return false, "no rollout yet"
		}
		last = r
		return r.Phase.Terminal(), fmt.Sprintf("%s step %d", r.Phase, r.Step)
	})
	return last, err
}

// agents returns the live agent reports: those still held by their
// agent's session (a stopped agent's report stays, released).
func (w *world) agents(ctx context.Context) []api.AgentReport {
	entries, _, err := w.kv.List(ctx, api.KeyAgentsPrefix(w.service), nil)
	if err != nil {
		return nil
	}
	out, _ := consulkv.LiveAgentReports(entries) // an undecodable report is not live
	return out
}

// agentsAll waits until there are want live agents and ok holds for each.
func (w *world) agentsAll(ctx context.Context, want int, limit time.Duration, what string, ok func(api.AgentReport) bool) error {
	return until(ctx, limit, what, func() (bool, string) {
		reps := w.agents(ctx)
		n := 0
		state := ""
		for _, r := range reps {
			if ok(r) {
				n++
			}
			state += fmt.Sprintf("%s:%s@%s ", r.InstanceID, r.State, r.Release)
		}
		return len(reps) == want && n == want, state
	})
}
