package loop

import (
	"context"
	"errors"
	"log/slog"

	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/execute"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// finish logs a pass and hands it to OnPass.
func (l *Loop) finish(ctx context.Context, rep PassReport) {
	l.logPass(ctx, rep)
	if l.cfg.OnPass != nil {
		l.cfg.OnPass(rep)
	}
}

func (l *Loop) logPass(ctx context.Context, rep PassReport) {
	log := l.cfg.Logger.With("service", rep.Service, "rollout", rolloutID(rep))
	log.DebugContext(ctx, "pass", "held", rep.Held, "phase", string(rep.Plan.Phase),
		"actions", len(rep.Plan.Actions), "applied", rep.Applied, "next", rep.Next, "wait", rep.Wait)
	if rep.Err != nil {
		logFailure(ctx, log, rep.Err)
		return
	}
	logVerify(ctx, log, rep)
	if rep.Held && rep.Plan.Phase != "" && rep.Plan.Phase != l.phase {
		l.phase = rep.Plan.Phase
		log.InfoContext(ctx, "phase", "phase", string(rep.Plan.Phase), "reason", rep.Plan.Reason)
	}
}

// logFailure logs a failed pass once, with its class: lost races and failed
// preconditions at warn (the next pass decides again), the rest at error.
func logFailure(ctx context.Context, log *slog.Logger, err error) {
	var ae *execute.ActionError
	if errors.As(err, &ae) {
		log = log.With("action", string(ae.Kind), "target", ae.Target)
	}
	switch {
	case errors.Is(err, consulkv.ErrConflict):
		log.WarnContext(ctx, "pass lost a race", "class", "conflict", "error", err)
	case errors.Is(err, execute.ErrPrecondition):
		log.WarnContext(ctx, "pass precondition failed", "class", "precondition", "error", err)
	default:
		c := awsapi.Classify(err)
		level := slog.LevelError
		if c.Transient() || c == awsapi.ClassCanceled {
			level = slog.LevelWarn
		}
		log.Log(ctx, level, "pass failed", "class", c.String(), "error", err)
	}
}

// rolloutID names the rollout a pass worked on: the record it wrote, else
// the one it read.
func rolloutID(rep PassReport) string {
	for i := len(rep.Plan.Actions) - 1; i >= 0; i-- {
		if a := rep.Plan.Actions[i]; a.Kind == reconcile.ActWriteRollout && a.Rollout != nil {
			return a.Rollout.ID
		}
	}
	if rep.Observed.Rollout != nil {
		return rep.Observed.Rollout.ID
	}
	return ""
}
