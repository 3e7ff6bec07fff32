package api

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DefaultMaxInFlight is the pacing of a release record that names none: a
// quarter of the live instances (at least one) roll at a time.
const DefaultMaxInFlight = "25%"

// ReleaseRef names one release exactly: its id, artifact, digest,
// signature and config revision. The fleet's last good release is one.
type ReleaseRef struct {
	Release   string `json:"release"`
	Artifact  string `json:"artifact"`
	SHA256    string `json:"sha256"`
	Signature string `json:"signature,omitempty"`
	ConfigRev int    `json:"config_rev"`
}

// Ref is r as a ReleaseRef.
func (r *Release) Ref() ReleaseRef {
	return ReleaseRef{Release: r.Release, Artifact: r.Artifact, SHA256: r.SHA256, Signature: r.Signature, ConfigRev: r.ConfigRev}
}

// Halt is a release stopped by a final failure on one instance: no other
// instance starts it. The agent that failed records it with check-and-set.
type Halt struct {
	InstanceID string    `json:"instance_id"`
	Error      string    `json:"error"`
	At         time.Time `json:"at"`
}

// MaxInFlight is a parsed pacing limit: a count, or a percentage of the
// live instances.
type MaxInFlight struct {
	Count   int // > 0 for "N"
	Percent int // > 0 for "P%"
}

// ParseMaxInFlight reads "N" (1 or more instances) or "P%" (1-100 percent
// of the live instances); "" is DefaultMaxInFlight.
func ParseMaxInFlight(s string) (MaxInFlight, error) {
	if s == "" {
		s = DefaultMaxInFlight
	}
	if p, ok := strings.CutSuffix(s, "%"); ok {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 100 {
			return MaxInFlight{}, fmt.Errorf("%q: a percentage must be 1%%-100%%", s)
		}
		return MaxInFlight{Percent: n}, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return MaxInFlight{}, fmt.Errorf("%q: give a number of instances (1 or more) or a percentage such as 25%%", s)
	}
	return MaxInFlight{Count: n}, nil
}

// Limit is how many of fleet live instances may roll at once: never less
// than one, so a release always moves.
func (m MaxInFlight) Limit(fleet int) int {
	n := m.Count
	if m.Percent > 0 {
		n = fleet * m.Percent / 100
	}
	return max(n, 1)
}

// String is the form ParseMaxInFlight reads.
func (m MaxInFlight) String() string {
	if m.Percent > 0 {
		return strconv.Itoa(m.Percent) + "%"
	}
	return strconv.Itoa(m.Count)
}

// validateFleet checks the fleet fields of a release record.
func (r *Release) validateFleet(p *problems) {
	if r.Seq < 0 {
		p.add("seq", "must be 0 or more")
	}
	if _, err := ParseMaxInFlight(r.MaxInFlight); err != nil {
		p.add("max_in_flight", "%v", err)
	}
	if g := r.LastGood; g != nil {
		if !releaseIDPattern.MatchString(g.Release) {
			p.add("last_good.release", "must be a release id")
		}
		if !sha256Pattern.MatchString(g.SHA256) {
			p.add("last_good.sha256", "must be 64 lowercase hex digits")
		}
		if !validArtifactURL(g.Artifact) {
			p.add("last_good.artifact", "must be an s3://bucket/key URL")
		}
	}
	if h := r.Halt; h != nil {
		if h.InstanceID == "" {
			p.add("halt.instance_id", "is required")
		}
		if h.At.IsZero() {
			p.add("halt.at", "is required")
		}
	}
	if r.RollbackOf != "" && !releaseIDPattern.MatchString(r.RollbackOf) {
		p.add("rollback_of", "must be a release id")
	}
}
