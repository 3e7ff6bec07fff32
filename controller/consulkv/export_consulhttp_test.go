package consulkv

import (
	"testing"

	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/clock/clocktest"
)

// RunFacadeContract runs the contract suite on Consul (the real client)
// talking over HTTP to a Memory behind a Consul API facade: serve starts
// the facade on m and returns its address. The suite knows exactly when a
// blocking query is parked (m.Waiting).
//
// Without realClock, m runs on a fake clock the suite moves: the whole
// suite, timing included, as exactly as on Memory itself. With realClock,
// m runs on clock.Real as in `asgctl sandbox`, and the suite runs in real
// time as against a Consul agent, except the timed tests, which would wait
// out real session TTLs (about 30 s): they run on the fake clock above,
// and consulhttp's own tests wait out one real TTL.
//
// It is exported only to this package's external tests (this is a test
// file), so that they can import consulhttp, which imports consulkv: an
// internal test importing it would be an import cycle.
func RunFacadeContract(t *testing.T, realClock bool, serve func(t *testing.T, m *Memory) string) {
	newHarness := func(t *testing.T) *harness {
		h := &harness{}
		var m *Memory
		if realClock {
			m = NewMemory(clock.Real{})
			h.clk, h.real, h.advance = clock.Real{}, true, realWait
		} else {
			clk := clocktest.New(t0)
			m = NewMemory(clk)
			h.clk, h.advance = clk, clk.Advance
		}
		c, err := NewConsul(ConsulConfig{Address: serve(t, m)})
		if err != nil {
			t.Fatal(err)
		}
		h.b = c
		h.parked = func(t *testing.T, n int) { waitParked(t, m, n) }
		return h
	}
	for _, tc := range contractTests() {
		t.Run(tc.name, func(t *testing.T) {
			if tc.timed && realClock {
				t.Skip("waits out real session TTLs; run on the fake clock instead")
			}
			tc.run(t, newHarness(t))
		})
	}
}
