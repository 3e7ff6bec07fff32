package roll

import "testing"

func TestResume(t *testing.T) {
	j := Journal{Target: newT, Previous: oldT, Index: 0}
	cases := []struct {
		name string
		done []Kind
		proc Proc
		want string
	}{
		{"nothing done, still serving", nil, Proc{Release: "r1", ConfigRev: "1", State: StateServing}, "0:enable"},
		{"drained", fullRestart[:1], Proc{Release: "r1", ConfigRev: "1", State: StateDraining}, "0:health 0:enable"},
		{"stopped old", fullRestart[:2], Proc{Release: "r1", ConfigRev: "1", State: StateStopped},
			"0:start 0:health 0:enable"},
		{"switched", fullRestart[:3], Proc{Release: "r2", ConfigRev: "1", State: StateStopped},
			"0:switch 0:start 0:health 0:enable"},
		{"health in progress: undo", fullRestart[:4], Proc{Release: "r2", ConfigRev: "1", State: StateStarting},
			"0:stop 0:switch 0:start 0:health 0:enable"},
		{"health passed: finish", fullRestart[:5], Proc{Release: "r2", ConfigRev: "1", State: StateStarting}, "0:health 0:enable"},
		{"health passed, enable applied", fullRestart[:5], Proc{Release: "r2", ConfigRev: "1", State: StateServing}, "0:enable"},
		{"health passed, then died", fullRestart[:5], Proc{Release: "r2", ConfigRev: "1", State: StateFailed},
			"0:stop 0:switch 0:start 0:health 0:enable"},
		{"all done", fullRestart, Proc{Release: "r2", ConfigRev: "1", State: StateServing}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			jj := j
			jj.Done = c.done
			got := Resume(jj, []Proc{c.proc})
			if short(got) != c.want {
				t.Fatalf("Resume =\n  %s\nwant\n  %s", short(got), c.want)
			}
		})
	}
}

func TestJournalRecordDoesNotAlias(t *testing.T) {
	a := Journal{Index: 1}.Record(KindDrain)
	b := a.Record(KindStop)
	c := a.Record(KindSwitch)
	if len(a.Done) != 1 || b.Done[1] != KindStop || c.Done[1] != KindSwitch {
		t.Fatalf("a=%v b=%v c=%v", a.Done, b.Done, c.Done)
	}
}

// For small N, every process and every interruption point of its restart
// (the interrupted step not applied, applied, or leaving the process
// failed): Resume never takes a second process out of rotation and ends
// with every process serving; Plan then finishes the rollout.
func TestResumePropertyAllInterruptionPoints(t *testing.T) {
	outcomes := []string{"not applied", "applied", "failed"}
	for n := 1; n <= 5; n++ {
		for idx := range n {
			for done := 0; done <= len(fullRestart); done++ {
				for _, outcome := range outcomes {
					current, j := interrupted(n, idx, done, outcome)
					name := func() string { return short(steps(idx, newT, j.Done...)) + " / " + outcome }
					final, worst := run(current, Resume(j, current))
					if worst > 1 {
						t.Fatalf("n=%d %s: %d processes out of rotation", n, name(), worst)
					}
					if OutOfRotation(final) != 0 {
						t.Fatalf("n=%d %s: not all serving after Resume: %+v", n, name(), final)
					}
					final, worst = run(final, Plan(final, newT))
					if worst > 1 || OutOfRotation(final) != 0 || !allOn(final, newT) {
						t.Fatalf("n=%d %s: Plan after Resume: worst=%d final=%+v", n, name(), worst, final)
					}
				}
			}
		}
	}
}

// interrupted builds the state an agent finds after dying during process
// idx's restart with the first done steps completed and journaled.
func interrupted(n, idx, done int, outcome string) ([]Proc, Journal) {
	current := startedRollout(n, idx)
	j := Journal{Target: newT, Previous: oldT, Index: idx}
	for _, k := range fullRestart[:done] {
		current = Apply(current, Step{Index: idx, Kind: k, To: newT})
		j = j.Record(k)
	}
	if done < len(fullRestart) {
		switch outcome {
		case "applied":
			current = Apply(current, Step{Index: idx, Kind: fullRestart[done], To: newT})
		case "failed":
			current[idx].State = StateFailed
		}
	}
	return current, j
}

func allOn(current []Proc, to Target) bool {
	for _, p := range current {
		if Of(p) != to {
			return false
		}
	}
	return true
}
