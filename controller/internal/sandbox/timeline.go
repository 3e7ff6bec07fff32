package sandbox

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/loop"
	"github.com/asgctl/asgctl/controller/internal/sim"
)

// timeline prints one line whenever the phase, the weights or the healthy
// target counts change, from the cloud's ground truth.
type timeline struct {
	out  io.Writer
	w    *sim.World
	last string
}

func newTimeline(out io.Writer, w *sim.World) *timeline { return &timeline{out: out, w: w} }

func (t *timeline) printf(format string, args ...any) {
	if t.out != nil {
		fmt.Fprintf(t.out, format, args...)
	}
}

func (t *timeline) begin(name string) {
	t.printf("\n== %s\n", name)
	t.last = ""
}

func (t *timeline) pass(ctx context.Context, rep loop.PassReport) {
	if !rep.Held {
		return
	}
	s := t.w.Snapshot(ctx)
	state := fmt.Sprintf("%-15s %s  %s", phaseOf(rep.Plan.Phase, s.Rollout), t.weights(s.Weights), t.health(s.Healthy))
	if state == t.last {
		return
	}
	t.last = state
	t.printf("  %8s  %s  %s\n", clockOf(t.w.Clock.Now().Sub(sim.Epoch)), state, rep.Plan.Reason)
}

// phaseOf shows the phase a pass ended in, with the step it holds.
func phaseOf(p api.Phase, r *api.Rollout) string {
	if r != nil && (p == api.PhaseShifting || p == api.PhasePaused) {
		return fmt.Sprintf("%s(%d)", p, r.Step)
	}
	return string(p)
}

// weights shows "a=90 b=10" using the target groups' short names.
func (t *timeline) weights(m map[string]int) string {
	var parts []string
	for _, tg := range t.w.Spec.TargetGroups {
		parts = append(parts, fmt.Sprintf("%s=%3d", tgName(tg), m[tg]))
	}
	return "weights " + strings.Join(parts, " ")
}

func (t *timeline) health(m map[string]int) string {
	var parts []string
	for _, tg := range t.w.Spec.TargetGroups {
		parts = append(parts, fmt.Sprintf("%s=%d", tgName(tg), m[tg]))
	}
	return "healthy " + strings.Join(parts, " ")
}

func tgName(arn string) string {
	parts := strings.Split(arn, "/")
	if len(parts) >= 2 {
		return strings.TrimPrefix(parts[1], "web-")
	}
	return arn
}

func clockOf(d time.Duration) string {
	d = d.Round(time.Second)
	return fmt.Sprintf("%02d:%02d:%02d", int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60)
}

func (t *timeline) summary(rep Report) {
	if t.out == nil {
		return
	}
	t.printf("\n")
	tw := tabwriter.NewWriter(t.out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SCENARIO\tRESULT\tEXPECTED\tSIMULATED\tAWS CALLS\tROLLOUTS")
	for _, s := range rep.Scenarios {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\n", s.Name, s.Result, s.Expected,
			time.Duration(s.SimulatedSec*float64(time.Second)).Round(time.Second), s.AWSCalls, strings.Join(s.Rollouts, ", "))
	}
	tw.Flush()
	sort.Strings(rep.Violations)
	for _, v := range rep.Violations {
		t.printf("violation: %s\n", v)
	}
	if rep.OK {
		t.printf("\nok: every scenario ended as expected (%.1fs wall)\n", rep.WallSec)
	} else {
		t.printf("\nFAILED: a scenario did not end as expected\n")
	}
}
