package fleetsim

import (
	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/fleet"
)

// maxSpins is how many decisions one agent run may make within one
// instant of simulated time before the simulation calls it a livelock
// (time stands still while a goroutine spins, so nothing else would end
// the run).
const maxSpins = 200

// decide is the coordinator's Decide: the seed's decider, with the
// decision and the record it was made on kept for the invariants. A run
// caught spinning is reported once and then held, so time can move on and
// the scenario can play out.
func (inc *incarnation) decide(v fleet.AgentView) fleet.Decision {
	w := inc.w
	d := w.decide(v)
	enc := canonical(v.Record)
	w.mu.Lock()
	defer w.mu.Unlock()
	if now := w.clk.Now(); now.Equal(inc.spinAt) {
		inc.spins++
	} else {
		inc.spinAt, inc.spins = now, 0
	}
	if inc.spins >= maxSpins && !inc.stuck {
		inc.stuck = true
		w.violatef("livelock: %s decided %d times within one instant (last: %s %s: %s); it never waits, so the fleet cannot settle",
			inc.box.spec.ID, inc.spins, d.Move, d.Target, d.Why)
	}
	if inc.stuck {
		d = fleet.Decision{Move: fleet.MoveHold, State: api.AgentWaiting, Why: "held by the simulation after a livelock"}
	}
	inc.last = lastDecision{made: true, rec: v.Record, enc: enc, d: d}
	return d
}
