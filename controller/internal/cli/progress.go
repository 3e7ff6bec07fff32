package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// progress prints a followed rollout for people: one line per phase (or
// step) change, with the weights, and on a terminal a live bar below them.
type progress struct {
	w     io.Writer
	tty   bool
	spec  api.ServiceSpec
	start time.Time
	last  string // the key of the last printed line
	bar   string // the bar as last drawn ("" when none)
	noted map[string]bool
}

// noteOnce prints text as a progress line the first time it is asked to.
func (p *progress) noteOnce(text string, now time.Time) {
	if p == nil || p.noted[text] {
		return
	}
	if p.noted == nil {
		p.noted = map[string]bool{}
	}
	p.noted[text] = true
	p.clearBar()
	fmt.Fprintf(p.w, "  %-7s %s\n", "+"+fmtDur(now.Sub(p.start)), text)
}

// show prints v's rollout when its phase or step changed; now is the
// clock's time. A pending request gets one line saying what it waits for.
func (p *progress) show(v verdict, waiting string, now time.Time) {
	if p == nil {
		return
	}
	key, line := p.line(v, waiting, now)
	if key != p.last && line != "" {
		p.last = key
		p.clearBar()
		fmt.Fprintln(p.w, line)
	}
	p.drawBar(v)
}

// line renders the progress line for v and the key that dedupes it.
func (p *progress) line(v verdict, waiting string, now time.Time) (key, line string) {
	elapsed := "+" + fmtDur(now.Sub(p.start))
	r := v.Rollout
	if r == nil {
		if waiting == "" {
			return "", ""
		}
		return "waiting:" + waiting, fmt.Sprintf("  %-7s %s", elapsed, waiting)
	}
	key = fmt.Sprintf("%d/%s/%d", r.Seq, r.Phase, r.Step)
	cols := []string{fmt.Sprintf("  %-7s %-9s %-18s", elapsed, r.ID, phaseStep(r, len(p.spec.Steps)))}
	if w := weightsText(p.spec, r.Weights); w != "" && showsWeights(r.Phase) {
		cols = append(cols, w)
	}
	if r.Reason != "" {
		cols = append(cols, r.Reason)
	}
	return key, strings.TrimRight(strings.Join(cols, "  "), " ")
}

// showsWeights reports whether a record in phase p carries the weights in
// force: a revert writes blue's weights without recording them, so from
// reverting on the record's weights are the ones before it.
func showsWeights(p api.Phase) bool {
	return p != api.PhaseReverting && p != api.PhaseReverted && p != api.PhaseFailed
}

// drawBar redraws the live bar on a terminal: green's share of traffic.
func (p *progress) drawBar(v verdict) {
	if p == nil {
		return
	}
	if !p.tty || v.Rollout == nil || v.Rollout.Phase.Terminal() {
		p.clearBar()
		return
	}
	r := v.Rollout
	pct := r.Weights[r.ToTargetGroup]
	const width = 20
	n := pct * width / 100
	bar := fmt.Sprintf("[%s%s] %3d%% %s %s", strings.Repeat("#", n), strings.Repeat(".", width-n),
		pct, r.ID, phaseStep(r, len(p.spec.Steps)))
	if bar != p.bar {
		p.bar = bar
		fmt.Fprint(p.w, "\r\033[K"+bar)
	}
}

// clearBar erases the bar so a line can be printed in its place.
func (p *progress) clearBar() {
	if p != nil && p.bar != "" {
		fmt.Fprint(p.w, "\r\033[K")
		p.bar = ""
	}
}

// phaseStep is "shifting step 1/3", or the bare phase outside the steps.
func phaseStep(r *api.Rollout, steps int) string {
	if (r.Phase == api.PhaseShifting || r.Phase == api.PhasePaused) && r.Step > 0 {
		return fmt.Sprintf("%s step %d/%d", r.Phase, r.Step, steps)
	}
	return string(r.Phase)
}

// weightsText is "web-a 90 / web-b 10" in the spec's target group order.
func weightsText(spec api.ServiceSpec, w map[string]int) string {
	if len(w) == 0 {
		return ""
	}
	var parts []string
	for _, tg := range spec.TargetGroups {
		parts = append(parts, fmt.Sprintf("%s %d", tgName(tg), w[tg]))
	}
	return strings.Join(parts, " / ")
}

// tgName is a target group ARN's name part ("web-a").
func tgName(arn string) string {
	_, rest, ok := strings.Cut(arn, ":targetgroup/")
	if !ok {
		return arn
	}
	name, _, _ := strings.Cut(rest, "/")
	return name
}

// fmtDur rounds to the second: "1m12s", "0s".
func fmtDur(d time.Duration) string {
	return d.Round(time.Second).String()
}
