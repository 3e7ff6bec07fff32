package e2e

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/awsapi/awssdk"
	"github.com/asgctl/asgctl/controller/internal/cli"
	"github.com/asgctl/asgctl/controller/internal/observe"
	"github.com/asgctl/asgctl/controller/internal/scaling"
	"github.com/asgctl/asgctl/integration/motoserver"
	"github.com/asgctl/asgctl/integration/syncbuf"
)

// A service with two target-tracking policies (CPU, and ALB requests per
// target, whose resource label names each group's own target group) and
// two scheduled actions (one in Europe/Berlin, one in UTC), put with the
// CLI: after the first deploy and after a blue/green promote, the live
// group carries exactly the spec's policies and actions and nothing is
// suspended on it, while the retained group keeps the rollout's processes
// suspended. Then the spec's CPU target changes and an action is dropped:
// a controller started afterwards brings the live group to the new spec
// in place — no rollout, no new group, traffic untouched.
func TestScalingFollowsSpecThroughRolloutsOnMoto(t *testing.T) {
	w := newProcessWorld(t, "1s")
	amis := w.amis(2)
	spec := w.spec
	spec.ScalingPolicies = []api.ScalingPolicy{
		{Name: "cpu", TargetTracking: &api.TargetTracking{Metric: api.MetricCPU, Target: 55}},
		{Name: "requests", TargetTracking: &api.TargetTracking{Metric: api.MetricRequestsPerTarg, Target: 800}},
	}
	spec.ScheduledActions = []api.ScheduledAction{
		{Name: "weekday-morning", Recurrence: "0 7 * * 1-5", TimeZone: "Europe/Berlin", Min: intp(2), Max: intp(4)},
		{Name: "nightly", Recurrence: "30 23 * * *", Desired: intp(2)},
	}
	w.putSpecFile(spec, 0)

	w.promoteInline(amis[0], "3m", 0)
	w.expectGroups(map[string]groupWant{"web-v001": {ami: amis[0], tg: w.tgA, desired: 2}})
	w.expectScaling(spec, "web-v001", w.tgA)

	w.promoteInline(amis[1], "3m", 0)
	w.expectGroups(map[string]groupWant{
		"web-v001": {ami: amis[0], tg: w.tgA, desired: 0},
		"web-v002": {ami: amis[1], tg: w.tgB, desired: 2},
	})
	w.expectScaling(spec, "web-v002", w.tgB)
	w.expectWeights(0, 100)

	spec.ScalingPolicies[0].TargetTracking.Target = 40
	spec.ScheduledActions = spec.ScheduledActions[:1]
	w.putSpecFile(spec, 0)
	before, _, err := w.store.Rollout(w.ctx, "web")
	if err != nil || before == nil {
		t.Fatalf("read the rollout record: %v (%v)", before, err)
	}
	w.startController("c1")
	want, err := scaling.Want(spec, "web-v002", w.tgB)
	if err != nil {
		t.Fatalf("want: %v", err)
	}
	w.waitScaling(time.Minute, want)
	after := w.waitFor(time.Minute, "the record to note the new scaling", func(r *api.Rollout) bool {
		return r.LiveScaling == "web-v002 "+want.Fingerprint()
	})
	if after.Seq != before.Seq || after.ID != before.ID {
		t.Errorf("a spec change started rollout %s (seq %d); the last was %s (seq %d)", after.ID, after.Seq, before.ID, before.Seq)
	}
	w.expectScaling(spec, "web-v002", w.tgB)
	w.expectGroups(map[string]groupWant{
		"web-v001": {ami: amis[0], tg: w.tgA, desired: 0},
		"web-v002": {ami: amis[1], tg: w.tgB, desired: 2},
	})
	w.expectWeights(0, 100)
}

// A spec naming an alarm CloudWatch does not have is refused by service
// put (exit 2, naming it and not the alarm that exists) and nothing is
// written; --offline writes it with a warning. A promote then ends
// reverted at once, naming the alarm, and nothing is launched. Once the
// spec names only the existing alarm, put checks it and a retried promote
// completes: the gate refuses the missing alarm, not alarms as such.
//
// The verbs that read CloudWatch run in this process (cliOnMoto): the
// built binary's CloudWatch client speaks a protocol moto does not serve.
func TestMissingAlarmFailsClosedOnMoto(t *testing.T) {
	w := newProcessWorld(t, "1s")
	ami := w.amis(1)[0]
	w.putAlarm("web-5xx")
	spec := w.spec
	spec.Alarms = []string{"web-5xx", "web-latency-p99"}
	file := w.specFile(spec)

	code, out := w.cliOnMoto("service", "put", "--file", file)
	if code != 2 || !strings.Contains(out, `"web-latency-p99"`) || strings.Contains(out, "web-5xx") {
		t.Errorf("service put exited %d, want 2 naming the missing alarm web-latency-p99 and only it:\n%s", code, out)
	}
	if got := w.specAlarms(); len(got) != 0 {
		t.Errorf("after a refused put the stored spec has alarms %v, want the old spec's (none)", got)
	}

	code, out = w.run("service", "put", "--file", file, "--offline")
	if code != 0 || !strings.Contains(out, "warning") || !strings.Contains(out, "web-latency-p99") {
		t.Errorf("service put --offline exited %d, want 0 with a warning that web-latency-p99 was not checked:\n%s", code, out)
	}
	if got := w.specAlarms(); !slices.Equal(got, spec.Alarms) {
		t.Errorf("after put --offline the stored spec has alarms %v, want %v", got, spec.Alarms)
	}

	code, out = w.cliOnMoto("promote", "web", "--ami", ami, "--wait", "--inline", "--timeout", "2m")
	if code != 1 || !strings.Contains(out, "web-latency-p99") {
		t.Errorf("promote exited %d, want 1 naming the missing alarm:\n%s", code, out)
	}
	r, _, err := w.store.Rollout(w.ctx, "web")
	if err != nil || r == nil {
		t.Fatalf("read the rollout record: %v (%v)", r, err)
	}
	w.expectPhase(r, api.PhaseReverted)
	if !strings.Contains(r.Reason, "web-latency-p99") {
		t.Errorf("rollout %s reverted for %q, which does not name the missing alarm", r.ID, r.Reason)
	}
	w.expectNoGroups()
	w.expectWeights(100, 0)

	spec.Alarms = []string{"web-5xx"}
	code, out = w.cliOnMoto("service", "put", "--file", w.specFile(spec))
	if code != 0 || !strings.Contains(out, "alarms checked") {
		t.Errorf("service put with an existing alarm exited %d, want 0 saying it was checked:\n%s", code, out)
	}
	if code, out := w.cliOnMoto("promote", "web", "--ami", ami, "--retry-failed", "--wait", "--inline", "--timeout", "3m"); code != 0 {
		t.Fatalf("retried promote exited %d:\n%s", code, out)
	}
	r, _, err = w.store.Rollout(w.ctx, "web")
	if err != nil || r == nil {
		t.Fatalf("read the rollout record: %v (%v)", r, err)
	}
	w.expectPhase(r, api.PhaseComplete)
	w.expectGroups(map[string]groupWant{r.ToGroup: {ami: ami, tg: w.tgA, desired: 2}})
}

// cliOnMoto runs the CLI in this process with the production dependencies,
// except that CloudWatch clients speak awsQuery, which moto serves (the
// SDK's default for CloudWatch, RPC v2 CBOR, it does not); it returns the
// exit code and the combined output.
func (w *processWorld) cliOnMoto(args ...string) (int, string) {
	w.t.Helper()
	f, err := awssdk.New(w.ctx, awssdk.Options{SessionName: "asgctl-cli",
		CloudWatchOptions: []func(*cloudwatch.Options){motoserver.CloudWatchProtocol}})
	if err != nil {
		w.t.Fatalf("awssdk: %v", err)
	}
	deps := cli.ProductionDeps()
	deps.Clients = func(ctx context.Context, spec api.ServiceSpec) (awsapi.Clients, error) {
		return f.For(ctx, spec.Region, spec.RoleARN, spec.ExternalID)
	}
	var out syncbuf.Buffer
	argv := append([]string{"asgctl", "--consul-addr", w.consulAddr()}, args...)
	code := cli.RunContext(w.ctx, argv, &out, &out, deps)
	return code, out.String()
}

// consulAddr is the Consul address the world's CLIs are given.
func (w *processWorld) consulAddr() string {
	for _, kv := range w.env {
		if addr, ok := strings.CutPrefix(kv, "CONSUL_HTTP_ADDR="); ok {
			return addr
		}
	}
	w.t.Fatal("no CONSUL_HTTP_ADDR in the world's environment")
	return ""
}

// putSpecFile runs `asgctl service put --file` on spec with extra flags
// and expects exit code want; it returns the output.
func (w *processWorld) putSpecFile(spec api.ServiceSpec, want int, extra ...string) string {
	w.t.Helper()
	code, out := w.run(append([]string{"service", "put", "--file", w.specFile(spec)}, extra...)...)
	if code != want {
		w.t.Fatalf("service put %v exited %d, want %d:\n%s", extra, code, want, out)
	}
	return out
}

// specFile writes spec to a new file and returns its path.
func (w *processWorld) specFile(spec api.ServiceSpec) string {
	w.t.Helper()
	data, err := api.Encode(spec)
	if err != nil {
		w.t.Fatalf("encode spec: %v", err)
	}
	file := filepath.Join(w.t.TempDir(), "spec.json")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		w.t.Fatal(err)
	}
	return file
}

// specAlarms are the alarms of the spec `asgctl service get` shows.
func (w *processWorld) specAlarms() []string {
	w.t.Helper()
	code, out := w.run("--output", "json", "service", "get", "web")
	if code != 0 {
		w.t.Fatalf("service get exited %d:\n%s", code, out)
	}
	var spec api.ServiceSpec
	if err := json.Unmarshal([]byte(out), &spec); err != nil {
		w.t.Fatalf("service get output: %v\n%s", err, out)
	}
	return spec.Alarms
}

// putAlarm creates a CloudWatch alarm in moto.
func (h *motoService) putAlarm(name string) {
	h.t.Helper()
	_, err := h.raw().cw.PutMetricAlarm(h.ctx, &cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String(name), Namespace: aws.String("AWS/ApplicationELB"), MetricName: aws.String("HTTPCode_Target_5XX_Count"),
		Statistic: cwtypes.StatisticSum, Period: aws.Int32(60), EvaluationPeriods: aws.Int32(1), Threshold: aws.Float64(10),
		ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanThreshold,
	})
	if err != nil {
		h.t.Fatalf("put alarm %s: %v", name, err)
	}
}

// expectNoGroups checks that moto has no Auto Scaling group at all.
func (h *motoService) expectNoGroups() {
	h.t.Helper()
	out, err := h.raw().as.DescribeAutoScalingGroups(h.ctx, &autoscaling.DescribeAutoScalingGroupsInput{})
	if err != nil {
		h.t.Fatalf("describe groups: %v", err)
	}
	for _, g := range out.AutoScalingGroups {
		h.t.Errorf("group %s exists in moto; nothing should have been launched", aws.ToString(g.AutoScalingGroupName))
	}
}

// waitScaling polls the group's scaling in moto until it equals want.
func (h *motoService) waitScaling(limit time.Duration, want scaling.Config) {
	h.t.Helper()
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		have, _, err := observe.ReadScaling(h.ctx, h.clients, want.Group)
		if err == nil && have.Equal(want) {
			return
		}
		select {
		case <-deadline.C:
			h.t.Fatalf("timed out after %s waiting for %s to carry\n%s\nit carries\n%s (err %v)", limit, want.Group, asJSON(want), asJSON(have), err)
		case <-tick.C:
		}
	}
}

// expectScaling checks that group (attached to tg) carries exactly spec's
// scaling policies and scheduled actions: the controller's canonical read
// against scaling.Want, and moto's own describes filtered by the group.
func (h *motoService) expectScaling(spec api.ServiceSpec, group, tg string) {
	h.t.Helper()
	want, err := scaling.Want(spec, group, tg)
	if err != nil {
		h.t.Fatalf("want scaling of %s: %v", group, err)
	}
	have, foreign, err := observe.ReadScaling(h.ctx, h.clients, group)
	if err != nil {
		h.t.Fatalf("read scaling of %s: %v", group, err)
	}
	if !have.Equal(want) || have.Fingerprint() != want.Fingerprint() || len(foreign) > 0 {
		h.t.Errorf("%s carries\n%s\n(foreign: %q)\nwant\n%s", group, asJSON(have), foreign, asJSON(want))
	}
	h.expectRawPolicies(spec, group, tg)
	h.expectRawActions(spec, group)
}

// expectRawPolicies checks DescribePolicies of group against the spec's
// target-tracking policies field by field.
func (h *motoService) expectRawPolicies(spec api.ServiceSpec, group, tg string) {
	h.t.Helper()
	out, err := h.raw().as.DescribePolicies(h.ctx, &autoscaling.DescribePoliciesInput{AutoScalingGroupName: aws.String(group)})
	if err != nil {
		h.t.Fatalf("describe policies of %s: %v", group, err)
	}
	got := map[string]astypes.ScalingPolicy{}
	for _, p := range out.ScalingPolicies {
		got[aws.ToString(p.PolicyName)] = p
	}
	if len(got) != len(spec.ScalingPolicies) {
		h.t.Errorf("%s has %d policies %v, want %d", group, len(got), keys(got), len(spec.ScalingPolicies))
	}
	for _, sp := range spec.ScalingPolicies {
		p, ok := got[sp.Name]
		if !ok {
			h.t.Errorf("%s has no policy %q", group, sp.Name)
			continue
		}
		tt, cfg := sp.TargetTracking, p.TargetTrackingConfiguration
		label := ""
		if tt.Metric == api.MetricRequestsPerTarg {
			label = albLabelOf(h.t, spec.ListenerARN, tg)
		}
		switch {
		case aws.ToString(p.AutoScalingGroupName) != group || aws.ToString(p.PolicyType) != "TargetTrackingScaling":
			h.t.Errorf("%s policy %q: group %q type %q", group, sp.Name, aws.ToString(p.AutoScalingGroupName), aws.ToString(p.PolicyType))
		case cfg == nil || cfg.PredefinedMetricSpecification == nil:
			h.t.Errorf("%s policy %q has no predefined metric: %+v", group, sp.Name, cfg)
		case aws.ToFloat64(cfg.TargetValue) != tt.Target || string(cfg.PredefinedMetricSpecification.PredefinedMetricType) != tt.Metric ||
			aws.ToString(cfg.PredefinedMetricSpecification.ResourceLabel) != label:
			h.t.Errorf("%s policy %q: target %g metric %s label %q, want %g %s %q", group, sp.Name, aws.ToFloat64(cfg.TargetValue),
				cfg.PredefinedMetricSpecification.PredefinedMetricType, aws.ToString(cfg.PredefinedMetricSpecification.ResourceLabel), tt.Target, tt.Metric, label)
		}
	}
}

// expectRawActions checks DescribeScheduledActions of group against the
// spec's scheduled actions field by field (a UTC action may state its
// zone or not).
func (h *motoService) expectRawActions(spec api.ServiceSpec, group string) {
	h.t.Helper()
	out, err := h.raw().as.DescribeScheduledActions(h.ctx, &autoscaling.DescribeScheduledActionsInput{AutoScalingGroupName: aws.String(group)})
	if err != nil {
		h.t.Fatalf("describe scheduled actions of %s: %v", group, err)
	}
	got := map[string]astypes.ScheduledUpdateGroupAction{}
	for _, a := range out.ScheduledUpdateGroupActions {
		got[aws.ToString(a.ScheduledActionName)] = a
	}
	if len(got) != len(spec.ScheduledActions) {
		h.t.Errorf("%s has %d scheduled actions %v, want %d", group, len(got), keys(got), len(spec.ScheduledActions))
	}
	for _, sa := range spec.ScheduledActions {
		a, ok := got[sa.Name]
		if !ok {
			h.t.Errorf("%s has no scheduled action %q", group, sa.Name)
			continue
		}
		zone := aws.ToString(a.TimeZone)
		zoneOK := zone == sa.TimeZone || (sa.TimeZone == "" && (zone == "UTC" || zone == "Etc/UTC"))
		if aws.ToString(a.AutoScalingGroupName) != group || aws.ToString(a.Recurrence) != sa.Recurrence || !zoneOK ||
			!sameSize(a.MinSize, sa.Min) || !sameSize(a.MaxSize, sa.Max) || !sameSize(a.DesiredCapacity, sa.Desired) {
			h.t.Errorf("%s scheduled action %q is %s, want %s", group, sa.Name, asJSON(a), asJSON(sa))
		}
	}
}

// albLabelOf is the ALBRequestCountPerTarget resource label for a target
// group behind the listener's load balancer, built by hand from the ARNs:
// app/<lb>/<id>/targetgroup/<tg>/<id>.
func albLabelOf(t *testing.T, listenerARN, tgARN string) string {
	t.Helper()
	_, lb, ok1 := strings.Cut(listenerARN, ":listener/")
	_, tg, ok2 := strings.Cut(tgARN, ":targetgroup/")
	parts := strings.Split(lb, "/")
	if !ok1 || !ok2 || len(parts) != 4 || parts[0] != "app" {
		t.Fatalf("cannot build a resource label from %q and %q", listenerARN, tgARN)
	}
	return strings.Join(parts[:3], "/") + "/targetgroup/" + tg
}

func sameSize(have *int32, want *int) bool {
	if have == nil || want == nil {
		return have == nil && want == nil
	}
	return int(*have) == *want
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func intp(v int) *int { return &v }

func asJSON(v any) string {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// rawClients are plain SDK clients on moto, for checking what the
// controller did without going through its adapter.
type rawClients struct {
	as *autoscaling.Client
	cw *cloudwatch.Client
}

func (h *motoService) raw() rawClients {
	cfg := (&motoserver.Server{URL: h.url}).Config(h.t)
	return rawClients{as: autoscaling.NewFromConfig(cfg), cw: cloudwatch.NewFromConfig(cfg, motoserver.CloudWatchProtocol)}
}
