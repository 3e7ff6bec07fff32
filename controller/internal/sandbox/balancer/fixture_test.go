package balancer

import (
	"context"
	"io"
	"maps"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/asgctl/asgctl/controller/clock/clocktest"
	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
)

var t0 = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

const (
	boot    = 10 * time.Second
	refresh = 250 * time.Millisecond
	// settle is long enough for booted instances to pass a tuned health
	// check (every 5s, healthy after one pass, unhealthy after two fails).
	settle = 30 * time.Second
)

// fixture is a hosted simaws cloud with a blue and a green target group
// of two instances each behind one listener, and a balancer following the
// listener on the same fake clock.
type fixture struct {
	t         *testing.T
	ctx       context.Context
	clk       *clocktest.Fake
	cloud     *simaws.Cloud
	host      *testHost
	lt        string
	blue      string
	green     string
	listener  string
	b         *Balancer
	url       string
	client    *http.Client
	refreshed chan error
	done      chan struct{} // closed at cleanup: stop reporting refreshes
}

// newFixture starts the instances, lets them get healthy, and starts a
// balancer (configured by mut) that has refreshed once since.
func newFixture(t *testing.T, blueWeight, greenWeight int, mut func(*fixture, *Config)) *fixture {
	t.Helper()
	clk := clocktest.New(t0)
	host := newTestHost()
	t.Cleanup(host.close)
	f := &fixture{t: t, ctx: context.Background(), clk: clk, host: host, refreshed: make(chan error), done: make(chan struct{})}
	f.cloud = simaws.New(simaws.Config{
		Clock: clk, Seed: 1, Boot: simaws.Range{Min: boot, Max: boot}, Host: host,
		HealthCheck: simaws.TunedHealthCheck(), DeregistrationDelay: time.Minute,
	})
	f.lt = f.cloud.CreateLaunchTemplate("web", "ami-1")
	f.blue = f.cloud.CreateTargetGroup("web-blue")
	f.green = f.cloud.CreateTargetGroup("web-green")
	f.listener = f.cloud.CreateListener(map[string]int{f.blue: blueWeight, f.green: greenWeight})
	f.createGroup("web-blue", f.blue)
	f.createGroup("web-green", f.green)
	f.clk.Advance(settle)
	f.start(mut)
	return f
}

func (f *fixture) createGroup(name, tg string) {
	f.t.Helper()
	_, err := f.cloud.CreateAutoScalingGroup(f.ctx, &autoscaling.CreateAutoScalingGroupInput{
		AutoScalingGroupName: aws.String(name),
		LaunchTemplate:       &astypes.LaunchTemplateSpecification{LaunchTemplateId: aws.String(f.lt), Version: aws.String("1")},
		MinSize:              aws.Int32(0), MaxSize: aws.Int32(10), DesiredCapacity: aws.Int32(2),
		VPCZoneIdentifier: aws.String("subnet-a,subnet-b"),
		TargetGroupARNs:   []string{tg},
	})
	if err != nil {
		f.t.Fatalf("create %s: %v", name, err)
	}
}

func (f *fixture) start(mut func(*fixture, *Config)) {
	f.t.Helper()
	cfg := Config{
		ELB: f.cloud, ListenerARN: f.listener, Addr: f.host.addr, Clock: f.clk, Refresh: refresh,
		OnRefresh: func(err error) {
			select {
			case f.refreshed <- err:
			case <-f.done:
			}
		},
	}
	if mut != nil {
		mut(f, &cfg)
	}
	f.b = New(cfg)
	f.t.Cleanup(func() { _ = f.b.Close() })
	f.t.Cleanup(func() { close(f.done) }) // runs first
	if err := f.waitRefresh(); err != nil {
		f.t.Fatalf("first refresh: %v", err)
	}
	addr, err := f.b.Listen("127.0.0.1:0")
	if err != nil {
		f.t.Fatal(err)
	}
	f.url = "http://" + addr + "/"
	tr := &http.Transport{MaxIdleConnsPerHost: 8}
	f.t.Cleanup(tr.CloseIdleConnections)
	f.client = &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

// waitRefresh waits for the balancer's next loop refresh. The time limit
// guards against a hang; it never paces the test.
func (f *fixture) waitRefresh() error {
	f.t.Helper()
	select {
	case err := <-f.refreshed:
		return err
	case <-time.After(10 * time.Second):
		f.t.Fatal("no refresh within 10s")
		return nil
	}
}

// step advances the fake clock by d (at least one refresh period), which
// fires one refresh, and waits for it.
func (f *fixture) step(d time.Duration) error {
	f.t.Helper()
	if d < refresh {
		f.t.Fatalf("step %s is shorter than a refresh", d)
	}
	f.clk.Advance(d)
	return f.waitRefresh()
}

func (f *fixture) mustStep(d time.Duration) {
	f.t.Helper()
	if err := f.step(d); err != nil {
		f.t.Fatalf("refresh: %v", err)
	}
}

// get sends one request through the balancer and returns the status and
// the instance that answered.
func (f *fixture) get(hold bool) (int, string) {
	f.t.Helper()
	req, err := http.NewRequest(http.MethodGet, f.url, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	if hold {
		req.Header.Set("X-Hold", "1")
	}
	resp, err := f.client.Do(req)
	if err != nil {
		f.t.Fatalf("request: %v", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header.Get("X-Instance")
}

// send sends n requests and counts answers by instance; failures count
// under their status code.
func (f *fixture) send(n int) map[string]int {
	f.t.Helper()
	got := map[string]int{}
	for range n {
		code, id := f.get(false)
		if code != http.StatusOK {
			id = http.StatusText(code)
		}
		got[id]++
	}
	return got
}

// ids returns the instance ids registered in tg, sorted.
func (f *fixture) ids(tg string) []string {
	var ids []string
	for _, d := range f.health(tg) {
		ids = append(ids, aws.ToString(d.Target.Id))
	}
	return ids
}

func (f *fixture) health(tg string) []elbtypes.TargetHealthDescription {
	f.t.Helper()
	out, err := f.cloud.DescribeTargetHealth(f.ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String(tg)})
	if err != nil {
		f.t.Fatal(err)
	}
	return out.TargetHealthDescriptions
}

// states returns tg's target states by instance id.
func (f *fixture) states(tg string) map[string]string {
	out := map[string]string{}
	for _, d := range f.health(tg) {
		out[aws.ToString(d.Target.Id)] = string(d.TargetHealth.State)
	}
	return out
}

func (f *fixture) setWeights(blue, green int32) {
	f.t.Helper()
	_, err := f.cloud.ModifyListener(f.ctx, &elbv2.ModifyListenerInput{
		ListenerArn: aws.String(f.listener),
		DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, ForwardConfig: &elbtypes.ForwardActionConfig{
			TargetGroups: []elbtypes.TargetGroupTuple{
				{TargetGroupArn: aws.String(f.blue), Weight: aws.Int32(blue)},
				{TargetGroupArn: aws.String(f.green), Weight: aws.Int32(green)},
			},
		}}},
	})
	if err != nil {
		f.t.Fatalf("modify listener: %v", err)
	}
}

// wantCounts fails unless got has exactly the counts in want.
func wantCounts(t *testing.T, got, want map[string]int) {
	t.Helper()
	if !maps.Equal(got, want) {
		t.Fatalf("answers %v, want %v", got, want)
	}
}
