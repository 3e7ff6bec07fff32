package simaws

import (
	"fmt"
	"slices"
	"time"
)

// FaultConfig makes calls fail, lag or read stale at seeded random.
type FaultConfig struct {
	// Per call probabilities. ErrorRate gives a server fault
	// (InternalFailure or ServiceUnavailable), ThrottleRate the service's
	// throttling code, StaleReadRate a describe that shows resources as they
	// were before their last change (only changes younger than StaleWindow).
	ErrorRate, ThrottleRate, StaleReadRate float64
	Latency                                Range    // added per call via Config.Advance
	Ops                                    []string // operation names the rates apply to; empty = all
	// StaleWindow bounds stale reads: a change older than this is always
	// visible. Default 10s.
	StaleWindow time.Duration
}

func (f FaultConfig) applies(op string) bool {
	return len(f.Ops) == 0 || slices.Contains(f.Ops, op)
}

func (f FaultConfig) staleWindow() time.Duration {
	if f.StaleWindow <= 0 {
		return 10 * time.Second
	}
	return f.StaleWindow
}

type scripted struct {
	code string
	n    int
}

// SetFaults replaces the random fault mix. It panics on an unknown
// operation name so a typo cannot silently disable a test.
func (c *Cloud) SetFaults(f FaultConfig) {
	for _, op := range f.Ops {
		mustKnowOp(op)
	}
	f.Ops = slices.Clone(f.Ops)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.faults = f
}

// FailNext makes the next n calls of op fail with code. Scripts for one
// operation queue up: a second FailNext applies after the first is used up.
// Scripted failures apply whatever FaultConfig.Ops says.
func (c *Cloud) FailNext(op, code string, n int) {
	mustKnowOp(op)
	if n <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.failNext[op] = append(c.failNext[op], scripted{code: code, n: n})
}

func mustKnowOp(op string) {
	if _, ok := opService[op]; !ok {
		panic(fmt.Sprintf("simaws: unknown operation %q", op))
	}
}

// admission is the fate of one call, decided before it runs.
type admission struct {
	err     error
	latency time.Duration
	stale   bool
}

// admit counts the call and decides its faults, under the lock.
func (c *Cloud) admit(op string) admission {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[op]++
	var adm admission
	applies := c.faults.applies(op)
	if applies && (c.faults.Latency.Max > 0 || c.faults.Latency.Min > 0) {
		adm.latency = drawFrom(c.faults.Latency, c.chaos.Int64N)
	}
	if adm.err = c.scriptedFault(op); adm.err != nil {
		return adm
	}
	if !applies {
		return adm
	}
	adm.err = c.randomFault(op)
	if adm.err == nil && staleReadOps[op] && c.faults.StaleReadRate > 0 {
		adm.stale = c.chaos.Float64() < c.faults.StaleReadRate
	}
	return adm
}

func (c *Cloud) scriptedFault(op string) error {
	q := c.failNext[op]
	if len(q) == 0 {
		return nil
	}
	code := q[0].code
	if q[0].n--; q[0].n == 0 {
		q = q[1:]
	}
	if len(q) == 0 {
		delete(c.failNext, op)
	} else {
		c.failNext[op] = q
	}
	return faultError(op, code)
}

func (c *Cloud) randomFault(op string) error {
	if c.faults.ThrottleRate > 0 && c.chaos.Float64() < c.faults.ThrottleRate {
		return faultError(op, opService[op].throttleCode())
	}
	if c.faults.ErrorRate > 0 && c.chaos.Float64() < c.faults.ErrorRate {
		if c.chaos.IntN(2) == 0 {
			return faultError(op, codeInternalFailure)
		}
		return faultError(op, codeUnavailable)
	}
	return nil
}

// faultMessages are the messages AWS sends with the injected codes.
var faultMessages = map[string]string{
	codeThrottling:      "Rate exceeded",
	codeRequestLimit:    "Request limit exceeded.",
	codeInternalFailure: "The request processing has failed because of an unknown error, exception or failure.",
	codeUnavailable:     "The request has failed due to a temporary failure of the server.",
}

func faultError(op, code string) error {
	if msg, ok := faultMessages[code]; ok {
		return apiError(code, "%s", msg)
	}
	return apiError(code, "simaws: injected %s on %s", code, op)
}
