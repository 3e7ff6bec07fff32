package fleetsim

import (
	"context"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/fleet"
)

// Names of the simulated writers, in the records they write.
const (
	writerName = "fleetsim writer"
	guardName  = "fleetsim guard"
)

// writerPatience bounds how long the writer keeps trying one release.
const writerPatience = 10 * time.Minute

// writeRelease plays `asgctl release` (or `config push`) for r: it reads
// the record and the live reports and writes fleet.Successor of the
// record with check-and-set, reading again after a lost race and after a
// Consul error (1 s later) until the record asks for r. It returns the
// seq of that record (0 when it gave up).
func (w *world) writeRelease(r releaseSpec) int {
	kv := &actorKV{actor: writerName, next: w.store, f: w.faults}
	ctx := context.Background()
	deadline := w.clk.Now().Add(writerPatience)
	for {
		seq, err := w.tryWrite(ctx, kv, r)
		switch {
		case seq != 0:
			return seq
		case w.clk.Now().After(deadline):
			w.mu.Lock()
			w.violatef("the writer could not write %s within %s (last error: %v)", r.Target(), writerPatience, err)
			w.mu.Unlock()
			return 0
		case err != nil:
			w.sleep(time.Second)
		}
	}
}

// tryWrite is one read and check-and-set. It returns the seq of the
// record once the record asks for r (an earlier attempt may have landed
// with its answer lost), 0 when it does not yet.
func (w *world) tryWrite(ctx context.Context, kv *actorKV, r releaseSpec) (int, error) {
	cur, index, live, err := readState(ctx, kv)
	if err != nil {
		return 0, err
	}
	if cur != nil && fleet.TargetOf(cur) == r.Target() {
		return cur.Seq, nil
	}
	now := w.clk.Now()
	want := api.Release{Version: api.ReleaseVersion, Release: r.ID, Artifact: artifact(r.ID), SHA256: digest(r.ID),
		ConfigRev: r.ConfigRev, CreatedAt: now.UTC(), CreatedBy: writerName, MaxInFlight: w.c.MaxInFlight, NoRollback: r.NoRollback}
	next, _ := fleet.Successor(cur, want, live, now)
	data, err := api.Encode(next)
	if err != nil {
		return 0, err
	}
	if ok, err := kv.CAS(ctx, api.KeyDeploy(svc), data, index); !ok {
		return 0, err
	}
	return next.Seq, nil
}
