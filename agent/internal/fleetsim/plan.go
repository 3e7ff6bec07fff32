package fleetsim

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/asgctl/asgctl/controller/fleet"
)

// boxSpec is one box as the seed draws it.
type boxSpec struct {
	ID    string
	Fetch time.Duration // fetching a release not on disk yet
	Roll  time.Duration // rolling every process to a target
	// FlakyFor: fetches fail transiently this long after the scenario
	// starts (0: never).
	FlakyFor time.Duration
	// FailsNew: the box fails the scenario's new target for good.
	FailsNew bool
	// Boot is when the box's agent first starts (initial fleet only).
	Boot time.Duration
}

// releaseSpec is a release the writer writes.
type releaseSpec struct {
	ID         string
	ConfigRev  int
	Bad        bool // every box fails it for good when rolling it
	NoRollback bool
}

// Target is what the spec asks boxes to run.
func (r releaseSpec) Target() fleet.Target {
	return fleet.Target{Release: r.ID, ConfigRev: r.ConfigRev}
}

// actKind is what an act does.
type actKind string

const (
	actWrite  actKind = "write"  // the writer writes Release
	actJoin   actKind = "join"   // Joiner boots
	actCrash  actKind = "crash"  // box Box crashes, and restarts For later
	actLeave  actKind = "leave"  // box Box leaves the fleet (Graceful: a clean shutdown)
	actOutage actKind = "outage" // Consul does not answer for For
)

// act is one scripted event of a scenario.
type act struct {
	Kind actKind
	// At is when it happens, from the scenario's start, or from the first
	// halt written when AfterHalt is set.
	At        time.Duration
	AfterHalt bool
	Box       int // crash, leave: index into the initial fleet
	Joiner    boxSpec
	Release   releaseSpec
	For       time.Duration
	Graceful  bool
}

// plan is everything a seed draws beyond its Case.
type plan struct {
	Boxes []boxSpec
	First releaseSpec // the fleet's first release
	// New is the target of the scenario's first write: the one a BadBox
	// fails.
	New  fleet.Target
	Acts []act
	// GuardEvery paces the guard; GuardHaltDelay is how long it leaves a
	// halt alone before rolling it back (a slow or restarting controller).
	GuardEvery, GuardHaltDelay time.Duration
	// SettleFirst: the scenario starts once the first release is up
	// (false: as soon as one box serves it).
	SettleFirst bool
}

// lateRoll is the roll time of the box that keeps the first release from
// completing in ScHaltNoGood: longer than any other box can take to boot,
// fetch and roll.
const lateRoll = 5 * time.Minute

// drawPlan draws c's boxes, timings and acts.
func drawPlan(c Case) plan {
	rng := rand.New(rand.NewPCG(c.Seed, 0x91a4))
	p := plan{First: releaseSpec{ID: "r1"}, SettleFirst: c.Scenario != ScHaltNoGood,
		GuardEvery: between(rng, time.Second, 3*time.Second), GuardHaltDelay: between(rng, 0, 10*time.Second)}
	for i := range c.Fleet {
		p.Boxes = append(p.Boxes, drawBox(rng, c.Mix, fmt.Sprintf("i-%02d", i), between(rng, 0, 5*time.Second)))
	}
	if c.Mix.BadBox {
		p.Boxes[rng.IntN(len(p.Boxes))].FailsNew = true
	}
	if !p.SettleFirst {
		p.Boxes[rng.IntN(len(p.Boxes))].Roll = lateRoll
	}
	p.Acts = scenarioActs(c, &p, rng)
	p.Acts = append(p.Acts, faultActs(c, len(p.Boxes), rng)...)
	return p
}

// drawBox draws one box's timings.
func drawBox(rng *rand.Rand, m Mix, id string, boot time.Duration) boxSpec {
	b := boxSpec{ID: id, Boot: boot, Fetch: between(rng, time.Second, 8*time.Second), Roll: between(rng, 5*time.Second, 40*time.Second)}
	if rng.Float64() < m.SlowShare {
		b.Fetch, b.Roll = 4*b.Fetch, 4*b.Roll
	}
	if rng.Float64() < m.FlakyShare {
		b.FlakyFor = between(rng, 30*time.Second, 4*time.Minute)
	}
	return b
}

// between draws a duration in [lo, hi), to the millisecond.
func between(rng *rand.Rand, lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	return (lo + time.Duration(rng.Int64N(int64(hi-lo)))).Round(time.Millisecond)
}
