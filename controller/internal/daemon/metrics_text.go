package daemon

import (
	"slices"
	"strings"
)

// exposition renders every metric of the replica.
func (d *Daemon) exposition() string {
	var e exposition
	s := d.metrics.snapshot()
	e.family("asgctl_controller_up", "gauge", "1 while this controller replica runs.")
	e.sample("asgctl_controller_up", 1)

	e.family("asgctl_rollouts", "gauge", "Services this replica reconciles (holds the lock of), by the phase of their last pass.")
	for _, p := range phases {
		e.sample("asgctl_rollouts", s.phases[p], "phase", string(p))
	}

	e.family("asgctl_reconcile_passes_total", "counter", "Reconcile passes run under the service lock, or failed taking it.")
	e.byLabel("asgctl_reconcile_passes_total", "service", s.passes)

	e.family("asgctl_reconcile_errors_total", "counter", "Failed reconcile passes, by service and error class.")
	for _, k := range sortedErrorKeys(s.errors) {
		e.sample("asgctl_reconcile_errors_total", s.errors[k], "service", k.service, "class", k.class)
	}

	e.family("asgctl_lock_held", "gauge", "1 when this replica holds the service's lock, 0 when another replica does or nobody.")
	for _, r := range d.runnerList() {
		e.sample("asgctl_lock_held", boolInt(r.held()), "service", r.svc)
	}

	if d.cfg.AWSStats != nil {
		calls, throttles := d.cfg.AWSStats()
		e.family("asgctl_aws_calls_total", "counter", "AWS API requests sent (retries included), by operation.")
		e.byLabel("asgctl_aws_calls_total", "operation", calls)
		e.family("asgctl_aws_throttles_total", "counter", "AWS API requests answered with a throttling error, by operation.")
		e.byLabel("asgctl_aws_throttles_total", "operation", throttles)
	}
	return e.String()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func sortedErrorKeys(m map[errorKey]int) []errorKey {
	keys := make([]errorKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b errorKey) int {
		if c := strings.Compare(a.service, b.service); c != 0 {
			return c
		}
		return strings.Compare(a.class, b.class)
	})
	return keys
}
