package fleetsim

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// Scenarios: what happens to the fleet once its first release is up.
const (
	// ScGood: a good release rolls over the fleet.
	ScGood = "good"
	// ScBad: every box fails the release for good when it rolls it; the
	// first failure halts it and the guard rolls the fleet back.
	ScBad = "bad"
	// ScBadNoRollback: as ScBad with no_rollback: the release stays
	// halted.
	ScBadNoRollback = "bad_no_rollback"
	// ScSupersede: a newer release is written mid-rollout.
	ScSupersede = "supersede"
	// ScConfigPush: the same release with the next config_rev.
	ScConfigPush = "config_push"
	// ScJoinRolling: boxes boot while a good release rolls, others leave.
	ScJoinRolling = "join_rolling"
	// ScJoinHalted: boxes boot while a bad release is halted (the guard is
	// slow to roll it back), one leaves.
	ScJoinHalted = "join_halted"
	// ScHaltNoGood: a bad release is written as soon as one box serves
	// the first release, while another still rolls it (a box with a very
	// long roll), so there is no last good release: the bad one cannot be
	// rolled back, and boxes that boot during its halt have nothing to
	// serve.
	ScHaltNoGood = "halt_no_good"
)

// Scenarios are the scenarios seeds draw from (seed modulo their count, so
// every run of more than a few seeds covers them all).
var Scenarios = []string{ScGood, ScBad, ScBadNoRollback, ScSupersede, ScConfigPush, ScJoinRolling, ScJoinHalted, ScHaltNoGood}

// Mix is a fault mix, applied once the fleet's first release is up (in
// ScHaltNoGood: once one box serves it).
type Mix struct {
	Name string
	// ErrorRate is the share of Consul calls that fail (a third of failed
	// writes fail after the write landed: the answer is lost).
	ErrorRate float64
	// Outages is how many Consul outages (every call fails) happen, each
	// lasting between OutageMin and OutageMax.
	Outages              int
	OutageMin, OutageMax time.Duration
	// Crashes is how many agent crashes happen; each agent restarts later
	// on the same box.
	Crashes int
	// SlowShare is the share of boxes whose fetch and roll are slow.
	SlowShare float64
	// FlakyShare is the share of boxes whose fetches fail transiently for
	// a while.
	FlakyShare float64
	// BadBox makes one box fail the scenario's new release for good while
	// the others would pass it.
	BadBox bool
	// LapseSessions lets two renewals of a session in a row fail, so a
	// live agent's session (its report, its pacing slot) can lapse;
	// without it a renewal right after a failed one goes through.
	LapseSessions bool
	// CrashOnFailure crashes the first agent that records a failure for
	// good on its box right after it recorded it, before it does anything
	// else; it restarts some seconds later.
	CrashOnFailure bool
}

// Short outages last less than one session renewal period (TTL/3, 5 s
// for the agents' sessions), so at most one renewal of any session falls
// inside one: what the sessions are built to ride out.
const (
	shortOutageMin = 2 * time.Second
	shortOutageMax = 4500 * time.Millisecond
)

// Mixes are the fault mixes seeds draw from.
var Mixes = []Mix{
	{Name: "none"},
	{Name: "consul_errors", ErrorRate: 0.02},
	{Name: "outages", Outages: 3, OutageMin: shortOutageMin, OutageMax: shortOutageMax},
	{Name: "crashes", Crashes: 3},
	{Name: "slow_boxes", SlowShare: 0.4},
	{Name: "flaky_fetch", FlakyShare: 0.5},
	{Name: "one_bad_box", BadBox: true},
	{Name: "everything", ErrorRate: 0.01, Outages: 2, OutageMin: shortOutageMin, OutageMax: shortOutageMax,
		Crashes: 2, SlowShare: 0.3, FlakyShare: 0.3, BadBox: true},
	// Renewals that fail twice in a row (a session lives on: a failed
	// renewal is retried within a second), crashes between a failure and
	// its halt, and many crashes among errors.
	{Name: "lapsing_errors", ErrorRate: 0.03, LapseSessions: true},
	{Name: "crash_on_failure", CrashOnFailure: true, BadBox: true},
	{Name: "crashy_errors", ErrorRate: 0.1, Crashes: 10},
}

// HarshMixes go past what the design rides out: Consul outages long
// enough that a rolling agent's session lapses (its last renewal plus the
// outage pass the TTL), which frees its pacing slot while it still rolls,
// so another box may start: pacing can then be exceeded by the boxes
// that lost Consul. Seeds draw them only when asked (DrawHarsh;
// SIM_HARSH=1 in the tests): they show that limit (about 5 seeds in
// 1,000), which docs/releases.md states.
var HarshMixes = []Mix{
	{Name: "long_outages", Outages: 3, OutageMin: 6 * time.Second, OutageMax: 12 * time.Second, LapseSessions: true},
}

// MaxInFlights are the paces seeds draw from.
var MaxInFlights = []string{"1", "2", "25%", "50%"}

// Fleet size bounds.
const (
	MinFleet = 4
	MaxFleet = 12
)

// Case is what a seed draws: the scenario, the fault mix, the fleet size
// and the release's pace. The timings come from the seed too (see plan).
type Case struct {
	Seed        uint64
	Harsh       bool // the mix was drawn from Mixes and HarshMixes
	Scenario    string
	Mix         Mix
	Fleet       int
	MaxInFlight string
}

// Draw picks the case of a seed, its mix from Mixes.
func Draw(seed uint64) Case { return draw(seed, Mixes, false) }

// DrawHarsh picks the case of a seed, its mix from Mixes and HarshMixes.
func DrawHarsh(seed uint64) Case {
	return draw(seed, append(append([]Mix(nil), Mixes...), HarshMixes...), true)
}

func draw(seed uint64, mixes []Mix, harsh bool) Case {
	rng := rand.New(rand.NewPCG(seed, 0xf1ee7))
	return Case{
		Seed:        seed,
		Harsh:       harsh,
		Scenario:    Scenarios[seed%uint64(len(Scenarios))],
		Mix:         mixes[rng.IntN(len(mixes))],
		Fleet:       MinFleet + rng.IntN(MaxFleet-MinFleet+1),
		MaxInFlight: MaxInFlights[rng.IntN(len(MaxInFlights))],
	}
}

// String names the case for a failure message.
func (c Case) String() string {
	return fmt.Sprintf("scenario %s, faults %s, fleet %d, max_in_flight %s", c.Scenario, c.Mix.Name, c.Fleet, c.MaxInFlight)
}

// ReplayCommand is how to rerun c's seed.
func ReplayCommand(c Case) string {
	env := ""
	if c.Harsh {
		env = "SIM_HARSH=1 "
	}
	return fmt.Sprintf("%sSIM_SEED=%d go test -count=1 -v -run 'TestFleetSimulation$' ./agent/internal/fleetsim/", env, c.Seed)
}
