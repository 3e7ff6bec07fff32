package fleet

import (
	"strconv"

	"github.com/asgctl/asgctl/controller/api"
)

// Target is what a box's processes run: a release and a config revision.
// The zero Target is nothing.
type Target struct {
	Release   string
	ConfigRev int
}

// IsZero reports whether t names nothing.
func (t Target) IsZero() bool { return t.Release == "" }

// String is "release@config_rev", for messages.
func (t Target) String() string {
	if t.IsZero() {
		return "nothing"
	}
	return t.Release + "@" + strconv.Itoa(t.ConfigRev)
}

// TargetOf is the target a release record asks for.
func TargetOf(r *api.Release) Target { return Target{Release: r.Release, ConfigRev: r.ConfigRev} }

// RefTarget is the target a release reference names.
func RefTarget(r api.ReleaseRef) Target { return Target{Release: r.Release, ConfigRev: r.ConfigRev} }

// lastGood is the record's last good target, zero when it has none.
func lastGood(r *api.Release) Target {
	if r.LastGood == nil {
		return Target{}
	}
	return RefTarget(*r.LastGood)
}
