package fleet

import (
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

var t0 = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

// rel is a valid record of release id at config rev 0, seq 1.
func rel(id string) *api.Release {
	return &api.Release{Version: 1, Release: id, Artifact: "s3://b/web/" + id + ".tar.gz",
		SHA256: digest(id), ConfigRev: 0, CreatedAt: t0, Seq: 1}
}

// withGood returns r with last good set to good's reference.
func withGood(r, good *api.Release) *api.Release {
	ref := good.Ref()
	r.LastGood = &ref
	return r
}

func halted(r *api.Release) *api.Release {
	r.Halt = &api.Halt{InstanceID: "i-bad", Error: "process 0: health failed", At: t0}
	return r
}

func report(id, state, release string) api.AgentReport {
	return api.AgentReport{Version: 1, Service: "web", InstanceID: id, State: state, Release: release, UpdatedAt: t0}
}

func tgt(id string) Target { return Target{Release: id} }

// digest is a distinct sha256 per release id.
func digest(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}
