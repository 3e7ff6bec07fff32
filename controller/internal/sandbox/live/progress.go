package live

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/fleet"
	"github.com/asgctl/asgctl/controller/internal/releases"
)

// The live sandbox looks at its state every progressEvery and prints a
// line when the phase, weights, health or agents changed, or when
// progressQuiet passed since the last line.
const (
	progressEvery = time.Second
	progressQuiet = 10 * time.Second
)

// progress prints, until ctx ends, the rollout phase and step, the
// listener weights with the healthy targets per group, the live agents,
// and the load's rate, failures and expected failures.
func (w *world) progress(ctx context.Context, out io.Writer, res *loadCounts) {
	if out == nil {
		return
	}
	t := time.NewTicker(progressEvery)
	defer t.Stop()
	lastSent, lastAt := res.sent.Load(), time.Now()
	lastState, printedAt := "", time.Time{}
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		state := fmt.Sprintf("%s | %s | %s", w.phase(ctx), w.weights(), w.release(ctx))
		now := time.Now()
		if state == lastState && now.Sub(printedAt) < progressQuiet {
			continue
		}
		sent := res.sent.Load()
		rps := float64(sent-lastSent) / now.Sub(lastAt).Seconds()
		fmt.Fprintf(out, "    %s | %.0f req/s, %d failed%s\n", state, rps, res.failed.Load(), expectedNote(res.injected.Load()))
		lastSent, lastAt, lastState, printedAt = sent, now, state, now
	}
}

// phase is the current rollout's phase and step.
func (w *world) phase(ctx context.Context) string {
	r, _, err := w.store.Rollout(ctx, w.service)
	if err != nil || r == nil {
		return "no rollout"
	}
	return fmt.Sprintf("%s %s step %d", r.ID, r.Phase, r.Step)
}

// release is the in-place release's phase and the agents' states, e.g.
// "release r3 halted: 1 failed, 3 waiting".
func (w *world) release(ctx context.Context) string {
	st, err := releases.Read(ctx, w.kv, w.service)
	if err != nil || st.Record == nil {
		return fmt.Sprintf("agents %d", len(w.agents(ctx)))
	}
	counts := fleet.Counts(st.Live)
	var parts []string
	for _, s := range []string{api.AgentReady, api.AgentDeploying, api.AgentWaiting, api.AgentStarting, api.AgentFailed, api.AgentStale} {
		if counts[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
		}
	}
	return fmt.Sprintf("release %s %s: %s", st.Record.Release, fleet.Phase(st.Record, st.Live), strings.Join(parts, ", "))
}

// weights is the balancer's view: weight and healthy/registered targets
// per target group, and whether the group fails open.
func (w *world) weights() string {
	var parts []string
	for _, r := range w.lb.Routes() {
		name := r.TargetGroup // arn:...:targetgroup/NAME/ID
		if seg := strings.Split(name, "/"); len(seg) >= 2 {
			name = seg[len(seg)-2]
		}
		healthy := 0
		for _, t := range r.Targets {
			if t.State == "healthy" {
				healthy++
			}
		}
		part := fmt.Sprintf("%s %3d%% %d/%d healthy", name, r.Weight, healthy, len(r.Targets))
		if r.FailOpen && r.Weight > 0 && len(r.Targets) > 0 {
			part += " (fail-open)"
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, ", ")
}

// expectedNote shows the expected failures once there are any.
func expectedNote(n int64) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" (+%d expected)", n)
}
