package fleetsim

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/fleet"
)

// readState reads the record (consistently, with the ModifyIndex to
// check-and-set on; nil and 0 when there is none) and then the live agent
// reports, as the CLI and the controller do.
func readState(ctx context.Context, kv consulkv.KV) (*api.Release, uint64, []api.AgentReport, error) {
	key := api.KeyDeploy(svc)
	e, _, err := kv.Get(ctx, key, &consulkv.QueryOptions{Consistent: true})
	if err != nil {
		return nil, 0, nil, fmt.Errorf("read %s: %w", key, err)
	}
	var rec *api.Release
	var index uint64
	if e != nil {
		if rec, err = api.DecodeRelease(e.Value); err != nil {
			return nil, 0, nil, fmt.Errorf("read %s: %w", key, err)
		}
		index = e.ModifyIndex
	}
	entries, _, err := kv.List(ctx, api.KeyAgentsPrefix(svc), &consulkv.QueryOptions{Consistent: true})
	if err != nil {
		return nil, 0, nil, fmt.Errorf("read the agent reports: %w", err)
	}
	live, err := consulkv.LiveAgentReports(entries)
	if err != nil {
		return nil, 0, nil, fmt.Errorf("read the agent reports: %w", err)
	}
	return rec, index, live, nil
}

// canonical is a record's encoding, to compare two records by content
// ("" for none).
func canonical(rec *api.Release) string {
	if rec == nil {
		return ""
	}
	b, err := api.Encode(rec)
	if err != nil {
		return fmt.Sprintf("unencodable record: %v", err)
	}
	return string(b)
}

// artifact and digest name a release's artifact.
func artifact(id string) string { return "s3://fleetsim-artifacts/web/" + id + ".tar.gz" }

func digest(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}

// lastGood is rec's last good target (zero: none).
func lastGood(rec *api.Release) fleet.Target {
	if rec == nil || rec.LastGood == nil {
		return fleet.Target{}
	}
	return fleet.RefTarget(*rec.LastGood)
}

// describe is a record in a few words, for the trace.
func describe(rec *api.Release) string {
	s := fmt.Sprintf("seq %d %s (last good %s, max_in_flight %q", rec.Seq, fleet.TargetOf(rec), lastGood(rec), rec.MaxInFlight)
	if rec.NoRollback {
		s += ", no_rollback"
	}
	if rec.RollbackOf != "" {
		s += ", rolls back " + rec.RollbackOf
	}
	if rec.Halt != nil {
		s += ", halted by " + rec.Halt.InstanceID
	}
	return s + ")"
}
