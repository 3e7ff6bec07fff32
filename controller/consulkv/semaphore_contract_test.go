package consulkv

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/clock/clocktest"
)

// The semaphore's contract suite runs on Memory with a fake clock and on a
// real Consul dev agent, like the store suite (contract_test.go). Tests
// that need fault injection or a lapsing TTL run on Memory only; the
// interoperation test with Consul's own client is in
// semaphore_interop_consul_test.go.

// Semaphore settings of the suite: the least TTL Consul allows (rounded
// up to a multiple of three, so renewals fall on whole seconds) and a
// short wait bound so a changed limit is seen quickly in real time.
const (
	semTestTTL    = 12 * time.Second
	semTestWait   = 2 * time.Second
	semTestPrefix = "asgctl/semaphores/web/"
)

// semHarness is a harness with the Memory and fake clock behind it (nil on
// Consul).
type semHarness struct {
	*harness
	mem  *Memory
	fake *clocktest.Fake
}

// semTest is one test of the suite; memoryOnly tests need Memory's fault
// injection or its exact TTL.
type semTest struct {
	name       string
	memoryOnly bool
	run        func(t *testing.T, h *semHarness)
}

func semaphoreTests() []semTest {
	return []semTest{
		{name: "LimitTwoOfFive", run: testSemLimitTwoOfFive},
		{name: "LimitFollowsFunction", run: testSemLimitFollowsFunction},
		{name: "ReleaseIdempotent", run: testSemReleaseIdempotent},
		{name: "CancelWhileWaiting", run: testSemCancelWhileWaiting},
		{name: "DestroyedHolderFreesSlot", run: testSemDestroyedHolder},
		{name: "WaiterSessionEndsRejoins", run: testSemWaiterRejoins},
		{name: "LapsedHolderFreesSlot", memoryOnly: true, run: testSemLapsedHolder},
		{name: "ErrorsWhileWaitingAreRetried", memoryOnly: true, run: testSemRetriesErrors},
	}
}

// runSemaphoreSuite runs every test on a fresh backend from newHarness.
func runSemaphoreSuite(t *testing.T, newHarness func(t *testing.T) *semHarness) {
	for _, tc := range semaphoreTests() {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			if tc.memoryOnly && h.mem == nil {
				t.Skip("needs Memory's fault injection or exact session expiry")
			}
			tc.run(t, h)
		})
	}
}

// TestSemaphoreContractMemory runs the semaphore suite on Memory and its
// fake clock.
func TestSemaphoreContractMemory(t *testing.T) {
	runSemaphoreSuite(t, func(t *testing.T) *semHarness {
		m, clk := newMemory()
		return &semHarness{
			harness: &harness{
				b: m, clk: clk, advance: clk.Advance,
				parked: func(t *testing.T, n int) { waitParked(t, m, n) },
			},
			mem: m, fake: clk,
		}
	})
}

// TestSemaphoreContractConsul runs the semaphore suite on a real Consul dev
// agent, in real time.
func TestSemaphoreContractConsul(t *testing.T) {
	runSemaphoreSuite(t, newConsulSemHarness)
}

// newConsulSemHarness is a harness on the shared Consul agent, reset.
func newConsulSemHarness(t *testing.T) *semHarness {
	return &semHarness{harness: &harness{
		b: newConsul(t), clk: clock.Real{}, real: true, advance: realWait,
		parked: func(*testing.T, int) { realWait(consulParkDelay) },
	}}
}

// semGrant is what one background Acquire returned.
type semGrant struct {
	holder string
	slot   *Slot
	err    error
}

// semPool runs contenders on one semaphore prefix with a limit the test
// sets, and tracks which holders the test has seen granted.
type semPool struct {
	t       *testing.T
	h       *semHarness
	opt     SemaphoreOptions
	limit   atomic.Int64
	results chan semGrant
	held    map[string]*Slot
	ctx     context.Context
	wg      sync.WaitGroup
}

// newSemPool returns a pool with the suite's options and limit n. Cleanup
// cancels pending Acquires and releases what is held.
func newSemPool(t *testing.T, h *semHarness, n int) *semPool {
	ctx, cancel := context.WithCancel(context.Background())
	p := &semPool{
		t: t, h: h, ctx: ctx, results: make(chan semGrant, 64), held: map[string]*Slot{},
		opt: SemaphoreOptions{TTL: semTestTTL, WaitTime: semTestWait},
	}
	p.limit.Store(int64(n))
	t.Cleanup(func() {
		cancel()
		p.wg.Wait()
		for _, s := range p.held {
			_ = s.Release(context.Background())
		}
	})
	return p
}

// limitFn is the pool's limit function.
func (p *semPool) limitFn(context.Context) (int, error) { return int(p.limit.Load()), nil }

// semaphore returns holder's Semaphore on the pool's prefix.
func (p *semPool) semaphore(holder string) *Semaphore {
	s, err := NewSemaphore(p.h.b, p.h.clk, semTestPrefix, holder, p.opt)
	if err != nil {
		p.t.Fatal(err)
	}
	return s
}

// start begins Acquire for each holder in the background.
func (p *semPool) start(holders ...string) {
	for _, holder := range holders {
		p.startCtx(p.ctx, holder)
	}
}

// startCtx begins Acquire for holder under ctx.
func (p *semPool) startCtx(ctx context.Context, holder string) {
	s := p.semaphore(holder)
	p.wg.Go(func() {
		slot, err := s.Acquire(ctx, p.limitFn)
		p.results <- semGrant{holder: holder, slot: slot, err: err}
	})
}

// granted waits for n grants (within limit of real time on Consul) and
// returns the holders granted.
func (p *semPool) granted(n int, limit time.Duration) []string {
	p.t.Helper()
	var names []string
	for range n {
		g := recvWithin(p.t, p.h.harness, p.results, limit)
		if g.err != nil {
			p.t.Fatalf("Acquire for %s: %v", g.holder, g.err)
		}
		p.held[g.holder] = g.slot
		names = append(names, g.holder)
	}
	return names
}

// quiet checks that no further grant comes while waiters wait.
func (p *semPool) quiet(waiters int) {
	p.t.Helper()
	p.h.parked(p.t, waiters)
	notYet(p.t, p.results, "Acquire")
}

// release releases holder's slot and forgets it.
func (p *semPool) release(holder string) {
	p.t.Helper()
	if err := p.held[holder].Release(context.Background()); err != nil {
		p.t.Fatalf("release %s: %v", holder, err)
	}
	delete(p.held, holder)
}

// anyHeld returns one holder the pool holds, the first by name.
func (p *semPool) anyHeld() string {
	names := p.heldNames()
	if len(names) == 0 {
		p.t.Fatal("nothing held")
	}
	return names[0]
}

// heldNames returns the holders the pool holds, sorted.
func (p *semPool) heldNames() []string {
	var names []string
	for n := range p.held {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// checkHolders checks that the semaphore's live holders are exactly those
// the pool holds, and at most max.
func (p *semPool) checkHolders(max int) {
	p.t.Helper()
	got, err := SemaphoreHolders(context.Background(), p.h.b, semTestPrefix)
	if err != nil {
		p.t.Fatal(err)
	}
	if want := p.heldNames(); !reflect.DeepEqual(got, want) && (len(got) > 0 || len(want) > 0) {
		p.t.Fatalf("semaphore holders = %q, want %q", got, want)
	}
	if len(got) > max {
		p.t.Fatalf("%d holders %q over the limit %d", len(got), got, max)
	}
}

// checkAtMost checks that the semaphore has at most max live holders,
// among them every one the pool holds (others may have been granted
// since the pool last looked).
func (p *semPool) checkAtMost(max int) {
	p.t.Helper()
	got, err := SemaphoreHolders(context.Background(), p.h.b, semTestPrefix)
	if err != nil {
		p.t.Fatal(err)
	}
	if len(got) > max {
		p.t.Fatalf("%d holders %q over the limit %d", len(got), got, max)
	}
	for _, name := range p.heldNames() {
		if !slices.Contains(got, name) {
			p.t.Fatalf("holders %q lack %s", got, name)
		}
	}
}

// semRecord reads the semaphore record.
func semRecord(t *testing.T, h *semHarness) semaphoreRecord {
	t.Helper()
	e, _ := mustGet(t, h.b, semTestPrefix+semaphoreRecordName)
	if e == nil {
		t.Fatal("no semaphore record")
	}
	rec, err := decodeSemaphoreRecord(e.Value)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// semKeys lists the keys under the suite's prefix, by name under it.
func semKeys(t *testing.T, h *semHarness) map[string]Entry {
	t.Helper()
	es, _, err := h.b.List(context.Background(), semTestPrefix, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]Entry{}
	for _, e := range es {
		out[e.Key[len(semTestPrefix):]] = e
	}
	return out
}

// contenderOf returns the contender entry whose value is holder, or nil.
func contenderOf(t *testing.T, h *semHarness, holder string) *Entry {
	t.Helper()
	for name, e := range semKeys(t, h) {
		if name != semaphoreRecordName && string(e.Value) == holder {
			return &e
		}
	}
	return nil
}

// waitUntil polls cond in real time until it holds (Memory: goroutines
// catching up with a clock already moved; Consul: real events) or fails
// after limit (safetyTimeout on Memory).
func waitUntil(t *testing.T, h *semHarness, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	if !h.real {
		limit = safetyTimeout
	}
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not so within %s", what, limit)
		}
		realWait(5 * time.Millisecond)
	}
}

// awaitWaitTimer (Memory) waits until the next timer is a blocking read's
// wait-time timer, due WaitTime from now. Memory counts a read as parked
// just before it makes that timer; advancing the clock in between would
// not end the read.
func awaitWaitTimer(t *testing.T, h *semHarness) {
	t.Helper()
	at := h.fake.Now().Add(semTestWait)
	waitUntil(t, h, 0, "a blocking read's wait-time timer", func() bool {
		d, ok := h.fake.NextDeadline()
		return ok && d.Equal(at)
	})
}

// isSemCtxErr reports whether err is a cancelled context's.
func isSemCtxErr(err error) bool { return errors.Is(err, context.Canceled) }
