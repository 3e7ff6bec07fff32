package api

import (
	"regexp"
	"strings"
	"time"
)

// ReleaseVersion is the only Release wire version this build understands.
const ReleaseVersion = 1

// Release is what agents deploy in place, at KeyDeploy(svc): an artifact in
// S3 with its checksum, and the config revision to render. `asgctl release`
// writes it; `asgctl config push` rewrites it with the next ConfigRev.
type Release struct {
	Version   int               `json:"version"`
	Release   string            `json:"release"`             // release id: names releases/<id>/ on the box
	Artifact  string            `json:"artifact"`            // s3://bucket/key
	SHA256    string            `json:"sha256"`              // hex digest of the artifact
	Signature string            `json:"signature,omitempty"` // base64 ed25519 signature of the raw digest
	ConfigRev int               `json:"config_rev"`
	CreatedAt time.Time         `json:"created_at"`
	CreatedBy string            `json:"created_by,omitempty"`
	Metadata  map[string]string `json:"metadata,omitempty"`

	// Fleet fields (all optional; see release_fleet.go).

	// Seq numbers the records of a service's deploys key, one more at each
	// write, so a halt or a history entry names one record exactly.
	Seq int `json:"seq,omitempty"`
	// MaxInFlight paces the release: "N" instances or "P%" of the live
	// ones at a time (empty: DefaultMaxInFlight).
	MaxInFlight string `json:"max_in_flight,omitempty"`
	// NoRollback leaves a halted release halted instead of rolling the
	// fleet back to LastGood.
	NoRollback bool `json:"no_rollback,omitempty"`
	// LastGood is the last release every live instance was ready on: a box
	// that boots while this one is rolling or halted serves it.
	LastGood *ReleaseRef `json:"last_good,omitempty"`
	// Halt is set once an instance failed this record for good.
	Halt *Halt `json:"halt,omitempty"`
	// RollbackOf names the release this record rolls the fleet back from.
	RollbackOf string `json:"rollback_of,omitempty"`
}

var (
	releaseIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`)
	sha256Pattern    = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// Validate reports every problem with the release at once.
func (r *Release) Validate() error {
	var p problems
	if r.Version != ReleaseVersion {
		p.add("version", "must be %d", ReleaseVersion)
	}
	if !releaseIDPattern.MatchString(r.Release) {
		p.add("release", "must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit (it names a directory)")
	}
	if !validArtifactURL(r.Artifact) {
		p.add("artifact", "must be an s3://bucket/key URL")
	}
	if !sha256Pattern.MatchString(r.SHA256) {
		p.add("sha256", "must be 64 lowercase hex digits")
	}
	if r.ConfigRev < 0 {
		p.add("config_rev", "must be 0 or more")
	}
	if r.CreatedAt.IsZero() {
		p.add("created_at", "is required")
	}
	r.validateFleet(&p)
	return p.err("release")
}

// validArtifactURL reports whether u is s3://bucket/key.
func validArtifactURL(u string) bool {
	bucket, key, ok := strings.Cut(strings.TrimPrefix(u, "s3://"), "/")
	return strings.HasPrefix(u, "s3://") && ok && bucket != "" && key != ""
}

// DecodeRelease decodes and validates a Release strictly.
func DecodeRelease(data []byte) (*Release, error) {
	var r Release
	if err := decodeValid("release", data, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// KeyAgentsPrefix is the folder of a service's agent reports.
func KeyAgentsPrefix(svc string) string { return "asgctl/agents/" + svc + "/" }

// KeyAgent is where an instance's agent reports, held by its session.
func KeyAgent(svc, instanceID string) string { return KeyAgentsPrefix(svc) + instanceID }

// KeyGlobalConfigPrefix holds config shared by every service.
const KeyGlobalConfigPrefix = "global/"

// KeyServiceConfigPrefix holds a service's own config (it wins over global).
func KeyServiceConfigPrefix(svc string) string { return svc + "/" }
