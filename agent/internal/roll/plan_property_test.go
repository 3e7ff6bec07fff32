package roll

import "testing"

// For every N up to 6, every mix of processes on the old or new target,
// and at most one process out of rotation in any state: the plan never has
// two processes out of rotation and ends with all serving the target.
func TestPlanPropertyGeneratedStates(t *testing.T) {
	states := []string{StateServing, StateDraining, StateStopped, StateStarting, StateFailed}
	for n := 1; n <= 6; n++ {
		for mask := range 1 << n {
			for odd := -1; odd < n; odd++ {
				for _, st := range states {
					current := mixed(n, mask)
					if odd >= 0 {
						current[odd].State = st
					}
					final, worst := run(current, Plan(current, newT))
					if worst > 1 || OutOfRotation(final) != 0 || !allOn(final, newT) {
						t.Fatalf("n=%d mask=%b odd=%d state=%s: worst=%d final=%+v", n, mask, odd, st, worst, final)
					}
					if again := Plan(final, newT); len(again) != 0 {
						t.Fatalf("plan not idempotent: %s", short(again))
					}
				}
			}
		}
	}
}

func mixed(n, mask int) []Proc {
	current := procs(n, oldT, StateServing)
	for i := range current {
		if mask&(1<<i) != 0 {
			current[i].Release, current[i].ConfigRev = newT.Release, newT.ConfigRev
		}
	}
	return current
}
