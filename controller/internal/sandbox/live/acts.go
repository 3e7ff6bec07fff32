package live

import (
	"context"
	"fmt"
	"strings"

	"github.com/asgctl/asgctl/controller/api"
)

// act is one scenario: play returns its outcome, whose result is compared
// with expected.
type act struct {
	name, expected string
	play           func(ctx context.Context, w *world) (outcome, error)
	// needs is what the act needs of the cloud beyond rollouts
	// (needAnalysis); a cloud that lacks it skips the act.
	needs string
	// badGreen: green answers errors on purpose; its injected 500s are
	// expected failures, and how long it served production is measured.
	badGreen bool
	// darkGreen: green must answer no production request.
	darkGreen bool
}

// outcome is how an act ended: the rollout phase or the agents' state,
// why (a reverted rollout's reason, a failed release's error), the
// rollouts it ran and the target group of the last one's green.
type outcome struct {
	result, reason string
	rollouts       []string
	greenTG        string
}

func acts() []act {
	return []act{
		{name: "first_deploy", expected: "complete", play: func(ctx context.Context, w *world) (outcome, error) {
			if err := w.publishRelease(ctx, "r1", ""); err != nil {
				return outcome{}, err
			}
			return w.promoteAndWait(ctx, amis[0])
		}},
		{name: "release_in_place", expected: api.AgentReady, play: func(ctx context.Context, w *world) (outcome, error) {
			return w.releaseAndWait(ctx, "r2")
		}},
		{name: "blue_green_promote", expected: "complete", play: func(ctx context.Context, w *world) (outcome, error) {
			return w.promoteAndWait(ctx, amis[1])
		}},
		{name: "unhealthy_green", expected: "reverted", play: func(ctx context.Context, w *world) (outcome, error) {
			return w.promoteAndWait(ctx, brokenAMI)
		}},
		{name: "bad_green", expected: "reverted", needs: needAnalysis, badGreen: true,
			play: func(ctx context.Context, w *world) (outcome, error) {
				return w.promoteWith(ctx, erroringAMI, w.analysisSpec())
			}},
		{name: "smoke_failure", expected: "reverted", darkGreen: true,
			play: func(ctx context.Context, w *world) (outcome, error) {
				return w.promoteWith(ctx, brokenRootAMI, w.smokeSpec())
			}},
		{name: "failing_release", expected: api.ReleaseRolledBack, play: func(ctx context.Context, w *world) (outcome, error) {
			return w.failAndRollBack(ctx, "r3")
		}},
	}
}

// selectActs is first_deploy and the named acts, in order; nil names
// select every act.
func selectActs(names []string) ([]act, error) {
	all := acts()
	if len(names) == 0 {
		return all, nil
	}
	want := map[string]bool{all[0].name: true}
	for _, n := range names {
		want[n] = true
	}
	var out []act
	for _, a := range all {
		if want[a.name] {
			out = append(out, a)
			delete(want, a.name)
		}
	}
	for n := range want {
		names := make([]string, len(all))
		for i, a := range all {
			names[i] = a.name
		}
		return nil, fmt.Errorf("no scenario %q (there are %s)", n, strings.Join(names, ", "))
	}
	return out, nil
}

// promoteAndWait requests ami, waits for the rollout to end and for the 4
// live agents (the old group's after a revert, the new one's after a
// completion) to serve the release last published healthy.
func (w *world) promoteAndWait(ctx context.Context, ami string) (outcome, error) {
	release := w.serving
	if err := w.promote(ctx, ami); err != nil {
		return outcome{}, err
	}
	r, err := w.rolloutEnded(ctx, actLimit)
	if r == nil {
		return outcome{}, err
	}
	o := outcome{result: string(r.Phase), reason: r.Reason, rollouts: []string{r.ID}, greenTG: r.ToTargetGroup}
	if err != nil {
		return o, err
	}
	return o, w.agentsAll(ctx, 4, actLimit, "agents ready on "+release, func(r api.AgentReport) bool {
		return r.State == api.AgentReady && r.Release == release
	})
}

// releaseAndWait publishes release id and waits until the 4 agents report
// ready on it.
func (w *world) releaseAndWait(ctx context.Context, id string) (outcome, error) {
	if err := w.publishRelease(ctx, id, ""); err != nil {
		return outcome{}, err
	}
	err := w.agentsAll(ctx, 4, actLimit, "agents ready on "+id, func(r api.AgentReport) bool {
		return r.State == api.AgentReady && r.Release == id
	})
	if err != nil {
		return outcome{}, err
	}
	return outcome{result: api.AgentReady}, nil
}

// firstLine is s up to its first newline.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
