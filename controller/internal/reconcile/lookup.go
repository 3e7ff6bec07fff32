package reconcile

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/asgctl/asgctl/controller/api"
)

// group finds a group by name; deleting groups are reported too.
func (b *builder) group(name string) (Group, bool) {
	if name == "" {
		return Group{}, false
	}
	for _, g := range b.o.Groups {
		if g.Name == name {
			return g, true
		}
	}
	return Group{}, false
}

// healthy is the number of healthy targets observed in a target group.
func (b *builder) healthy(tg string) int { return b.o.Health[tg].Healthy }

// required is how many healthy targets green needs: min_healthy_percent of
// the desired capacity, rounded up, and never less than one.
func (b *builder) required(desired int) int {
	pct := *b.d.Spec.MinHealthyPercent
	n := (desired*pct + 99) / 100
	if n < 1 {
		n = 1
	}
	return n
}

// greenReady reports whether the green group and its target group are ready
// to take (more) traffic, and if not, why.
func (b *builder) greenReady(r *api.Rollout) (bool, string) {
	g, ok := b.group(r.ToGroup)
	if !ok {
		return false, fmt.Sprintf("group %s is not visible yet", r.ToGroup)
	}
	need := b.required(r.Capacity.Desired)
	have := b.healthy(r.ToTargetGroup)
	if have < need {
		return false, fmt.Sprintf("%d/%d healthy targets in %s (need %d)", have, r.Capacity.Desired, shortARN(r.ToTargetGroup), need)
	}
	if g.InService < need {
		return false, fmt.Sprintf("%d/%d instances InService in %s (need %d)", g.InService, r.Capacity.Desired, g.Name, need)
	}
	return true, ""
}

// alarmProblem says why the spec's alarms stop a rollout, or "": they
// cannot gate it (alarmsUnusable), or one is in ALARM (or in
// INSUFFICIENT_DATA when the spec treats that as ALARM).
func (b *builder) alarmProblem() string {
	if why := b.alarmsUnusable(); why != "" {
		return why
	}
	spec := b.d.Spec
	for _, name := range spec.Alarms {
		switch state := b.o.Alarms[name]; {
		case state == "ALARM":
			return fmt.Sprintf("alarm %s is in ALARM", name)
		case state == "INSUFFICIENT_DATA" && spec.AlarmInsufficientData == api.InsufficientDataAlarm:
			return fmt.Sprintf("alarm %s has insufficient data (alarm_insufficient_data is %q)", name, api.InsufficientDataAlarm)
		}
	}
	return ""
}

// alarmsUnusable says why the spec's alarms cannot gate a rollout at all,
// or "": they could not be read, were not read, or one does not exist.
// Alarms fail closed: not knowing is a reason to stop. A rollout does not
// start while this holds; an alarm's state is judged by the gates, once
// green takes traffic.
func (b *builder) alarmsUnusable() string {
	spec := b.d.Spec
	if len(spec.Alarms) == 0 {
		return ""
	}
	switch {
	case b.o.AlarmsError != "":
		return "alarms could not be read: " + b.o.AlarmsError
	case !b.o.AlarmsKnown:
		return "alarms were not read"
	}
	for _, name := range spec.Alarms {
		if _, ok := b.o.Alarms[name]; !ok {
			return fmt.Sprintf("alarm %s does not exist in %s (misspelled, or in another region or account?)", name, spec.Region)
		}
	}
	return ""
}

// stepWeights are the listener weights for 1-based step k of rollout r, with
// an entry for both of the spec's target groups.
func (b *builder) stepWeights(r *api.Rollout, k int) map[string]int {
	w := 100
	if r.FromGroup != "" && k >= 1 && k <= len(b.d.Spec.Steps) {
		w = b.d.Spec.Steps[k-1].Weight
	}
	out := map[string]int{}
	for _, tg := range b.d.Spec.TargetGroups {
		out[tg] = 0
	}
	out[r.ToTargetGroup] = w
	if r.FromGroup != "" && r.FromTargetGroup != "" {
		out[r.FromTargetGroup] = 100 - w
	}
	return out
}

// blueWeights are the weights that send everything back to the live group.
func (b *builder) blueWeights(r *api.Rollout) map[string]int { return b.allOn(r.FromTargetGroup) }

// weightsEqual compares the observed weights with want over want's keys.
func (b *builder) weightsEqual(want map[string]int) bool {
	if !b.o.WeightsKnown {
		return false
	}
	for tg, w := range want {
		if b.o.Weights[tg] != w {
			return false
		}
	}
	return true
}

// observedWeights are the production listener's weights as observed, an
// entry per spec target group (an action's precondition).
func (b *builder) observedWeights() map[string]int { return b.overTargetGroups(b.o.Weights) }

// overTargetGroups is w with an entry for every spec target group.
func (b *builder) overTargetGroups(w map[string]int) map[string]int {
	out := map[string]int{}
	for _, tg := range b.d.Spec.TargetGroups {
		out[tg] = w[tg]
	}
	return out
}

// maxSeq is the highest seq seen anywhere, so a new rollout never reuses a
// name still held by a group being deleted.
func (b *builder) maxSeq() int {
	m := b.o.HistorySeq
	if b.rec != nil && b.rec.Seq > m {
		m = b.rec.Seq
	}
	for _, g := range b.o.Groups {
		if g.Seq > m {
			m = g.Seq
		}
	}
	return m
}

func missingProcesses(g Group) []string {
	var out []string
	for _, p := range RolloutProcesses {
		if !slices.Contains(g.Suspended, p) {
			out = append(out, p)
		}
	}
	return out
}

func suspendedOurs(g Group) []string {
	var out []string
	for _, p := range RolloutProcesses {
		if slices.Contains(g.Suspended, p) {
			out = append(out, p)
		}
	}
	return out
}

// ltDescription tags the launch template version made for a rollout so a
// retry finds it instead of making another.
func ltDescription(r *api.Rollout) string {
	d := "asgctl " + r.Service + " seq " + strconv.Itoa(r.Seq) + " " + r.AMI
	if r.SourceVersion > 0 {
		d += " from version " + strconv.FormatInt(r.SourceVersion, 10)
	}
	return d
}

func shortARN(arn string) string {
	for i := len(arn) - 1; i >= 0; i-- {
		if arn[i] == ':' {
			return arn[i+1:]
		}
	}
	return arn
}
