package roll

import "testing"

func TestOnFailure(t *testing.T) {
	cases := []struct {
		name string
		proc Proc
		want string
	}{
		{"drain failed, still serving old", Proc{Index: 1, Release: "r1", ConfigRev: "1", State: StateServing}, "1:enable"},
		{"stop failed", Proc{Index: 1, Release: "r1", ConfigRev: "1", State: StateDraining},
			"1:stop 1:switch 1:start 1:health 1:enable"},
		{"start failed on new", Proc{Index: 1, Release: "r2", ConfigRev: "1", State: StateStopped},
			"1:stop 1:switch 1:start 1:health 1:enable"},
		{"health failed on new", Proc{Index: 1, Release: "r2", ConfigRev: "1", State: StateStarting},
			"1:stop 1:switch 1:start 1:health 1:enable"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			current := procs(3, oldT, StateServing)
			current[1] = c.proc
			got := OnFailure(current, 1, oldT)
			if short(got) != c.want {
				t.Fatalf("OnFailure =\n  %s\nwant\n  %s", short(got), c.want)
			}
			for _, s := range got {
				if s.Index != 1 || s.To != oldT {
					t.Fatalf("step %+v touches another process or target", s)
				}
			}
		})
	}
}

func TestOnFailureUnknownIndex(t *testing.T) {
	if got := OnFailure(procs(2, oldT, StateServing), 7, oldT); got != nil {
		t.Fatalf("got %v, want nil", got)
	}
}

// Every failure point of a process restart, with the failing step either
// not applied or leaving the process failed, restores that process to the
// previous release with everything serving and never two out of rotation.
func TestOnFailureRestoresAtEveryPoint(t *testing.T) {
	for n := 1; n <= 4; n++ {
		for idx := range n {
			for failAt := range fullRestart {
				for _, broken := range []bool{false, true} {
					current := startedRollout(n, idx)
					for _, k := range fullRestart[:failAt] {
						current = Apply(current, Step{Index: idx, Kind: k, To: newT})
					}
					if broken {
						current[idx].State = StateFailed
					}
					final, worst := run(current, OnFailure(current, idx, oldT))
					if worst > 1 || OutOfRotation(final) != 0 || Of(final[idx]) != oldT {
						t.Fatalf("n=%d idx=%d failAt=%s broken=%v: worst=%d final=%+v",
							n, idx, fullRestart[failAt], broken, worst, final)
					}
				}
			}
		}
	}
}

// startedRollout is n serving processes where those before idx already run
// the new target.
func startedRollout(n, idx int) []Proc {
	current := procs(n, oldT, StateServing)
	for i := range idx {
		current[i].Release, current[i].ConfigRev = newT.Release, newT.ConfigRev
	}
	return current
}
