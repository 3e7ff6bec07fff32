package cli

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing/synctest"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/fleet"
	"github.com/asgctl/asgctl/controller/internal/releases"
)

// fakeAgent stands in for asgctl-agent on one instance. It watches
// deploys/web and decides with fleet.DecideAgent as the real agent does,
// reporting under a session (ttl 0): pickup after a change it acts once
// on the record as it is then (latest wins) and reports the decision's
// state; a paced roll then waits for a slot of the shared pool
// (fleet.Limit of the record), checks the record again, waits start and
// reports deploying; after delay it is ready on the target, or, when
// breaks is set and the artifact's key says "broken", it records the halt
// in the record with check-and-set and reports failed with the tail of
// the process's output. An artifact whose key says "slow" never gets past
// deploying: the agent holds its slot and reads no further record. Every wait is distinct per agent, so reports fall at
// distinct instants and transcripts do not depend on scheduling.
type fakeAgent struct {
	id      string
	pickup  time.Duration
	start   time.Duration
	delay   time.Duration
	breaks  bool
	serving string // the release it serves when it starts ("" nothing)
}

// twoAgents are the instances of the --wait scenarios.
var twoAgents = startAgents(
	fakeAgent{id: "i-0a1", pickup: 1300 * time.Millisecond, start: 170 * time.Millisecond, delay: 5 * time.Second},
	fakeAgent{id: "i-0b2", pickup: 2700 * time.Millisecond, start: 230 * time.Millisecond, delay: 9 * time.Second, breaks: true})

// slotPool is the fake agents' pacing semaphore.
type slotPool struct {
	mu      sync.Mutex
	inUse   int
	changed chan struct{}
}

// acquire takes a slot when fewer than limit are in use, waiting for one
// to be released; false when ctx ended first.
func (p *slotPool) acquire(ctx context.Context, limit int) bool {
	for {
		p.mu.Lock()
		if p.inUse < limit {
			p.inUse++
			p.mu.Unlock()
			return true
		}
		ch := p.changed
		p.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return false
		}
	}
}

func (p *slotPool) release() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.inUse--
	close(p.changed)
	p.changed = make(chan struct{})
}

// startAgents runs the agents until the test ends.
func startAgents(agents ...fakeAgent) func(w *world, dir string) {
	return func(w *world, _ string) {
		ctx, cancel := context.WithCancel(context.Background())
		pool := &slotPool{changed: make(chan struct{})}
		done := make(chan struct{}, len(agents))
		for _, a := range agents {
			sess, err := w.mem.CreateSession(ctx, "agent "+a.id, 0, 0)
			if err != nil {
				w.t.Fatal(err)
			}
			b := &fakeBox{a: a, w: w, sess: sess, pool: pool, fleet: len(agents), serving: fleet.Target{Release: a.serving}}
			go func() {
				defer func() { done <- struct{}{} }()
				b.run(ctx)
			}()
		}
		synctest.Wait() // every agent has reported and watches
		w.t.Cleanup(func() {
			cancel()
			for range agents {
				<-done
			}
		})
	}
}

// fakeBox is one fake agent's state.
type fakeBox struct {
	a       fakeAgent
	w       *world
	sess    string
	pool    *slotPool
	fleet   int
	serving fleet.Target
	failed  fleet.Failure
	errText string
}

func (b *fakeBox) run(ctx context.Context) {
	state := api.AgentStarting
	if !b.serving.IsZero() {
		state = api.AgentReady
	}
	b.report(ctx, state, nil)
	var done uint64 // the ModifyIndex of the record last acted on
	_ = consulkv.WatchKey(ctx, clock.Real{}, b.w.mem, api.KeyDeploy("web"), consulkv.WatchOptions{}, func(ctx context.Context, _ *consulkv.Entry) error {
		if !b.pause(ctx, b.a.pickup) {
			return ctx.Err()
		}
		// Latest wins: act on the record as it is now, once.
		e, _, err := b.w.mem.Get(ctx, api.KeyDeploy("web"), nil)
		if err != nil || e == nil || e.ModifyIndex == done {
			return nil
		}
		done = e.ModifyIndex
		if rec, err := api.DecodeRelease(e.Value); err == nil {
			b.step(ctx, rec)
		}
		return nil
	})
}

// step carries out one decision on rec.
func (b *fakeBox) step(ctx context.Context, rec *api.Release) {
	d := fleet.DecideAgent(fleet.AgentView{Record: rec, Serving: b.serving, Failed: b.failed})
	b.report(ctx, d.State, rec)
	if d.Move != fleet.MoveStart && d.Move != fleet.MoveRoll {
		return
	}
	if d.Halts() {
		if !b.pool.acquire(ctx, fleet.Limit(rec, b.fleet)) {
			return
		}
		defer b.pool.release()
		if !b.pause(ctx, b.a.start) || !b.stillCurrent(ctx, rec) {
			return // the next record decides
		}
	}
	moving := api.AgentStarting // a new box: no slot, as the agent reports it
	if d.Halts() {
		moving = api.AgentDeploying
	}
	b.report(ctx, moving, rec)
	if strings.Contains(d.Ref.Artifact, "slow") {
		<-ctx.Done() // holds its slot until the test ends
		return
	}
	if !b.pause(ctx, b.a.delay) {
		return
	}
	if b.a.breaks && strings.Contains(d.Ref.Artifact, "broken") {
		b.fail(ctx, rec, d)
		return
	}
	b.serving, b.errText = d.Target, ""
	b.report(ctx, api.AgentReady, rec)
}

// fail records the failure: the halt first (a paced roll), then the
// failed report, as the agent does.
func (b *fakeBox) fail(ctx context.Context, rec *api.Release, d fleet.Decision) {
	b.failed = fleet.Failure{Seq: rec.Seq, Target: d.Target}
	b.errText = fmt.Sprintf("process 1 on port 9002 failed its health check on %s: GET /ping: connection refused; restored %s\n"+
		"last lines of its output:\npanic: DATABASE_URL is not set\nexit status 2", d.Target.Release, orDash(b.serving.Release))
	if d.Halts() {
		b.halt(ctx, rec)
	}
	b.report(ctx, api.AgentFailed, rec)
}

// halt records the halt of rec with check-and-set, unless the record
// moved on or is halted already.
func (b *fakeBox) halt(ctx context.Context, rec *api.Release) {
	cur, index, err := releases.ReadRecord(ctx, b.w.mem, "web")
	if err != nil || cur == nil || cur.Seq != rec.Seq {
		return
	}
	if next, ok := fleet.HaltRecord(cur, b.a.id, b.errText, time.Now()); ok {
		data, _ := api.Encode(next)
		_, _ = b.w.mem.CAS(ctx, api.KeyDeploy("web"), data, index)
	}
}

// stillCurrent reports whether rec is still the record, not halted.
func (b *fakeBox) stillCurrent(ctx context.Context, rec *api.Release) bool {
	cur, _, err := releases.ReadRecord(ctx, b.w.mem, "web")
	return err == nil && cur != nil && cur.Seq == rec.Seq && cur.Halt == nil
}

func (b *fakeBox) pause(ctx context.Context, d time.Duration) bool {
	select {
	case <-time.After(d):
		return true
	case <-ctx.Done():
		return false
	}
}

// report writes the box's report: what it serves, in state, about rec.
func (b *fakeBox) report(ctx context.Context, state string, rec *api.Release) {
	a := api.AgentReport{Version: 1, Service: "web", InstanceID: b.a.id, Release: b.serving.Release, ConfigRev: b.serving.ConfigRev,
		State: state, Processes: []api.ProcessReport{}, UpdatedAt: time.Now().UTC()}
	if rec != nil {
		a.Desired, a.Seq = rec.Release, rec.Seq
	}
	if state == api.AgentFailed {
		a.Error = b.errText
	}
	data, _ := api.Encode(a)
	_, _ = b.w.mem.Acquire(ctx, api.KeyAgent("web", b.a.id), data, b.sess)
}

// deadAgent leaves a report no session holds (an instance that is gone).
func deadAgent(w *world, _ string) {
	data, _ := api.Encode(api.AgentReport{Version: 1, Service: "web", InstanceID: "i-dead", Release: "r-old", State: api.AgentReady,
		Processes: []api.ProcessReport{}, UpdatedAt: time.Now().UTC()})
	if err := w.mem.Put(context.Background(), api.KeyAgent("web", "i-dead"), data); err != nil {
		w.t.Fatal(err)
	}
}

// releaseGuard stands in for a controller running the release guard: a
// heartbeat, and fleet.Guard applied to deploys/web lag after it changes.
func (w *world) releaseGuard(id string, lag time.Duration) {
	ctx, cancel := context.WithCancel(context.Background())
	locker := consulkv.NewLocker(w.mem, clock.Real{}, consulkv.LockOptions{})
	hb, _ := api.Encode(api.Heartbeat{Version: 1, ID: id, StartedAt: time.Now()})
	beat, ok, err := locker.TryAcquire(ctx, api.KeyController(id), id, hb)
	if err != nil || !ok {
		w.t.Fatalf("heartbeat: %v %v", ok, err)
	}
	var wg sync.WaitGroup
	wg.Go(func() { keepBeating(ctx, beat) })
	wg.Go(func() {
		_ = consulkv.WatchKey(ctx, clock.Real{}, w.mem, api.KeyDeploy("web"), consulkv.WatchOptions{}, func(ctx context.Context, _ *consulkv.Entry) error {
			select {
			case <-time.After(lag):
			case <-ctx.Done():
				return ctx.Err()
			}
			_, _ = releases.Guard(ctx, w.mem, "web", "asgctl controller "+id, time.Now())
			return nil
		})
	})
	w.t.Cleanup(func() {
		cancel()
		wg.Wait()
	})
}
