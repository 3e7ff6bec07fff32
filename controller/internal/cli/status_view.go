package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// statusDoc is `status`'s JSON document.
type statusDoc struct {
	Service   string                            `json:"service"`
	Phase     api.Phase                         `json:"phase"`
	Step      int                               `json:"step"`
	Steps     int                               `json:"steps"`
	AMI       string                            `json:"ami"`
	LiveGroup string                            `json:"live_group"`
	LiveAMI   string                            `json:"live_ami,omitempty"`
	Weights   map[string]int                    `json:"weights"`
	Health    map[string]reconcile.TargetHealth `json:"health,omitempty"`
	Reason    string                            `json:"reason,omitempty"`
	// LaunchDrift says how the live group launches something other than a
	// rollout would now (template default version, spec launch settings).
	LaunchDrift string       `json:"launch_drift,omitempty"`
	Since       *time.Time   `json:"since,omitempty"`
	Pending     *api.Desired `json:"pending,omitempty"`
	Rollout     *api.Rollout `json:"rollout"`
	// AWSUnavailable says why AWS could not be read; the document then
	// holds only what Consul says (no groups, weights or health).
	AWSUnavailable *awsUnavailable `json:"aws_unavailable,omitempty"`
}

// awsUnavailable is the AWS failure behind a Consul-only status.
type awsUnavailable struct {
	Error string `json:"error"`
	Hint  string `json:"hint,omitempty"`
}

// consulOnlyView is the status when AWS could not be read: the rollout
// record and requests from Consul, no weights, and why. Pure.
func consulOnlyView(spec api.ServiceSpec, st serviceState, d diagnosis) statusDoc {
	doc := statusView(spec, st, reconcile.Observed{})
	doc.Weights, doc.LaunchDrift = nil, ""
	doc.AWSUnavailable = &awsUnavailable{Error: d.cause, Hint: d.hint}
	return doc
}

// statusView builds the status of a service from its state and what was
// observed in AWS (groups, weights, and health while a rollout runs). Pure.
func statusView(spec api.ServiceSpec, st serviceState, o reconcile.Observed) statusDoc {
	doc := statusDoc{
		Service: spec.Name, Phase: api.PhaseIdle, Steps: len(spec.Steps),
		Weights: map[string]int{}, Health: o.Health, Pending: st.pending(), Rollout: st.Rollout,
	}
	for _, tg := range spec.TargetGroups {
		doc.Weights[tg] = o.Weights[tg]
	}
	if g, ok := observedLive(o); ok {
		doc.LiveGroup, doc.LiveAMI, doc.AMI = g.Name, g.AMI, g.AMI
		doc.LaunchDrift = reconcile.LaunchDrift(o, spec, g, false)
	}
	if r := st.Rollout; r != nil {
		since := r.PhaseSince
		doc.Phase, doc.Step, doc.AMI, doc.Reason, doc.Since = r.Phase, r.Step, r.AMI, r.Reason, &since
	}
	return doc
}

// statusRows is the text view: label and value; empty values are skipped.
func statusRows(spec api.ServiceSpec, d statusDoc) [][2]string {
	rows := [][2]string{{"service", d.Service}, {"phase", statusPhase(d)}, {"ami", d.AMI}}
	if r := d.Rollout; r != nil {
		rows = append(rows, [2]string{"rollout", fmt.Sprintf("%s (%s -> %s)", r.ID, orNone(r.FromGroup), r.ToGroup)})
	}
	live := d.LiveGroup
	if live != "" && d.LiveAMI != "" {
		live += " (" + d.LiveAMI + ")"
	}
	if u := d.AWSUnavailable; u != nil {
		rows = append(rows, [2]string{"aws", "unavailable: " + u.Error + " (groups, weights and health not shown)"}, [2]string{"hint", u.Hint})
	} else {
		rows = append(rows, [2]string{"live group", live}, [2]string{"weights", weightsText(spec, d.Weights)},
			[2]string{"health", healthText(spec, d.Health)})
	}
	if d.Since != nil {
		rows = append(rows, [2]string{"since", d.Since.UTC().Format(time.RFC3339)})
	}
	rows = append(rows, [2]string{"reason", d.Reason})
	rows = append(rows, [2]string{"checks", checksText(d.Rollout)}, [2]string{"analysis", analysisText(d.Rollout)},
		[2]string{"approvals", approvalsText(d.Rollout)})
	rows = append(rows, [2]string{"repair", repairText(d.Rollout)})
	if d.LaunchDrift != "" {
		rows = append(rows, [2]string{"launch", d.LaunchDrift + "; `asgctl promote " + d.Service + " --refresh` rolls it out"})
	}
	if p := d.Pending; p != nil {
		rows = append(rows, [2]string{"pending", fmt.Sprintf("%s (request %s%s), not picked up yet", p.AMI, p.RequestID, by(p.RequestedBy))})
	}
	return rows
}

// statusLine is the one-line view --watch prints per change.
func statusLine(spec api.ServiceSpec, d statusDoc) string {
	parts := []string{d.Service, statusPhase(d)}
	if d.AMI != "" {
		parts = append(parts, d.AMI)
	}
	if w := weightsText(spec, d.Weights); w != "" {
		parts = append(parts, w)
	}
	line := strings.Join(parts, "  ")
	if d.Reason != "" {
		line += ": " + d.Reason
	}
	if d.Pending != nil {
		line += fmt.Sprintf(" (pending: %s)", d.Pending.AMI)
	}
	if d.AWSUnavailable != nil {
		line += " (AWS unavailable: " + d.AWSUnavailable.Error + ")"
	}
	return line
}

func statusPhase(d statusDoc) string {
	if (d.Phase == api.PhaseShifting || d.Phase == api.PhasePaused) && d.Step > 0 {
		return fmt.Sprintf("%s step %d/%d", d.Phase, d.Step, d.Steps)
	}
	return string(d.Phase)
}

// healthText is "web-a 2 healthy / web-b 1 healthy, 1 initial".
func healthText(spec api.ServiceSpec, h map[string]reconcile.TargetHealth) string {
	var parts []string
	for _, tg := range spec.TargetGroups {
		th, ok := h[tg]
		if !ok {
			continue
		}
		var counts []string
		for _, c := range []struct {
			n    int
			name string
		}{{th.Healthy, "healthy"}, {th.Initial, "initial"}, {th.Unhealthy, "unhealthy"}, {th.Draining, "draining"}, {th.Unused, "unused"}} {
			if c.n > 0 {
				counts = append(counts, fmt.Sprintf("%d %s", c.n, c.name))
			}
		}
		if len(counts) == 0 {
			counts = []string{"no targets"}
		}
		parts = append(parts, tgName(tg)+" "+strings.Join(counts, ", "))
	}
	return strings.Join(parts, " / ")
}

// observedLive is the group serving traffic as the reconciler sees it:
// the record's live group, or with no record the group behind the target
// group that has all the weight.
func observedLive(o reconcile.Observed) (reconcile.Group, bool) {
	name := ""
	if r := o.Rollout; r != nil {
		name = r.FromGroup
		if r.Phase == api.PhaseComplete {
			name = r.ToGroup
		}
	}
	for _, g := range o.Groups {
		if g.Deleting {
			continue
		}
		if name != "" && g.Name == name {
			return g, true
		}
		if name == "" && o.Rollout == nil && len(g.TargetGroups) > 0 && o.Weights[g.TargetGroups[0]] == 100 && g.Capacity.Desired > 0 {
			return g, true
		}
	}
	return reconcile.Group{}, false
}

// repairText says where a failed rollout's repair stands, "" when the
// rollout did not fail.
func repairText(r *api.Rollout) string {
	switch {
	case r == nil || r.Phase != api.PhaseFailed:
		return ""
	case r.Repaired():
		return repairedMessage(r)
	case r.Repair != nil:
		return fmt.Sprintf("in progress since %s (%s)", r.Repair.StartedAt.UTC().Format(time.RFC3339), orDash(strings.Join(r.Repair.Done, "; ")))
	}
	return "needed: no rollout starts until `asgctl repair " + r.Service + "` has run"
}

// checksText lists the rollout's verify hook results, "" when none ran.
func checksText(r *api.Rollout) string {
	if r == nil {
		return ""
	}
	parts := make([]string, 0, len(r.Checks))
	for _, c := range r.Checks {
		verdict := "passed"
		if !c.Passed {
			verdict = "FAILED: " + c.Output
		}
		parts = append(parts, fmt.Sprintf("%s %s %s (%s)", c.Stage, c.Hook, verdict, c.Took.D().Round(time.Millisecond)))
	}
	return strings.Join(parts, "; ")
}

// analysisText is the rollout's latest analysis verdict and how many it
// gave, "" when none.
func analysisText(r *api.Rollout) string {
	if r == nil || r.Analysis == nil || len(r.Analysis.Verdicts) == 0 {
		return ""
	}
	vs := r.Analysis.Verdicts
	v := vs[len(vs)-1]
	return fmt.Sprintf("step %d %s: %s (%d verdicts)", v.Step, v.Result, v.Reason, len(vs))
}

// approvalsText lists the manual gates released, "" when none.
func approvalsText(r *api.Rollout) string {
	if r == nil {
		return ""
	}
	parts := make([]string, 0, len(r.Approvals))
	for _, a := range r.Approvals {
		parts = append(parts, fmt.Sprintf("step %d by %s at %s", a.Step, orNone(a.By), a.At.UTC().Format(time.RFC3339)))
	}
	return strings.Join(parts, "; ")
}
