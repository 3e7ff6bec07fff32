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
}

// outcome is how an act ended: the rollout phase or the agents' state,
// why (a reverted rollout's reason, a failed release's error) and the
// rollouts it ran.
type outcome struct {
	result, reason string
	rollouts       []string
}

func acts() []act {
	return []act{
		{"first_deploy", "complete", func(ctx context.Context, w *world) (outcome, error) {
			if err := w.publishRelease(ctx, "r1", ""); err != nil {
				return outcome{}, err
			}
			return w.promoteAndWait(ctx, amis[0])
		}},
		{"release_in_place", api.AgentReady, func(ctx context.Context, w *world) (outcome, error) {
			return w.releaseAndWait(ctx, "r2")
		}},
		{"blue_green_promote", "complete", func(ctx context.Context, w *world) (outcome, error) {
			return w.promoteAndWait(ctx, amis[1])
		}},
		{"unhealthy_green", "reverted", func(ctx context.Context, w *world) (outcome, error) {
			return w.promoteAndWait(ctx, brokenAMI)
		}},
		{"failing_release", api.ReleaseRolledBack, func(ctx context.Context, w *world) (outcome, error) {
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
		return nil, fmt.Errorf("no scenario %q (there are first_deploy, release_in_place, blue_green_promote, unhealthy_green, failing_release)", n)
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
	o := outcome{result: string(r.Phase), reason: r.Reason, rollouts: []string{r.ID}}
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
