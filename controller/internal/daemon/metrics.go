package daemon

import (
	"errors"
	"maps"
	"slices"
	"sync"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/execute"
	"github.com/asgctl/asgctl/controller/internal/loop"
)

// phases lists every rollout phase, in state-machine order, so the
// rollouts gauge has a stable set of series.
var phases = []api.Phase{
	api.PhaseIdle, api.PhaseLaunching, api.PhaseWaitingHealthy, api.PhaseVerifying, api.PhaseShifting, api.PhasePaused,
	api.PhasePromoted, api.PhaseDraining, api.PhaseComplete, api.PhaseReverting, api.PhaseReverted,
	api.PhaseFailed,
}

// metrics gathers what the service loops report after each pass.
type metrics struct {
	mu     sync.Mutex
	passes map[string]int       // service -> passes
	errors map[errorKey]int     // (service, class) -> failed passes
	phase  map[string]api.Phase // service -> phase of the last pass under its lock
	// streak counts each service's failed passes since its last good one;
	// lastErr is the latest failure. /readyz reads them.
	streak  map[string]int
	lastErr map[string]string
}

type errorKey struct{ service, class string }

func newMetrics() *metrics {
	return &metrics{
		passes: map[string]int{}, errors: map[errorKey]int{}, phase: map[string]api.Phase{},
		streak: map[string]int{}, lastErr: map[string]string{},
	}
}

// pass records one pass (loop.Config.OnPass). Passes that did nothing
// because another replica holds the lock are not counted, and the service
// no longer counts in the rollouts gauge: this replica does not observe it.
func (m *metrics) pass(rep loop.PassReport) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !rep.Held {
		delete(m.phase, rep.Service)
	}
	if !rep.Held && rep.Err == nil {
		return
	}
	m.passes[rep.Service]++
	if rep.Err != nil {
		m.errors[errorKey{rep.Service, errorClass(rep.Err)}]++
		m.failedLocked(rep.Service, rep.Err)
		return
	}
	m.streak[rep.Service] = 0
	if rep.Plan.Phase != "" {
		m.phase[rep.Service] = rep.Plan.Phase
	}
}

// forget drops a stopped runner's service from the rollouts gauge; its
// counters stay.
func (m *metrics) forget(svc string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.phase, svc)
	delete(m.streak, svc)
	delete(m.lastErr, svc)
}

// failed records a failure outside a pass (the service's AWS clients
// could not be made) in the service's streak.
func (m *metrics) failed(svc string, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.failedLocked(svc, err)
}

func (m *metrics) failedLocked(svc string, err error) {
	m.streak[svc]++
	m.lastErr[svc] = err.Error()
}

// failing reports whether every service this replica works on failed its
// last n passes or more (credentials gone, AWS or Consul unreachable),
// and one such failure. One broken service among working ones is not the
// replica's fault.
func (m *metrics) failing(n int) (bool, string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.streak) == 0 {
		return false, ""
	}
	worst := ""
	for _, svc := range slices.Sorted(maps.Keys(m.streak)) {
		if m.streak[svc] < n {
			return false, ""
		}
		if worst == "" {
			worst = svc + ": " + m.lastErr[svc]
		}
	}
	return true, worst
}

// errorClass names a failed pass's class as the loop logs it.
func errorClass(err error) string {
	switch {
	case errors.Is(err, consulkv.ErrConflict):
		return "conflict"
	case errors.Is(err, execute.ErrPrecondition):
		return "precondition"
	}
	return awsapi.Classify(err).String()
}

// snapshot is a copy of the counters.
type snapshot struct {
	passes map[string]int
	errors map[errorKey]int
	phases map[api.Phase]int
}

func (m *metrics) snapshot() snapshot {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := snapshot{passes: maps.Clone(m.passes), errors: maps.Clone(m.errors), phases: map[api.Phase]int{}}
	for _, p := range phases {
		s.phases[p] = 0
	}
	for _, p := range m.phase {
		s.phases[p]++
	}
	return s
}
