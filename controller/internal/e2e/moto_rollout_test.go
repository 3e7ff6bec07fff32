package e2e

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/awsapi/awsapitest"
	"github.com/asgctl/asgctl/controller/internal/awsapi/awssdk"
	"github.com/asgctl/asgctl/controller/internal/loop"
	"github.com/asgctl/asgctl/controller/internal/observe"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// TestRolloutOnMoto runs the real loop, on the real clock, with the real
// SDK adapter against moto_server: a first deploy, a 10/50/100 promote, an
// abort mid-shift and a rollback, checking ASGs, tags, weights and
// retained groups in moto after each.
func TestRolloutOnMoto(t *testing.T) {
	h := newMotoRollout(t)
	amis := h.amis(3)

	h.promote(amis[0], false)
	r := h.waitFor("first deploy complete", func(r *api.Rollout) bool { return r.AMI == amis[0] && r.Phase.Terminal() })
	h.expectPhase(r, api.PhaseComplete)
	h.expectGroups(map[string]groupWant{"web-v001": {ami: amis[0], tg: h.tgA, desired: 2}})
	h.expectWeights(100, 0)

	h.promote(amis[1], false)
	r = h.waitFor("promote complete", func(r *api.Rollout) bool { return r.AMI == amis[1] && r.Phase.Terminal() })
	h.expectPhase(r, api.PhaseComplete)
	h.expectGroups(map[string]groupWant{
		"web-v001": {ami: amis[0], tg: h.tgA, desired: 0},
		"web-v002": {ami: amis[1], tg: h.tgB, desired: 2},
	})
	h.expectWeights(0, 100)

	h.promote(amis[2], false)
	h.waitFor("paused at step 1", func(r *api.Rollout) bool { return r.AMI == amis[2] && r.Phase == api.PhasePaused && r.Step == 1 })
	h.expectWeights(10, 90)
	h.abort()
	r = h.waitFor("abort reverted", func(r *api.Rollout) bool { return r.AMI == amis[2] && r.Phase.Terminal() })
	h.expectPhase(r, api.PhaseReverted)
	h.expectWeights(0, 100)
	h.expectGroups(map[string]groupWant{
		"web-v001": {ami: amis[0], tg: h.tgA, desired: 0},
		"web-v002": {ami: amis[1], tg: h.tgB, desired: 2},
	})

	h.promote(amis[0], true)
	r = h.waitFor("rollback complete", func(r *api.Rollout) bool { return r.AMI == amis[0] && r.Seq == 4 && r.Phase.Terminal() })
	h.expectPhase(r, api.PhaseComplete)
	if !r.Reused || r.ToGroup != "web-v001" {
		t.Errorf("rollback launched %s (reused %v), want the retained web-v001 brought back", r.ToGroup, r.Reused)
	}
	h.expectGroups(map[string]groupWant{
		"web-v001": {ami: amis[0], tg: h.tgA, desired: 2},
		"web-v002": {ami: amis[1], tg: h.tgB, desired: 0},
	})
	h.expectWeights(100, 0)
}

// motoService is service "web" set up in moto as Terraform would have it:
// VPC, subnets, ALB, two target groups, a listener and a launch template.
type motoService struct {
	t        *testing.T
	ctx      context.Context
	url      string
	clients  awsapi.Clients
	ec2      *ec2.Client
	spec     api.ServiceSpec
	tgA, tgB string
}

func newMotoService(t *testing.T, pause string) *motoService {
	srv := moto.Server(t)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	b := awsapitest.NewMotoBackend(t, srv)
	m := &motoService{t: t, ctx: ctx, url: srv.URL, ec2: ec2.NewFromConfig(srv.Config(t))}
	m.tgA, m.tgB = b.TargetGroup(t, "web-a"), b.TargetGroup(t, "web-b")
	m.spec = m.makeSpec(b, pause)
	m.clients = sdkClients(t, srv.URL)
	return m
}

// motoRollout is service "web" on moto with a controller loop running in
// this process.
type motoRollout struct {
	*motoService
	store consulkv.Store
	wake  chan struct{}
	reqs  int
}

func newMotoRollout(t *testing.T) *motoRollout {
	h := &motoRollout{motoService: newMotoService(t, "1s"), wake: make(chan struct{}, 1)}
	ctx, cancel := context.WithCancel(h.ctx)
	mem := consulkv.NewMemory(clock.Real{})
	h.store = consulkv.NewStore(mem)
	if err := h.store.PutSpec(ctx, &h.spec); err != nil {
		t.Fatalf("register spec: %v", err)
	}
	lp := loop.New(loop.Config{
		Service: "web", Holder: "it-controller", Store: h.store,
		Locker:  consulkv.NewLocker(mem, clock.Real{}, consulkv.LockOptions{}),
		Clients: h.clients, Clock: clock.Real{},
		Tuning: reconcile.Tuning{FastPoll: 100 * time.Millisecond, PausePoll: 200 * time.Millisecond,
			IdlePoll: 2 * time.Second, ReadBackDelay: 300 * time.Millisecond, RevertBudget: 2 * time.Minute},
	})
	done := make(chan struct{})
	go func() { defer close(done); _ = lp.Run(ctx, h.wake) }()
	t.Cleanup(func() { cancel(); <-done })
	return h
}

func (h *motoService) makeSpec(b awsapitest.Backend, pause string) api.ServiceSpec {
	delay, keep := api.Duration(time.Second), 1
	spec := api.ServiceSpec{
		Version: 1, Name: "web", Region: "us-east-1",
		LaunchTemplateID: b.LaunchTemplate(h.t, "web", h.amis(1)[0]),
		Subnets:          b.Subnets(h.t),
		ListenerARN:      b.Listener(h.t, map[string]int{h.tgA: 100, h.tgB: 0}),
		TargetGroups:     []string{h.tgA, h.tgB},
		Capacity:         api.Capacity{Min: 1, Max: 4, Desired: 2},
		Steps:            []api.Step{{Weight: 10, Pause: pause}, {Weight: 50, Pause: pause}, {Weight: 100}},
		ScaleDownDelay:   &delay, KeepPrevious: &keep,
		ProgressDeadline: api.Duration(3 * time.Minute),
	}
	if err := spec.Validate(); err != nil {
		h.t.Fatalf("spec: %v", err)
	}
	return spec
}

// sdkClients builds the real adapter the way the controller does: the
// SDK's standard chain, with the endpoint from AWS_ENDPOINT_URL.
func sdkClients(t *testing.T, endpoint string) awsapi.Clients {
	t.Setenv("AWS_ENDPOINT_URL", endpoint)
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	t.Setenv("AWS_REGION", "us-east-1")
	f, err := awssdk.New(context.Background(), awssdk.Options{})
	if err != nil {
		t.Fatalf("awssdk: %v", err)
	}
	c, err := f.For(context.Background(), "us-east-1", "", "")
	if err != nil {
		t.Fatalf("awssdk clients: %v", err)
	}
	return c
}

// amis returns n machine images moto knows (it validates image ids).
func (h *motoService) amis(n int) []string {
	out, err := h.ec2.DescribeImages(h.ctx, &ec2.DescribeImagesInput{})
	if err != nil || len(out.Images) < n {
		h.t.Fatalf("moto images: %v (%d)", err, len(out.Images))
	}
	var ids []string
	for _, img := range out.Images {
		ids = append(ids, aws.ToString(img.ImageId))
	}
	sort.Strings(ids)
	return ids[:n]
}

func (h *motoRollout) promote(ami string, rollback bool) {
	h.reqs++
	h.writeDesired(func(d *api.Desired) {
		*d = api.Desired{Version: 1, AMI: ami, RequestID: fmt.Sprintf("it-%d", h.reqs), RequestedBy: "it", RequestedAt: time.Now(), Rollback: rollback}
	})
}

func (h *motoRollout) abort() { h.writeDesired(func(d *api.Desired) { d.Abort = true }) }

func (h *motoRollout) writeDesired(edit func(*api.Desired)) {
	cur, idx, err := h.store.Desired(h.ctx, "web")
	if err != nil {
		h.t.Fatalf("read desired: %v", err)
	}
	var next api.Desired
	if cur != nil {
		next = *cur
	}
	edit(&next)
	if _, err := h.store.PutDesired(h.ctx, "web", &next, idx); err != nil {
		h.t.Fatalf("write desired: %v", err)
	}
	select {
	case h.wake <- struct{}{}:
	default:
	}
}

// waitFor polls the rollout record until cond holds (bounded).
func (h *motoRollout) waitFor(what string, cond func(*api.Rollout) bool) *api.Rollout {
	h.t.Helper()
	return waitRecord(h.ctx, h.t, h.store, 90*time.Second, what, cond)
}

// waitRecord polls a service's rollout record until cond holds, failing
// after limit.
func waitRecord(ctx context.Context, t *testing.T, store consulkv.Store, limit time.Duration, what string, cond func(*api.Rollout) bool) *api.Rollout {
	t.Helper()
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		r, _, err := store.Rollout(ctx, "web")
		if err == nil && r != nil && cond(r) {
			return r
		}
		select {
		case <-deadline.C:
			t.Fatalf("timed out after %s waiting for %s; record: %+v (err %v)", limit, what, r, err)
		case <-tick.C:
		}
	}
}

func (h *motoService) expectPhase(r *api.Rollout, p api.Phase) {
	h.t.Helper()
	if r.Phase != p {
		h.t.Fatalf("rollout %s ended %s (%s), want %s", r.ID, r.Phase, r.Reason, p)
	}
}

func (h *motoService) expectWeights(a, b int) {
	h.t.Helper()
	w, err := observe.ReadWeights(h.ctx, h.clients.ELBv2, h.spec.ListenerARN, "", h.spec.TargetGroups)
	if err != nil {
		h.t.Fatalf("read weights: %v", err)
	}
	if w[h.tgA] != a || w[h.tgB] != b {
		h.t.Errorf("weights a=%d b=%d, want a=%d b=%d", w[h.tgA], w[h.tgB], a, b)
	}
}

type groupWant struct {
	ami, tg string
	desired int
}

// expectGroups checks exactly these asgctl groups exist in moto, with their
// tags, pinned launch template version, target group and capacity, and
// nothing left suspended.
func (h *motoService) expectGroups(want map[string]groupWant) {
	h.t.Helper()
	groups, err := awsapi.AllGroups(h.ctx, h.clients.AutoScaling, &autoscaling.DescribeAutoScalingGroupsInput{
		Filters: []astypes.Filter{{Name: aws.String("tag:" + api.TagService), Values: []string{"web"}}},
	})
	if err != nil {
		h.t.Fatalf("describe groups: %v", err)
	}
	seen := map[string]bool{}
	for _, g := range groups {
		name := aws.ToString(g.AutoScalingGroupName)
		seen[name] = true
		w, ok := want[name]
		if !ok {
			h.t.Errorf("unexpected group %s in moto", name)
			continue
		}
		h.checkGroup(g, w)
	}
	for name := range want {
		if !seen[name] {
			h.t.Errorf("group %s missing in moto", name)
		}
	}
}

func (h *motoService) checkGroup(g astypes.AutoScalingGroup, w groupWant) {
	h.t.Helper()
	name := aws.ToString(g.AutoScalingGroupName)
	ng := observe.NormaliseGroup(g)
	if ng.AMI != w.ami || ng.RolloutID == "" || strconv.Itoa(ng.Seq) != observe.TagValue(g.Tags, api.TagSeq) || ng.Seq == 0 {
		h.t.Errorf("%s tags: ami %q rollout %q seq %d, want ami %q", name, ng.AMI, ng.RolloutID, ng.Seq, w.ami)
	}
	if v := ng.LaunchTemplateVersion; v == "" || v == "$Latest" || v == "$Default" {
		h.t.Errorf("%s launch template version %q is not pinned", name, v)
	}
	if len(g.TargetGroupARNs) != 1 || g.TargetGroupARNs[0] != w.tg {
		h.t.Errorf("%s target groups %v, want [%s]", name, g.TargetGroupARNs, w.tg)
	}
	if int(aws.ToInt32(g.DesiredCapacity)) != w.desired {
		h.t.Errorf("%s desired %d, want %d", name, aws.ToInt32(g.DesiredCapacity), w.desired)
	}
	checkSuspended(h.t, name, w.desired, ng.Suspended)
}

// checkSuspended holds a group at rest to the rule for asgctl's scaling
// processes: none suspended on a group with capacity (the live one), all
// of them on a retained group at zero, so its schedules and alarms cannot
// scale it back up.
func checkSuspended(t *testing.T, name string, desired int, suspended []string) {
	t.Helper()
	want := []string(nil)
	if desired == 0 {
		want = reconcile.RolloutProcesses
	}
	var ours []string
	for _, p := range suspended {
		if slices.Contains(reconcile.RolloutProcesses, p) {
			ours = append(ours, p)
		}
	}
	if !slices.Equal(ours, want) {
		t.Errorf("%s (desired %d) has %v of asgctl's processes suspended, want %v", name, desired, ours, want)
	}
}
