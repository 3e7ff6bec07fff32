package consulkv

import "time"

// watch (re)starts the lease watchdog: Lost closes at from + TTL unless a
// later renewal restarts it first. l.mu must be held.
func (l *sessionLock) watch(from time.Time) {
	l.stopWatchdog()
	stop := make(chan struct{})
	l.stopWatch = stop
	t := l.clk.NewTimer(from.Add(l.ttl).Sub(l.clk.Now()))
	go func() {
		select {
		case <-t.C():
			l.leaseExpired(stop)
		case <-stop:
			t.Stop()
		}
	}()
}

// leaseExpired marks the lock lost unless the watchdog that fired has been
// replaced by a renewal in the meantime.
func (l *sessionLock) leaseExpired(stop chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stopWatch == stop {
		l.markLost()
	}
}

// markLost closes Lost once and stops the watchdog. l.mu must be held.
func (l *sessionLock) markLost() {
	l.stopWatchdog()
	if !l.isLost {
		l.isLost = true
		close(l.lost)
	}
}

// stopWatchdog ends the running watchdog, if any. l.mu must be held.
func (l *sessionLock) stopWatchdog() {
	if l.stopWatch != nil {
		close(l.stopWatch)
		l.stopWatch = nil
	}
}
