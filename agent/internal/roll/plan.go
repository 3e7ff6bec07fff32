package roll

import "sort"

// Plan returns the steps that bring every process to target and into
// rotation, one process at a time. Processes already on target and serving
// are skipped; processes out of rotation come first (lowest index first), so
// when at most one process is out of rotation on entry, at most one is at
// every point of the plan and the others keep serving.
func Plan(current []Proc, target Target) []Step {
	order := make([]Proc, len(current))
	copy(order, current)
	sort.SliceStable(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if a.InRotation() != b.InRotation() {
			return !a.InRotation()
		}
		return a.Index < b.Index
	})
	var out []Step
	for _, p := range order {
		out = append(out, converge(p, target)...)
	}
	return out
}

// converge returns the steps that take one process from its observed state
// to serving target. Every step is safe to repeat.
func converge(p Proc, to Target) []Step {
	if Of(p) == to {
		switch p.State {
		case StateServing:
			return nil
		case StateDraining, StateStarting:
			return steps(p.Index, to, KindHealth, KindEnable)
		case StateStopped:
			return steps(p.Index, to, KindStart, KindHealth, KindEnable)
		}
		// failed or unknown: restart it.
		return steps(p.Index, to, KindStop, KindStart, KindHealth, KindEnable)
	}
	switch p.State {
	case StateServing:
		return steps(p.Index, to, fullRestart...)
	case StateStopped:
		return steps(p.Index, to, fullRestart[2:]...)
	}
	// draining, starting, failed or unknown: it may be running.
	return steps(p.Index, to, fullRestart[1:]...)
}
