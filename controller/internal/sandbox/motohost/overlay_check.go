package motohost

import "context"

// Run checks the targets every Interval, on the configured clock, until
// ctx ends.
func (o *Overlay) Run(ctx context.Context) {
	for {
		t := o.cfg.Clock.NewTimer(o.cfg.Interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C():
		}
		o.Check()
	}
}

// Check runs one round of health checks now: each target seen so far whose
// instance is hosted is probed once and steps its state; the targets of
// instances no longer hosted are forgotten. Run calls it every Interval.
func (o *Overlay) Check() {
	probes := map[targetKey]bool{}
	for _, k := range o.seen() { // probe without holding the lock
		if o.cfg.Hosted.Hosted(k.id) {
			probes[k] = o.health.Healthy(k.id)
		} else {
			o.forget(k)
		}
	}
	o.st.mu.Lock()
	defer o.st.mu.Unlock()
	for k, pass := range probes {
		if s, ok := o.st.targets[k]; ok {
			o.st.targets[k] = step(s, pass, o.th)
		}
	}
}

// seen returns the targets being checked.
func (o *Overlay) seen() []targetKey {
	o.st.mu.Lock()
	defer o.st.mu.Unlock()
	keys := make([]targetKey, 0, len(o.st.targets))
	for k := range o.st.targets {
		keys = append(keys, k)
	}
	return keys
}

// forget stops checking target k.
func (o *Overlay) forget(k targetKey) {
	o.st.mu.Lock()
	defer o.st.mu.Unlock()
	delete(o.st.targets, k)
}
