package execute

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// Executor applies plans for one service.
type Executor struct {
	Clients awsapi.Clients
	Store   consulkv.Store
	Service string
	// Before, when set, is called before each action; its error aborts the
	// pass (tests and the simulation crash the controller mid-plan with it).
	Before func(i int, a reconcile.Action) error
	// Logger receives the one debug line of a weight read-back that does not
	// match yet; nil discards it.
	Logger *slog.Logger
	// Hooks runs verify hooks (run_hook actions).
	Hooks HookRunner
}

// Apply performs p.Actions in order and stops at the first error, which is
// returned as an *ActionError. applied counts the actions that completed
// (including those that found nothing to do).
func (e *Executor) Apply(ctx context.Context, p reconcile.Plan) (applied int, err error) {
	for i, a := range p.Actions {
		if e.Before != nil {
			if err := e.Before(i, a); err != nil {
				return applied, &ActionError{Index: i, Kind: a.Kind, Target: Target(a), Err: fmt.Errorf("before: %w", err)}
			}
		}
		if err := ctx.Err(); err != nil {
			return applied, &ActionError{Index: i, Kind: a.Kind, Target: Target(a), Err: err}
		}
		if err := e.apply(ctx, a); err != nil {
			return applied, &ActionError{Index: i, Kind: a.Kind, Target: Target(a), Err: err}
		}
		applied++
	}
	return applied, nil
}

func (e *Executor) apply(ctx context.Context, a reconcile.Action) error {
	switch a.Kind {
	case reconcile.ActWriteRollout:
		return e.writeRollout(ctx, a)
	case reconcile.ActAppendHistory:
		return e.appendHistory(ctx, a)
	case reconcile.ActCreateLTVersion:
		return e.createLTVersion(ctx, a)
	case reconcile.ActCreateGroup:
		return e.createGroup(ctx, a)
	case reconcile.ActUpdateCapacity:
		return e.updateCapacity(ctx, a)
	case reconcile.ActSuspendProcesses:
		return e.suspend(ctx, a)
	case reconcile.ActResumeProcesses:
		return e.resume(ctx, a)
	case reconcile.ActSetWeights:
		return e.setWeights(ctx, a)
	case reconcile.ActPutScaling:
		return e.putScaling(ctx, a)
	case reconcile.ActRunHook:
		return e.runHook(ctx, a)
	case reconcile.ActDeleteGroup:
		return e.deleteGroup(ctx, a)
	}
	return fmt.Errorf("unknown action kind %q", a.Kind)
}

// Target names what an action acts on, for errors and logs.
func Target(a reconcile.Action) string {
	switch a.Kind {
	case reconcile.ActWriteRollout, reconcile.ActAppendHistory:
		if a.Rollout != nil {
			return a.Rollout.ID
		}
	case reconcile.ActCreateLTVersion:
		return a.LaunchTemplateID
	case reconcile.ActSetWeights:
		if a.Rule != "" {
			return a.Rule
		}
		return a.Listener
	case reconcile.ActRunHook:
		if a.Hook != nil {
			return a.Stage + "/" + a.Hook.Name
		}
	}
	return a.Group
}

func (e *Executor) logger() *slog.Logger {
	if e.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return e.Logger
}
