package fleetsim

import (
	"errors"
	"fmt"
	"hash/fnv"
	"regexp"
	"sync"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
)

// The errors the simulation injects.
var (
	errInjected   = errors.New("injected: consul did not answer")
	errOutage     = errors.New("injected: consul unreachable (outage)")
	errLostAnswer = errors.New("injected: connection reset after the write landed")
	errCrashed    = errors.New("the agent crashed: its process is gone")
)

// faults are the seed's Consul faults, shared by every actor: once on, a
// share of calls fail (a third of the failed writes after they landed),
// and every call fails during an outage.
//
// Whether a call fails is drawn from its own stream: the seed, the actor
// (an agent's run, the writer, the guard), the operation and the key (any
// session id in it left out, since their numbers depend on the
// interleaving), and how many calls that stream made before. So the
// faults a replay injects do not depend on how the goroutines of
// different actors interleaved.
type faults struct {
	clk  clock.Clock
	seed uint64
	rate float64
	// lapse lets a session's renewals fail twice in a row (see
	// actorKV.RenewSession).
	lapse       bool
	mu          sync.Mutex
	on          bool
	outageUntil time.Time
	calls       map[string]uint64 // calls made per stream
}

func newFaults(clk clock.Clock, seed uint64, m Mix) *faults {
	return &faults{clk: clk, seed: seed, rate: m.ErrorRate, lapse: m.LapseSessions, calls: map[string]uint64{}}
}

// start turns the error rate on.
func (f *faults) start() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.on = true
}

// outage makes every call fail for d from now.
func (f *faults) outage(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.outageUntil = f.clk.Now().Add(d)
}

// before is the fault of a call actor is about to make, nil for none.
func (f *faults) before(actor, op, key string) error {
	if f.clk.Now().Before(f.outageEnd()) {
		return fmt.Errorf("consul %s %q: %w", op, key, errOutage)
	}
	if f.draw(actor+" "+op+" "+key, 2.0/3) {
		return fmt.Errorf("consul %s %q: %w", op, key, errInjected)
	}
	return nil
}

// lost reports whether the answer to a write of actor that landed is
// lost.
func (f *faults) lost(actor, op, key string) bool { return f.draw(actor+" lost "+op+" "+key, 1.0/3) }

// outageEnd is when the current (or last) outage ends.
func (f *faults) outageEnd() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.outageUntil
}

// sessionID matches the session ids in keys and in session calls.
var sessionID = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// draw is true with probability share times the error rate while faults
// are on, from stream's next number.
func (f *faults) draw(stream string, share float64) bool {
	if f.rate == 0 {
		return false
	}
	stream = sessionID.ReplaceAllString(stream, "<session>")
	f.mu.Lock()
	on, n := f.on, f.calls[stream]
	if on {
		f.calls[stream] = n + 1
	}
	f.mu.Unlock()
	if !on {
		return false
	}
	h := fnv.New64a()
	fmt.Fprintf(h, "%d %s %d", f.seed, stream, n)
	return float64(mix64(h.Sum64())>>11)/(1<<53) < f.rate*share
}

// mix64 is splitmix64's finaliser: it spreads the hash's bits.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
