package live

import (
	"context"
	"fmt"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/fleet"
	"github.com/asgctl/asgctl/controller/internal/releases"
	"github.com/asgctl/asgctl/controller/internal/sandbox/agenthost"
)

// guardPoll is how often the sandbox's controller applies the release
// guard (the real controller watches the keys instead).
const guardPoll = 250 * time.Millisecond

// publishRelease uploads the sample app (with flags) as release id and
// writes deploys/<service> as `asgctl release` does: the id claimed, the
// record numbered after the current one with the fleet's last good
// release, the current one's history entry filed.
func (w *world) publishRelease(ctx context.Context, id, flags string) error {
	tarball, sum, err := agenthost.SampleRelease(w.bins.TestApp, flags)
	if err != nil {
		return err
	}
	key := w.service + "/" + id + ".tar.gz"
	w.objects.Put(bucket, key, tarball, time.Now())
	want := api.Release{Version: api.ReleaseVersion, Release: id, Artifact: "s3://" + bucket + "/" + key,
		SHA256: sum, CreatedAt: time.Now().UTC(), CreatedBy: "sandbox", MaxInFlight: api.DefaultMaxInFlight}
	if err := releases.Claim(ctx, w.kv, w.service, &want); err != nil {
		return err
	}
	for range 5 {
		st, err := releases.Read(ctx, w.kv, w.service)
		if err != nil {
			return err
		}
		next, ended := fleet.Successor(st.Record, want, st.Live, time.Now())
		if st.Record != nil {
			next.ConfigRev = st.Record.ConfigRev
		}
		written, err := releases.Write(ctx, w.kv, w.service, next, st.Index, ended)
		if err != nil || written {
			if err == nil && flags == "" {
				w.serving = id
			}
			return err
		}
	}
	return fmt.Errorf("write %s: other writers kept changing it", api.KeyDeploy(w.service))
}

// guardLoop applies the release guard, as the controller does, until ctx
// ends: a halted release is rolled back to the last good one, and a
// release every agent is ready on becomes the last good one.
func (w *world) guardLoop(ctx context.Context) {
	for {
		res, err := releases.Guard(ctx, w.kv, w.service, "sandbox controller", time.Now())
		if err != nil && ctx.Err() == nil {
			w.log.Warn("release guard", "error", err)
		} else if res.Written {
			w.log.Info("release guard", "action", res.Action.Kind, "why", res.Action.Why)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(guardPoll):
		}
	}
}

// failAndRollBack publishes release id whose processes never pass their
// health check and waits until the fleet halted it on its first failure
// and rolled back to the release it served: every agent ready on that
// one again, the rollback record complete.
func (w *world) failAndRollBack(ctx context.Context, id string) (outcome, error) {
	good := w.serving
	if err := w.publishRelease(ctx, id, "--fail-health"); err != nil {
		return outcome{}, err
	}
	var o outcome
	err := until(ctx, actLimit, "release "+id+" halted and rolled back to "+good, func() (bool, string) {
		st, err := releases.Read(ctx, w.kv, w.service)
		if err != nil || st.Record == nil {
			return false, fmt.Sprint(err)
		}
		phase := fleet.Phase(st.Record, st.Live)
		if st.Record.RollbackOf == id && o.reason == "" {
			o.reason = w.haltReason(ctx, st.Record.Seq-1)
		}
		o.result = phase
		done := st.Record.RollbackOf == id && phase == api.ReleaseRolledBack && len(st.Live) == 4
		return done, fmt.Sprintf("%s %s, %v", st.Record.Release, phase, fleet.Counts(st.Live))
	})
	return o, err
}

// haltReason is the first line of the halt of record seq, from history.
func (w *world) haltReason(ctx context.Context, seq int) string {
	h, err := releases.HistoryEntry(ctx, w.kv, w.service, seq)
	if err != nil || h == nil || h.Record.Halt == nil {
		return ""
	}
	return fmt.Sprintf("instance %s: %s", h.Record.Halt.InstanceID, firstLine(h.Record.Halt.Error))
}
