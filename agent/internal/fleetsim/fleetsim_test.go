package fleetsim

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// defaultSeeds is how many seeds a plain `go test` runs; `make test-sim`
// passes SEEDS (500 by default) as SIM_SEEDS.
const defaultSeeds = 50

// seedsFromEnv: SIM_SEED=N replays one seed; SIM_SEEDS=N runs seeds 1..N.
func seedsFromEnv(t *testing.T) []uint64 {
	if s := os.Getenv("SIM_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("SIM_SEED=%q: want a seed number: %v", s, err)
		}
		return []uint64{n}
	}
	count := defaultSeeds
	if s := os.Getenv("SIM_SEEDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("SIM_SEEDS=%q must be a positive number of seeds", s)
		}
		count = n
	}
	seeds := make([]uint64, count)
	for i := range seeds {
		seeds[i] = uint64(i + 1)
	}
	return seeds
}

// TestFleetSimulation plays the seeds (in parallel, each in its own
// synctest bubble) and fails each seed that broke an invariant, with its
// case, its violations, the end of its trace and the replay command. One
// seed (SIM_SEED) logs its whole trace; SIM_LOG=1 adds the agents' logs;
// SIM_HARSH=1 draws the mixes from HarshMixes too.
func TestFleetSimulation(t *testing.T) {
	seeds := seedsFromEnv(t)
	verbose := len(seeds) == 1
	start := time.Now()
	var mu sync.Mutex
	var simulated, slowest time.Duration
	t.Run("seeds", func(t *testing.T) {
		for _, seed := range seeds {
			t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
				t.Parallel()
				out := runCase(t, drawFromEnv(seed), nil)
				if verbose {
					t.Logf("trace of seed %d (%s):\n%s", seed, out.Case, strings.Join(out.Trace, "\n"))
				}
				if len(out.Violations) > 0 {
					t.Error(failureText(out))
				}
				mu.Lock()
				simulated += out.Simulated
				slowest = max(slowest, out.Settled)
				mu.Unlock()
			})
		}
	})
	t.Logf("%d seeds in %s wall, %s simulated; the slowest settling took %s (budget %s)",
		len(seeds), time.Since(start).Round(time.Millisecond), simulated.Round(time.Second), slowest, SettleBudget)
}

// runCase plays one case in a synctest bubble.
func runCase(t *testing.T, c Case, decide Decider) Outcome {
	var out Outcome
	synctest.Test(t, func(*testing.T) {
		out = Run(c, decide, agentLog())
	})
	return out
}

// drawFromEnv draws seed's case, from the harsh mixes too when
// SIM_HARSH=1.
func drawFromEnv(seed uint64) Case {
	if os.Getenv("SIM_HARSH") == "1" {
		return DrawHarsh(seed)
	}
	return Draw(seed)
}

// agentLog is where the agents log: nowhere, unless SIM_LOG=1.
func agentLog() *slog.Logger {
	if os.Getenv("SIM_LOG") == "1" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// traceTail is how many trace lines before the first violation a
// failure shows.
const traceTail = 25

// failureText is a failed seed's report.
func failureText(out Outcome) string {
	var b strings.Builder
	fmt.Fprintf(&b, "seed %d (%s):\n", out.Case.Seed, out.Case)
	for _, v := range out.Violations {
		fmt.Fprintf(&b, "    %s\n", v)
	}
	end := len(out.Trace)
	for i, line := range out.Trace {
		if strings.HasPrefix(line, "VIOLATION") {
			end = i
			break
		}
	}
	fmt.Fprintf(&b, "  trace before the first violation:\n")
	for _, line := range out.Trace[max(0, end-traceTail):end] {
		fmt.Fprintf(&b, "    %s\n", line)
	}
	fmt.Fprintf(&b, "  replay: %s", ReplayCommand(out.Case))
	return b.String()
}
