package daemon

import (
	"context"
	"maps"
	"slices"
)

// sync makes the runners match the services folder: a runner for each new
// spec, none for a spec that is gone, and a fresh one (new AWS clients)
// when a spec's region, role or external id changed. A spec that does not
// decode keeps the runner it has (its loop reports the problem on every
// pass) and gets none when it has none.
func (d *Daemon) sync(ctx context.Context, set specSet) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if ctx.Err() != nil {
		return
	}
	d.logBroken(ctx, set)
	for _, svc := range slices.Sorted(maps.Keys(d.runners)) {
		_, ok := set.specs[svc]
		_, broken := set.broken[svc]
		if !ok && !broken {
			d.log.InfoContext(ctx, "service spec removed; stopping its runner", "service", svc)
			d.runners[svc].cancel()
			delete(d.runners, svc)
		}
	}
	for _, svc := range slices.Sorted(maps.Keys(set.specs)) {
		spec := set.specs[svc]
		r, ok := d.runners[svc]
		switch {
		case !ok:
			d.log.InfoContext(ctx, "service spec found; starting its runner", "service", svc)
			d.runners[svc] = d.startRunner(ctx, spec, nil)
		case r.acct != accountOf(spec):
			d.log.InfoContext(ctx, "service account changed; restarting its runner", "service", svc,
				"region", spec.Region, "role_arn", spec.RoleARN)
			r.cancel()
			d.runners[svc] = d.startRunner(ctx, spec, r)
		}
	}
}

// logBroken logs each unreadable spec once per distinct problem. d.mu is
// held.
func (d *Daemon) logBroken(ctx context.Context, set specSet) {
	for svc, err := range set.broken {
		if d.brokenSeen[svc] != err.Error() {
			d.brokenSeen[svc] = err.Error()
			d.log.ErrorContext(ctx, "service spec unreadable", "service", svc, "error", err)
		}
	}
	for svc := range d.brokenSeen {
		if _, ok := set.broken[svc]; !ok {
			delete(d.brokenSeen, svc)
		}
	}
}

// runnerList returns the current runners, sorted by service.
func (d *Daemon) runnerList() []*runner {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]*runner, 0, len(d.runners))
	for _, svc := range slices.Sorted(maps.Keys(d.runners)) {
		out = append(out, d.runners[svc])
	}
	return out
}
