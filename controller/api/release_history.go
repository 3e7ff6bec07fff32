package api

import "time"

// Release phases, derived from the record and the live agent reports
// (never stored): see the fleet package.
const (
	ReleaseRolling    = "rolling"
	ReleaseHalted     = "halted"
	ReleaseRolledBack = "rolled_back"
	ReleaseComplete   = "complete"
	// ReleaseSuperseded ends a record replaced while still rolling.
	ReleaseSuperseded = "superseded"
)

// ReleaseHistoryVersion is the only history entry version this build knows.
const ReleaseHistoryVersion = 1

// ReleaseHistory is one finished release record, at
// KeyReleaseHistory(svc, seq): the record as it last stood and how it
// ended (complete, rolled_back, halted or superseded).
type ReleaseHistory struct {
	Version    int       `json:"version"`
	Record     Release   `json:"record"`
	Outcome    string    `json:"outcome"`
	FinishedAt time.Time `json:"finished_at"`
}

var releaseOutcomes = map[string]bool{ReleaseComplete: true, ReleaseRolledBack: true, ReleaseHalted: true, ReleaseSuperseded: true}

// Validate reports every problem with the entry at once.
func (h *ReleaseHistory) Validate() error {
	var p problems
	if h.Version != ReleaseHistoryVersion {
		p.add("version", "must be %d", ReleaseHistoryVersion)
	}
	if !releaseOutcomes[h.Outcome] {
		p.add("outcome", "must be complete, rolled_back, halted or superseded, not %q", h.Outcome)
	}
	if h.FinishedAt.IsZero() {
		p.add("finished_at", "is required")
	}
	if err := h.Record.Validate(); err != nil {
		p.add("record", "%v", err)
	}
	return p.err("release history entry")
}

// DecodeReleaseHistory decodes and validates a history entry strictly.
func DecodeReleaseHistory(data []byte) (*ReleaseHistory, error) {
	var h ReleaseHistory
	if err := decodeValid("release history entry", data, &h); err != nil {
		return nil, err
	}
	return &h, nil
}

// ReleaseIDVersion is the only release id record version this build knows.
const ReleaseIDVersion = 1

// ReleaseID records, at KeyReleaseID(svc, id), the one artifact a release
// id names. It is written once (check-and-set on absence) and never
// changed, so an id cannot come to mean other bits.
type ReleaseID struct {
	Version   int       `json:"version"`
	Release   string    `json:"release"`
	Artifact  string    `json:"artifact"`
	SHA256    string    `json:"sha256"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by,omitempty"`
}

// Validate reports every problem with the record at once.
func (r *ReleaseID) Validate() error {
	var p problems
	if r.Version != ReleaseIDVersion {
		p.add("version", "must be %d", ReleaseIDVersion)
	}
	if !releaseIDPattern.MatchString(r.Release) {
		p.add("release", "must be a release id")
	}
	if !validArtifactURL(r.Artifact) {
		p.add("artifact", "must be an s3://bucket/key URL")
	}
	if !sha256Pattern.MatchString(r.SHA256) {
		p.add("sha256", "must be 64 lowercase hex digits")
	}
	if r.CreatedAt.IsZero() {
		p.add("created_at", "is required")
	}
	return p.err("release id record")
}

// DecodeReleaseID decodes and validates a release id record strictly.
func DecodeReleaseID(data []byte) (*ReleaseID, error) {
	var r ReleaseID
	if err := decodeValid("release id record", data, &r); err != nil {
		return nil, err
	}
	return &r, nil
}
