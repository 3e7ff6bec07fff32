package daemon_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
	"github.com/asgctl/asgctl/controller/internal/daemon"
)

const (
	amiBlue  = "ami-0000000a"
	amiNext  = "ami-0000000b"
	amiThird = "ami-0000000c"
)

var ctx = context.Background()

// env is one simulated AWS account and one in-memory Consul shared by the
// replicas of a test. Build it inside a synctest bubble: its clock is
// clock.Real{}, which the bubble makes virtual.
type env struct {
	t     *testing.T
	clk   clock.Clock
	cloud *simaws.Cloud
	mem   *consulkv.Memory
	store consulkv.Store

	mu      sync.Mutex
	regions []string // the region of every Clients call, in order
}

func newEnv(t *testing.T) *env {
	clk := clock.Real{}
	mem := consulkv.NewMemory(clk)
	return &env{
		t: t, clk: clk, mem: mem, store: consulkv.NewStore(mem),
		cloud: simaws.New(simaws.Config{Clock: clk, Seed: 1, HealthCheck: simaws.TunedHealthCheck(), DeregistrationDelay: 30 * time.Second}),
	}
}

// spec creates a service's cloud resources and returns its spec: two
// instances, one 50% step, a one-minute rollback window.
func (e *env) spec(svc string) api.ServiceSpec {
	blue := e.cloud.CreateTargetGroup(svc + "-blue")
	green := e.cloud.CreateTargetGroup(svc + "-green")
	delay := api.Duration(time.Minute)
	return api.ServiceSpec{
		Version: 1, Name: svc, Region: "us-east-1",
		LaunchTemplateID: e.cloud.CreateLaunchTemplate(svc, amiBlue),
		Subnets:          []string{"subnet-0001"},
		ListenerARN:      e.cloud.CreateListener(map[string]int{blue: 100}),
		TargetGroups:     []string{blue, green},
		Capacity:         api.Capacity{Min: 1, Max: 4, Desired: 2},
		Steps:            []api.Step{{Weight: 50, Pause: "30s"}, {Weight: 100}},
		ScaleDownDelay:   &delay,
	}
}

func (e *env) putSpec(spec api.ServiceSpec) {
	e.t.Helper()
	if err := e.store.PutSpec(ctx, &spec); err != nil {
		e.t.Fatalf("put spec: %v", err)
	}
}

// promote asks for ami, as `asgctl promote` does.
func (e *env) promote(svc, ami string) {
	e.t.Helper()
	cur, idx, err := e.store.Desired(ctx, svc)
	if err != nil {
		e.t.Fatal(err)
	}
	n := 1
	if cur != nil {
		n, _ = strconv.Atoi(strings.TrimPrefix(cur.RequestID, "req-"))
		n++
	}
	d := &api.Desired{Version: 1, AMI: ami, RequestID: fmt.Sprintf("req-%d", n), RequestedBy: "test", RequestedAt: e.clk.Now()}
	if _, err := e.store.PutDesired(ctx, svc, d, idx); err != nil {
		e.t.Fatalf("put desired: %v", err)
	}
}

// config is a replica's config; backend nil means the shared memory store.
func (e *env) config(id string, backend consulkv.Backend) daemon.Config {
	if backend == nil {
		backend = e.mem
	}
	return daemon.Config{
		ID: id, Backend: backend, Clock: e.clk, Logger: testLogger(),
		Clients: func(_ context.Context, spec api.ServiceSpec) (awsapi.Clients, error) {
			e.mu.Lock()
			defer e.mu.Unlock()
			e.regions = append(e.regions, spec.Region)
			return e.cloud.Clients(), nil
		},
		AWSStats: func() (map[string]int, map[string]int) { return e.cloud.Calls(), nil },
	}
}

// testLogger discards logs unless ASGCTL_TEST_LOG is set.
func testLogger() *slog.Logger {
	if os.Getenv("ASGCTL_TEST_LOG") == "" {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// replica is a running daemon.
type replica struct {
	d      *daemon.Daemon
	cancel context.CancelFunc
	done   chan error
	once   sync.Once
	err    error
}

// start runs a replica and waits until it is ready.
func (e *env) start(cfg daemon.Config) *replica {
	e.t.Helper()
	r, err := e.launch(cfg)
	if err != nil {
		e.t.Fatalf("replica %s did not start: %v", cfg.ID, err)
	}
	return r
}

// launch runs a replica; it returns Run's error when Run ends before the
// replica is ready.
func (e *env) launch(cfg daemon.Config) (*replica, error) {
	d, err := daemon.New(cfg)
	if err != nil {
		return nil, err
	}
	rctx, cancel := context.WithCancel(ctx)
	r := &replica{d: d, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- d.Run(rctx) }()
	select {
	case <-d.Ready():
		e.t.Cleanup(func() { _ = r.stop() }) // a failed test leaves no goroutine behind
		return r, nil
	case err := <-r.done:
		cancel()
		return nil, err
	}
}

// stop cancels the replica and returns Run's result; it may be called
// again.
func (r *replica) stop() error {
	r.once.Do(func() {
		r.cancel()
		r.err = <-r.done
	})
	return r.err
}

// get serves one request with the replica's handler.
func (r *replica) get(path string) (int, string) {
	rec := httptest.NewRecorder()
	r.d.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(body)
}

// waitFor waits until cond holds, re-checking after every write to the
// store (and every minute), for at most limit of (virtual) time. Then it
// lets every goroutine of the bubble settle (finish reporting the pass
// that made cond true) without time passing.
func (e *env) waitFor(what string, limit time.Duration, cond func() bool) {
	e.t.Helper()
	defer synctest.Wait()
	deadline := e.clk.Now().Add(limit)
	var index uint64
	for !cond() {
		if !e.clk.Now().Before(deadline) {
			e.t.Fatalf("%s: not within %v", what, limit)
		}
		_, next, err := e.mem.List(ctx, "", &consulkv.QueryOptions{WaitIndex: index, WaitTime: time.Minute})
		if err != nil {
			e.t.Fatal(err)
		}
		index = next
	}
}

// record is the service's rollout record (nil when none).
func (e *env) record(svc string) *api.Rollout {
	e.t.Helper()
	r, _, err := e.store.Rollout(ctx, svc)
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

// phaseIs reports whether the service's record is in one of phases.
func (e *env) phaseIs(svc string, phases ...api.Phase) func() bool {
	return func() bool {
		r := e.record(svc)
		for _, p := range phases {
			if r != nil && r.Phase == p {
				return true
			}
		}
		return false
	}
}

// holder is the controller holding the service's lock, "" when nobody.
func (e *env) holder(svc string) string {
	e.t.Helper()
	en, _, err := e.mem.Get(ctx, api.KeyLock(svc), nil)
	if err != nil {
		e.t.Fatal(err)
	}
	if en == nil || en.Session == "" {
		return ""
	}
	return string(en.Value)
}

// groups counts the ASGs of the service, deleting ones left out.
func (e *env) groups(svc string) []string {
	var names []string
	for name, g := range e.cloud.Truth().Groups {
		if g.Tags[api.TagService] == svc && !g.Deleting {
			names = append(names, name)
		}
	}
	return names
}
