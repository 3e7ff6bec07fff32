package releases

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock/clocktest"
	"github.com/asgctl/asgctl/controller/consulkv"
)

var (
	ctx = context.Background()
	t0  = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
)

// newMemory is an empty in-memory Consul on a fake clock.
func newMemory() *consulkv.Memory { return consulkv.NewMemory(clocktest.New(t0)) }

// rel is a valid record of release id (seq 0: Successor numbers it).
func rel(id string) *api.Release {
	return &api.Release{Version: 1, Release: id, Artifact: "s3://b/web/" + id + ".tar.gz", SHA256: digest(id),
		CreatedAt: t0, CreatedBy: "test", MaxInFlight: "1"}
}

// digest is a distinct sha256 per name.
func digest(name string) string {
	sum := sha256.Sum256([]byte(name))
	return hex.EncodeToString(sum[:])
}

// putRecord writes rec to deploys/web unconditionally.
func putRecord(t *testing.T, kv consulkv.KV, rec *api.Release) {
	t.Helper()
	data, err := api.Encode(rec)
	if err != nil {
		t.Fatal(err)
	}
	if err := kv.Put(ctx, api.KeyDeploy("web"), data); err != nil {
		t.Fatal(err)
	}
}

// report holds an agent report for instance id under a new session.
func report(t *testing.T, m *consulkv.Memory, id, state, release string) {
	t.Helper()
	sess, err := m.CreateSession(ctx, "agent "+id, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	data, err := api.Encode(api.AgentReport{Version: 1, Service: "web", InstanceID: id, Release: release, State: state,
		Processes: []api.ProcessReport{}, UpdatedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := m.Acquire(ctx, api.KeyAgent("web", id), data, sess); err != nil || !ok {
		t.Fatalf("report of %s: %v %v", id, ok, err)
	}
}

// mustRead reads the state of "web".
func mustRead(t *testing.T, kv consulkv.KV) State {
	t.Helper()
	st, err := Read(ctx, kv, "web")
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// historyKeys lists the history keys of "web".
func keysUnder(t *testing.T, kv consulkv.KV, prefix string) []string {
	t.Helper()
	entries, _, err := kv.List(ctx, prefix, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Key)
	}
	return out
}
