package roll

import (
	"fmt"
	"strings"
)

var (
	oldT = Target{Release: "r1", ConfigRev: "1"}
	newT = Target{Release: "r2", ConfigRev: "1"}
)

func procs(n int, to Target, state string) []Proc {
	out := make([]Proc, n)
	for i := range out {
		out[i] = Proc{Index: i, Port: 9001 + i, Release: to.Release, ConfigRev: to.ConfigRev, State: state}
	}
	return out
}

// short renders steps as "0:drain 0:stop ..." for compact table tests.
func short(steps []Step) string {
	parts := make([]string, len(steps))
	for i, s := range steps {
		parts[i] = fmt.Sprintf("%d:%s", s.Index, s.Kind)
	}
	return strings.Join(parts, " ")
}

func full(i int) string {
	return fmt.Sprintf("%[1]d:drain %[1]d:stop %[1]d:switch %[1]d:start %[1]d:health %[1]d:enable", i)
}

// run applies steps in order and returns the final processes and the
// largest number of processes out of rotation after any step. A process
// enabled without a passing health check since it was last serving or
// (re)started counts as len(current)+1, failing every bound.
func run(current []Proc, steps []Step) ([]Proc, int) {
	worst := OutOfRotation(current)
	healthy := map[int]bool{}
	for _, p := range current {
		healthy[p.Index] = p.InRotation()
	}
	for _, s := range steps {
		switch s.Kind {
		case KindStop, KindStart, KindSwitch:
			healthy[s.Index] = false
		case KindHealth:
			healthy[s.Index] = true
		case KindEnable:
			if !healthy[s.Index] {
				return current, len(current) + 1
			}
		}
		current = Apply(current, s)
		worst = max(worst, OutOfRotation(current))
	}
	return current, worst
}
