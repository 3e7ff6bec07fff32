package consulkv

import (
	"slices"
	"strings"
	"testing"

	capi "github.com/hashicorp/consul/api"
)

// TestSemaphoreConsulClientInterop holds Semaphore to Consul's own
// semaphore client (github.com/hashicorp/consul/api SemaphorePrefix) on a
// real Consul: with the same limit, a slot either side holds counts against
// the other. What differs, and is shown here: that client refuses a record
// whose Limit is not its own, so once Semaphore writes a different limit
// new contenders of that client fail (its existing holders keep their
// slots, and Semaphore counts them).
func TestSemaphoreConsulClientInterop(t *testing.T) {
	t.Run("ConsulClientSlotCounts", testSemInteropClientFirst)
	t.Run("OurSlotsCountForConsulClient", testSemInteropOursFirst)
	t.Run("LimitMismatch", testSemInteropLimitMismatch)
}

// apiContender is one Acquire of Consul's own semaphore client.
type apiContender struct {
	sem  *capi.Semaphore
	stop chan struct{}
	done chan apiGrant
	held bool
}

// apiGrant is what Consul's client's Acquire returned.
type apiGrant struct {
	lost <-chan struct{}
	err  error
}

// startAPISemaphore starts Acquire on Consul's client with opts in the
// background; cleanup releases what it holds.
func startAPISemaphore(t *testing.T, h *semHarness, opts *capi.SemaphoreOptions) *apiContender {
	t.Helper()
	sem, err := h.b.(*Consul).client.SemaphoreOpts(opts)
	if err != nil {
		t.Fatal(err)
	}
	a := &apiContender{sem: sem, stop: make(chan struct{}), done: make(chan apiGrant, 1)}
	go func() {
		lost, err := sem.Acquire(a.stop)
		a.done <- apiGrant{lost: lost, err: err}
	}()
	t.Cleanup(func() {
		close(a.stop)
		if a.held {
			_ = sem.Release()
		}
	})
	return a
}

// granted waits for Consul's client to hold its slot and returns its
// lost channel.
func (a *apiContender) granted(t *testing.T, h *semHarness) <-chan struct{} {
	t.Helper()
	g := recvWithin(t, h.harness, a.done, semGrantWithin)
	if g.err != nil || g.lost == nil {
		t.Fatalf("Consul client's Acquire = %v, %v; want a slot", g.lost, g.err)
	}
	a.held = true
	return g.lost
}

// release gives Consul's client's slot up.
func (a *apiContender) release(t *testing.T) {
	t.Helper()
	if err := a.sem.Release(); err != nil {
		t.Fatalf("Consul client's Release: %v", err)
	}
	a.held = false
}

// semHolders reads the live holders' names.
func semHolders(t *testing.T, h *semHarness) []string {
	t.Helper()
	names, err := SemaphoreHolders(t.Context(), h.b, semTestPrefix)
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// testSemInteropClientFirst: a slot Consul's client holds counts against
// ours, keeps its slot when ours rewrite the record, and its release
// grants a waiter of ours. Its contender key has no value, so
// SemaphoreHolders names it by session id.
func testSemInteropClientFirst(t *testing.T) {
	h := newConsulSemHarness(t)
	api := startAPISemaphore(t, h, &capi.SemaphoreOptions{Prefix: semTestPrefix, Limit: 2})
	apiLost := api.granted(t, h)
	p := newSemPool(t, h, 2)
	p.opt.ConsulFlag = true // Consul's client refuses a record without its flag
	p.start("i-1")
	p.granted(1, semGrantWithin)
	p.start("i-2")
	p.quiet(1)
	names := semHolders(t, h)
	if len(names) != 2 || !slices.Contains(names, "i-1") {
		t.Fatalf("holders = %q, want i-1 and Consul's client", names)
	}
	other := names[slices.Index(names, "i-1")^1]
	if e := semKeys(t, h)[other]; e.Session != other || len(e.Value) != 0 {
		t.Fatalf("Consul client's holder %q: contender entry %+v, want its session's key", other, e)
	}
	checkRecordFlag(t, h)
	if isClosed(apiLost) {
		t.Fatal("Consul's client lost its slot when ours joined")
	}
	api.release(t)
	p.granted(1, semGrantWithin)
	p.checkHolders(2)
}

// testSemInteropOursFirst: slots ours hold (ours wrote the record) count
// against Consul's client, which waits and is granted when one of ours is
// released; its slot then counts against a waiter of ours.
func testSemInteropOursFirst(t *testing.T) {
	h := newConsulSemHarness(t)
	p := newSemPool(t, h, 2)
	p.opt.ConsulFlag = true // Consul's client refuses a record without its flag
	p.start("i-1", "i-2")
	p.granted(2, semGrantWithin)
	checkRecordFlag(t, h)
	api := startAPISemaphore(t, h, &capi.SemaphoreOptions{Prefix: semTestPrefix, Limit: 2, Value: []byte("consul-api")})
	realWait(consulParkDelay)
	notYet(t, api.done, "Consul client's Acquire")
	p.release("i-1")
	api.granted(t, h)
	if names := semHolders(t, h); !slices.Equal(names, []string{"consul-api", "i-2"}) {
		t.Fatalf("holders = %q, want Consul's client and i-2", names)
	}
	p.start("i-3")
	p.quiet(1)
	api.release(t)
	p.granted(1, semGrantWithin)
	p.checkHolders(2)
}

// testSemInteropLimitMismatch: ours take the limit of each attempt (3
// here) and count a holder of Consul's client that came with limit 2;
// that holder keeps its slot, but a new contender of Consul's client with
// limit 2 is refused once the record says 3.
func testSemInteropLimitMismatch(t *testing.T) {
	h := newConsulSemHarness(t)
	api := startAPISemaphore(t, h, &capi.SemaphoreOptions{Prefix: semTestPrefix, Limit: 2})
	apiLost := api.granted(t, h)
	p := newSemPool(t, h, 3)
	p.opt.ConsulFlag = true
	p.start("i-1", "i-2", "i-3")
	p.granted(2, semGrantWithin)
	p.quiet(1)
	if rec := semRecord(t, h); rec.Limit != 3 || len(rec.Holders) != 3 {
		t.Fatalf("record = %+v, want limit 3 and three holders", rec)
	}
	late := startAPISemaphore(t, h, &capi.SemaphoreOptions{Prefix: semTestPrefix, Limit: 2})
	g := recvWithin(t, h.harness, late.done, semGrantWithin)
	if g.err == nil || !strings.Contains(g.err.Error(), "limit conflict") {
		t.Fatalf("Consul client's Acquire with limit 2 against a record of 3 = %v, %v; want its limit conflict", g.lost, g.err)
	}
	if isClosed(apiLost) {
		t.Fatal("Consul's client lost its slot when the limit changed")
	}
	api.release(t)
	p.granted(1, semGrantWithin)
	p.checkHolders(3)
}

// checkRecordFlag checks that the record carries Consul's semaphore flag,
// without which Consul's client refuses it.
func checkRecordFlag(t *testing.T, h *semHarness) {
	t.Helper()
	pair, _, err := h.b.(*Consul).client.KV().Get(semTestPrefix+semaphoreRecordName, nil)
	if err != nil {
		t.Fatal(err)
	}
	if pair == nil || pair.Flags != capi.SemaphoreFlagValue {
		t.Fatalf("record %+v lacks Consul's semaphore flag", pair)
	}
}
