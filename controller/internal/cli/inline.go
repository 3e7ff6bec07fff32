package cli

import (
	"context"
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/loop"
)

// inlineRun is the reconcile loop `--inline` runs in this process under
// the service lock. Each pass is handed to the follower, and the loop waits
// until the follower has looked at it: what the follower prints then
// follows the passes one by one.
type inlineRun struct {
	lp     *loop.Loop
	passes chan passMsg
	wake   chan struct{}
	quit   chan struct{}
	cancel context.CancelFunc
	done   chan struct{}
}

// passMsg is one pass report; the follower closes ack when done with it.
type passMsg struct {
	rep loop.PassReport
	ack chan struct{}
}

// startInline starts the loop for spec's service. Holder names this run in
// the lock ("cli-<user>-<id>"). Call stop when done: it releases the lock.
func startInline(ctx context.Context, e *env, spec api.ServiceSpec) (*inlineRun, error) {
	clients, err := e.deps.Clients(ctx, spec)
	if err != nil {
		return nil, failed("AWS clients for "+spec.Name, err)
	}
	ir := &inlineRun{
		passes: make(chan passMsg), wake: make(chan struct{}, 1),
		quit: make(chan struct{}), done: make(chan struct{}),
	}
	ir.lp = loop.New(loop.Config{
		Service: spec.Name, Holder: fmt.Sprintf("cli-%s-%s", e.deps.User, e.deps.NewID()),
		Store: e.store, Locker: consulkv.NewLocker(e.backend, e.deps.Clock, e.deps.Lock),
		Clients: clients, Clock: e.deps.Clock, Logger: e.log, Tuning: e.deps.Tuning,
		LockRenew: e.deps.Lock.RenewInterval(), OnPass: ir.onPass,
	})
	lctx, cancel := context.WithCancel(ctx)
	ir.cancel = cancel
	go func() {
		defer close(ir.done)
		_ = ir.lp.Run(lctx, ir.wake) // Run returns nil; it logs its own failures
	}()
	return ir, nil
}

// onPass hands a pass to the follower and waits for it, unless the
// follower has stopped listening.
func (ir *inlineRun) onPass(rep loop.PassReport) {
	ack := make(chan struct{})
	select {
	case ir.passes <- passMsg{rep: rep, ack: ack}:
		select {
		case <-ack:
		case <-ir.quit:
		}
	case <-ir.quit:
	}
}

// held reports whether this run holds the service lock.
func (ir *inlineRun) held() bool { return ir != nil && ir.lp.Held() }

// poke wakes the loop early (the desired request changed).
func (ir *inlineRun) poke() {
	select {
	case ir.wake <- struct{}{}:
	default:
	}
}

// stop ends the loop and waits until it has released the lock.
func (ir *inlineRun) stop() {
	if ir == nil {
		return
	}
	close(ir.quit)
	ir.cancel()
	<-ir.done
}
