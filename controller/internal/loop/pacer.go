package loop

import (
	"time"

	"github.com/cenkalti/backoff/v4"
)

// MaxImmediatePasses bounds how many passes in a row may run at once when
// each asks to look again immediately (a chain like start → launch); past
// it the loop waits the fast poll, so a decision that never settles cannot
// spin.
const MaxImmediatePasses = 8

// Pacer picks the wait after each pass: what a good pass asked for; at once
// for the first lost race in a row (the world moved: re-read); otherwise the
// failure backoff (1s growing to 1m, reset by a good pass). Run uses one;
// so does anything that drives Step itself, like the simulation.
type Pacer struct {
	fast      time.Duration
	b         backoff.BackOff
	failures  int
	immediate int
}

// NewPacer returns a pacer with this loop's tuning and clock.
func (l *Loop) NewPacer() *Pacer {
	return &Pacer{fast: l.cfg.Tuning.FastPoll, b: l.newBackOff()}
}

// After returns how long to wait after the pass rep describes.
func (p *Pacer) After(rep PassReport) time.Duration {
	if rep.Err != nil {
		p.failures++
		p.immediate = 0
		if p.failures == 1 && retryAtOnce(rep.Err) {
			return 0
		}
		return p.b.NextBackOff()
	}
	p.failures = 0
	p.b.Reset()
	if rep.Next > 0 {
		p.immediate = 0
		return rep.Next
	}
	p.immediate++
	if p.immediate > MaxImmediatePasses {
		p.immediate = 0
		return p.fast
	}
	return 0
}
