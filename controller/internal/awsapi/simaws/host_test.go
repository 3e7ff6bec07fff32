package simaws

import (
	"slices"
	"sync"
	"testing"
	"time"
)

// fakeHost stands in for the sandbox's process host: it records what the
// cloud asked and answers health from a switch the test flips.
type fakeHost struct {
	mu      sync.Mutex
	started map[string]string // id -> ami
	stopped []string
	healthy map[string]bool
}

func newFakeHost() *fakeHost {
	return &fakeHost{started: map[string]string{}, healthy: map[string]bool{}}
}

func (h *fakeHost) Start(id, ami string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.started[id] = ami
}

func (h *fakeHost) Healthy(id string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.healthy[id]
}

func (h *fakeHost) Stop(id string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.stopped = append(h.stopped, id)
}

func (h *fakeHost) setHealthy(id string, up bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.healthy[id] = up
}

func (h *fakeHost) startedIDs() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var ids []string
	for id := range h.started {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// TestHostedInstancesFollowTheHost: in hosted mode an instance's
// application is started on the host when it boots, its target health
// follows what the host reports (not AppStart), and it is stopped on the
// host when the instance goes away.
func TestHostedInstancesFollowTheHost(t *testing.T) {
	host := newFakeHost()
	f := newFixture(t, func(c *Config) {
		c.Host = host
		c.HealthCheck = TunedHealthCheck()
		c.DeregistrationDelay = 10 * time.Second
	})
	f.create("web-v001", 2, nil)
	// The cloud catches up with its clock on every API call (f.states).
	f.advance(boot - time.Second)
	f.states(f.blue)
	if ids := host.startedIDs(); len(ids) != 0 {
		t.Fatalf("started before boot: %v", ids)
	}
	f.advance(2 * time.Second)
	f.states(f.blue)
	ids := host.startedIDs()
	if len(ids) != 2 {
		t.Fatalf("started %v after boot, want 2 instances", ids)
	}
	f.advance(time.Minute) // far past AppStart: the host says nobody is healthy yet
	if got := f.states(f.blue); slices.Contains(got, "healthy") {
		t.Fatalf("targets %v healthy while the host reports them down", got)
	}
	for _, id := range ids {
		host.setHealthy(id, true)
	}
	f.advance(time.Minute)
	if got := f.states(f.blue); !slices.Equal(got, []string{"healthy", "healthy"}) {
		t.Fatalf("targets %v, want both healthy once the host says so", got)
	}
	host.setHealthy(ids[0], false)
	f.advance(time.Minute)
	if got := f.states(f.blue); !slices.Contains(got, "unhealthy") {
		t.Fatalf("targets %v, want one unhealthy after the host reports it down", got)
	}
	f.setDesired("web-v001", 0)
	f.advance(5 * time.Minute)
	f.states(f.blue)
	host.mu.Lock()
	stopped := slices.Sorted(slices.Values(host.stopped))
	host.mu.Unlock()
	if !slices.Equal(stopped, ids) {
		t.Fatalf("stopped %v on the host, want %v", stopped, ids)
	}
}
