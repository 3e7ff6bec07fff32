package releases

import (
	"context"
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// State is what a release decision is made on: the record with the
// ModifyIndex to check-and-set on (nil and 0 when there is none) and the
// live agent reports.
type State struct {
	Record *api.Release
	Index  uint64
	Live   []api.AgentReport
	// Skipped names the agent reports left out because they do not
	// decode (nil when none were).
	Skipped error
}

// Read reads svc's record with a consistent read, then its live agent
// reports. The record comes first: a report read after it is at least as
// new, so a phase derived from the two never runs ahead of the record.
func Read(ctx context.Context, kv consulkv.KV, svc string) (State, error) {
	rec, index, err := ReadRecord(ctx, kv, svc)
	if err != nil {
		return State{}, err
	}
	live, skipped, err := ReadLive(ctx, kv, svc)
	if err != nil {
		return State{}, err
	}
	return State{Record: rec, Index: index, Live: live, Skipped: skipped}, nil
}

// ReadRecord reads deploys/<svc> with a consistent read: the record and
// its ModifyIndex, or nil and 0 when there is none.
func ReadRecord(ctx context.Context, kv consulkv.KV, svc string) (*api.Release, uint64, error) {
	return consulkv.ReadRelease(ctx, kv, svc)
}

// ReadLive reads the agent reports of svc a session still holds (an agent
// that stopped or died is left out). skipped names the reports that do
// not decode, which are left out too.
func ReadLive(ctx context.Context, kv consulkv.KV, svc string) (live []api.AgentReport, skipped, err error) {
	prefix := api.KeyAgentsPrefix(svc)
	entries, _, err := kv.List(ctx, prefix, &consulkv.QueryOptions{Consistent: true})
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", prefix, err)
	}
	live, skipped = consulkv.LiveAgentReports(entries)
	return live, skipped, nil
}
