package roll

import "slices"

// Journal is the executor's local record of the process restart in
// progress, written after every completed step: the rollout's Target, the
// Previous target to restore on failure, the process Index and the steps
// of that process already Done. A step not in Done may have been running
// when the agent died, so its outcome is unknown.
type Journal struct {
	Target   Target
	Previous Target
	Index    int
	Done     []Kind
}

// Record returns j with k added to Done.
func (j Journal) Record(k Kind) Journal {
	j.Done = append(slices.Clone(j.Done), k)
	return j
}

// Resume returns what a restarted agent must do so that the interrupted
// process j.Index serves again. current is what the restarted agent
// observes. Once the health check has passed and the process still runs
// the target, the restart is finished (health is checked again before
// enabling, since time passed); otherwise the interrupted step's outcome is
// unknown, so the process is undone to j.Previous from its observed state.
// Afterwards the caller plans the rest of the rollout with Plan, as with
// any other start.
func Resume(j Journal, current []Proc) []Step {
	p, ok := find(current, j.Index)
	if !ok {
		return nil
	}
	if slices.Contains(j.Done, KindHealth) && Of(p) == j.Target {
		switch {
		case p.InRotation() && slices.Contains(j.Done, KindEnable):
			return nil
		case p.InRotation():
			return steps(p.Index, j.Target, KindEnable)
		case p.State == StateStarting:
			return steps(p.Index, j.Target, KindHealth, KindEnable)
		}
	}
	if p.InRotation() && Of(p) == j.Previous {
		// The drain may have taken effect; enabling again is harmless.
		return steps(p.Index, j.Previous, KindEnable)
	}
	return converge(p, j.Previous)
}
