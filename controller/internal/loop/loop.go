package loop

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/execute"
	"github.com/asgctl/asgctl/controller/internal/observe"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// Loop reconciles one service. Step and Run must not be called concurrently;
// Release may be called once they have returned.
type Loop struct {
	cfg      Config
	observer *observe.Observer
	executor *execute.Executor

	mu    sync.Mutex
	lock  consulkv.Lock
	phase api.Phase // last phase logged at info
}

// New returns a loop for cfg.Service; it does not take the lock yet.
func New(cfg Config) *Loop {
	cfg = cfg.withDefaults()
	return &Loop{
		cfg:      cfg,
		observer: &observe.Observer{Clients: cfg.Clients, Store: cfg.Store, Clock: cfg.Clock},
		executor: &execute.Executor{
			Clients: cfg.Clients, Store: cfg.Store, Service: cfg.Service,
			Before: cfg.Before, Logger: cfg.Logger, Hooks: cfg.Hooks,
		},
	}
}

// Step runs one pass and returns when to run the next one. Not holding the
// lock is not an error: the pass does nothing and asks to retry after the
// lock-retry interval. A lost check-and-set (consulkv.ErrConflict) or a
// failed precondition (execute.ErrPrecondition) returns next 0 with the
// error: observe again at once.
func (l *Loop) Step(ctx context.Context) (next time.Duration, err error) {
	rep := l.pass(ctx)
	l.finish(ctx, rep)
	return rep.Next, rep.Err
}

// pass runs one observe -> decide -> execute pass and reports it (without
// logging or calling OnPass).
func (l *Loop) pass(ctx context.Context) PassReport {
	rep := PassReport{Service: l.cfg.Service, At: l.cfg.Clock.Now()}
	rep.Next, rep.Err = l.run(ctx, &rep)
	if rep.Err != nil {
		rep.Next = 0
	}
	return rep
}

func (l *Loop) run(ctx context.Context, rep *PassReport) (time.Duration, error) {
	held, err := l.holdLock(ctx)
	if err != nil || !held {
		return l.cfg.LockRetry, err
	}
	rep.Held = true
	desired, ok, err := l.desired(ctx)
	if err != nil || !ok {
		return l.cfg.Tuning.IdlePoll, err
	}
	rep.Desired = desired
	if rep.Observed, err = l.observer.Observe(ctx, desired); err != nil {
		return 0, fmt.Errorf("observe: %w", err)
	}
	rep.Plan = l.cfg.Decide(rep.Observed, desired, l.cfg.Clock.Now())
	actx, stop := ctx, func() {}
	if runsHook(rep.Plan) {
		actx, stop = l.renewDuring(ctx)
	}
	rep.Applied, err = l.executor.Apply(actx, rep.Plan)
	stop()
	if err != nil {
		return 0, fmt.Errorf("apply: %w", err)
	}
	return rep.Plan.RequeueAfter, nil
}

// desired reads the spec (defaults applied) and the request; ok is false
// when the service has no spec.
func (l *Loop) desired(ctx context.Context) (reconcile.Desired, bool, error) {
	svc := l.cfg.Service
	spec, _, err := l.cfg.Store.Spec(ctx, svc)
	if err != nil {
		return reconcile.Desired{}, false, fmt.Errorf("read spec of %q: %w", svc, err)
	}
	if spec == nil {
		return reconcile.Desired{}, false, nil
	}
	if spec.Name != svc {
		return reconcile.Desired{}, false, fmt.Errorf("spec of %q names service %q", svc, spec.Name)
	}
	req, _, err := l.cfg.Store.Desired(ctx, svc)
	if err != nil {
		return reconcile.Desired{}, false, fmt.Errorf("read desired request of %q: %w", svc, err)
	}
	return reconcile.Desired{Spec: spec.WithDefaults(), Request: req, Tuning: l.cfg.Tuning}, true, nil
}
