package live

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/asgctl/asgctl/internal/loadgen"
)

// progressEvery is how often the live sandbox prints its status line.
const progressEvery = 2 * time.Second

// progress prints, every progressEvery until ctx ends, the rollout phase
// and step, the listener weights with the serving targets per group, the
// live agents, and the load's rate and failures.
func (w *world) progress(ctx context.Context, out io.Writer, res *loadgen.Result) {
	if out == nil {
		return
	}
	t := time.NewTicker(progressEvery)
	defer t.Stop()
	lastSent, lastAt := res.Sent.Load(), time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		sent, now := res.Sent.Load(), time.Now()
		rps := float64(sent-lastSent) / now.Sub(lastAt).Seconds()
		lastSent, lastAt = sent, now
		fmt.Fprintf(out, "    %s | %s | agents %d | %.0f req/s, %d failed\n",
			w.phase(ctx), w.weights(), len(w.agents(ctx)), rps, res.Failed.Load())
	}
}

// phase is the current rollout's phase and step.
func (w *world) phase(ctx context.Context) string {
	r, _, err := w.store.Rollout(ctx, service)
	if err != nil || r == nil {
		return "no rollout"
	}
	return fmt.Sprintf("%s %s step %d", r.ID, r.Phase, r.Step)
}

// weights is the balancer's view: weight and serving/registered targets
// per target group.
func (w *world) weights() string {
	var parts []string
	for _, r := range w.lb.Routes() {
		name := r.TargetGroup // arn:...:targetgroup/NAME/ID
		if seg := strings.Split(name, "/"); len(seg) >= 2 {
			name = seg[len(seg)-2]
		}
		parts = append(parts, fmt.Sprintf("%s %d%% %d/%d serving", name, r.Weight, len(r.Serving), len(r.Targets)))
	}
	return strings.Join(parts, ", ")
}
