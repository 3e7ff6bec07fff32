package fleetsim

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// scenarioActs draws the writes, joins and leaves of c's scenario, and
// sets p.New and, for the halt scenarios, a slow guard.
func scenarioActs(c Case, p *plan, rng *rand.Rand) []act {
	good := releaseSpec{ID: "r2"}
	bad := releaseSpec{ID: "r2", Bad: true}
	var acts []act
	switch c.Scenario {
	case ScGood:
		acts = []act{write(0, good)}
	case ScBad:
		acts = []act{write(0, bad)}
	case ScBadNoRollback:
		bad.NoRollback = true
		acts = []act{write(0, bad)}
	case ScSupersede:
		acts = []act{write(0, good), write(between(rng, 5*time.Second, 90*time.Second), releaseSpec{ID: "r3"})}
	case ScConfigPush:
		acts = []act{write(0, releaseSpec{ID: "r1", ConfigRev: 1})}
	case ScJoinRolling:
		acts = []act{write(0, good)}
		acts = append(acts, joins(rng, c, 1+rng.IntN(3), false, 40*time.Second)...)
		acts = append(acts, leaves(rng, c, 1+rng.IntN(2), 60*time.Second)...)
	case ScJoinHalted, ScHaltNoGood:
		// Joiners boot within the first half of the guard's delay (at
		// least 10 s before the rollback), so a fetch of theirs that is
		// not slowed down (at most 8 s) ends while the release is halted.
		p.GuardHaltDelay = between(rng, 20*time.Second, 60*time.Second)
		acts = []act{write(0, bad)}
		acts = append(acts, joins(rng, c, 1+rng.IntN(3), true, p.GuardHaltDelay/2)...)
		if c.Scenario == ScJoinHalted {
			leave := leaves(rng, c, 1, p.GuardHaltDelay)
			leave[0].AfterHalt = true
			acts = append(acts, leave...)
		}
	}
	p.New = acts[0].Release.Target()
	return acts
}

func write(at time.Duration, r releaseSpec) act { return act{Kind: actWrite, At: at, Release: r} }

// joins draws n new boxes booting within the first `within` of the
// scenario (or of the first halt).
func joins(rng *rand.Rand, c Case, n int, afterHalt bool, within time.Duration) []act {
	var out []act
	for i := range n {
		spec := drawBox(rng, c.Mix, fmt.Sprintf("i-%02d", c.Fleet+i), 0)
		out = append(out, act{Kind: actJoin, At: between(rng, 0, within), AfterHalt: afterHalt, Joiner: spec})
	}
	return out
}

// leaves draws n distinct boxes of the initial fleet leaving within the
// first `within` of the scenario, each cleanly or not at random.
func leaves(rng *rand.Rand, c Case, n int, within time.Duration) []act {
	var out []act
	for _, box := range rng.Perm(c.Fleet)[:n] {
		out = append(out, act{Kind: actLeave, At: between(rng, 0, within), Box: box, Graceful: rng.IntN(2) == 0})
	}
	return out
}

// faultActs draws the crashes and outages of c's mix; outages start at
// least 30 s apart.
func faultActs(c Case, fleet int, rng *rand.Rand) []act {
	var out []act
	for range c.Mix.Crashes {
		out = append(out, act{Kind: actCrash, At: between(rng, 0, 150*time.Second), Box: rng.IntN(fleet),
			For: between(rng, 2*time.Second, 60*time.Second)})
	}
	for i := range c.Mix.Outages {
		out = append(out, act{Kind: actOutage, At: time.Duration(i)*time.Minute + between(rng, 0, 30*time.Second),
			For: between(rng, c.Mix.OutageMin, c.Mix.OutageMax)})
	}
	return out
}
