package daemon

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/asgctl/asgctl/agent/internal/envfile"
	"github.com/asgctl/asgctl/agent/internal/release"
	"github.com/asgctl/asgctl/agent/internal/roll"
	"github.com/asgctl/asgctl/controller/api"
)

// keepReleases is how many release directories stay on the box.
const keepReleases = 5

// tailLines is how much process output a failure report quotes.
const tailLines = 20

// Deliver deploys rel: fetch and unpack the artifact (once per release),
// render the env file for its config revision, then roll the processes one
// at a time. A rejected artifact or an unreadable config changes nothing;
// a failed step restores that process and stops the rollout. A release
// whose rollout failed before is not retried until a new release or config
// revision arrives.
func (a *Agent) Deliver(ctx context.Context, rel *api.Release) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	target := targetOf(rel)
	if target == a.state.FailedTarget && a.state.Failed != "" {
		a.Log.Info("release failed before; waiting for a new release or config revision", "release", rel.Release, "config_rev", rel.ConfigRev)
		a.publish(ctx, "")
		return nil
	}
	if allOn(a.model, target) {
		a.state.Target, a.state.Failed, a.state.FailedTarget = target, "", roll.Target{}
		a.save()
		a.publish(ctx, "")
		a.afterConverged(ctx)
		return nil
	}
	a.deploying = true
	a.state.Failed, a.state.FailedTarget = "", roll.Target{}
	a.publish(ctx, "")
	err := a.rollout(ctx, rel, target)
	a.deploying = false
	if err != nil && ctx.Err() == nil {
		a.state.Failed, a.state.FailedTarget = failureText(err), target
		a.save()
		a.notifyFailure(rel.Release, rel.ConfigRev, err)
	}
	a.publish(ctx, "")
	if err == nil {
		a.afterConverged(ctx)
		a.prune(target)
	}
	return err
}

// rollout prepares rel on disk and rolls every process to target.
func (a *Agent) rollout(ctx context.Context, rel *api.Release, target roll.Target) error {
	if err := a.prepare(ctx, rel, target); err != nil {
		return err
	}
	a.state.Target, a.state.Failed, a.state.FailedTarget = target, "", roll.Target{}
	a.save()
	steps := roll.Plan(a.model, target)
	a.Log.Info("rollout started", "release", target.Release, "config_rev", target.ConfigRev, "steps", len(steps), "processes", processesOf(a.model))
	if err := a.execute(ctx, steps); err != nil {
		return fmt.Errorf("rollout of %s stopped: %w", target.Release, err)
	}
	a.Log.Info("rollout finished", "release", target.Release, "config_rev", target.ConfigRev)
	return nil
}

// prepare makes sure the release directory and the env file of target
// exist. The artifact is unpacked into a hidden directory and renamed into
// place, so a crash never leaves a half release under its real name.
func (a *Agent) prepare(ctx context.Context, rel *api.Release, target roll.Target) error {
	dir := a.releaseDir(target)
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		tmp := filepath.Join(a.Config.Dirs.Releases, ".incoming-"+rel.Release)
		if err := os.RemoveAll(tmp); err != nil {
			return fmt.Errorf("clear %s: %w", tmp, err)
		}
		if err := a.Fetcher.Fetch(ctx, rel, tmp); err != nil {
			return err
		}
		if err := os.Rename(tmp, dir); err != nil {
			return fmt.Errorf("move release into %s: %w", dir, err)
		}
		a.Log.Info("release unpacked", "release", rel.Release, "dir", dir)
	} else if err != nil {
		return fmt.Errorf("release directory %s: %w", dir, err)
	}
	if _, err := os.Stat(a.envPath(target)); err == nil {
		return nil
	}
	vars, err := readEnv(ctx, a.KV, a.Config.Service)
	if err != nil {
		return err
	}
	path, err := envfile.Write(a.Config.Dirs.Env, target.Release, target.ConfigRev, vars)
	if err != nil {
		return err
	}
	a.Log.Info("env file written", "path", path, "variables", len(vars))
	return nil
}

// prune keeps the newest release directories (never the target's).
func (a *Agent) prune(target roll.Target) {
	if err := release.Retain(a.Config.Dirs.Releases, keepReleases, target.Release); err != nil {
		a.Log.Warn("old releases not pruned", "err", err)
	}
}

// failureText is the report error of a failed rollout: what failed and,
// for a failed step, the last lines of the process's output.
func failureText(err error) string {
	msg := err.Error()
	var rej *release.RejectError
	if errors.As(err, &rej) {
		return msg + " (the artifact was rejected; nothing on the box changed)"
	}
	serr, ok := isStepError(err)
	if !ok || strings.TrimSpace(serr.Tail) == "" {
		return msg
	}
	lines := strings.Split(strings.TrimRight(serr.Tail, "\n"), "\n")
	if len(lines) > tailLines {
		lines = lines[len(lines)-tailLines:]
	}
	return fmt.Sprintf("%s; the process was restored to its previous release. Last output of process %d:\n%s",
		msg, serr.Index, strings.Join(lines, "\n"))
}
