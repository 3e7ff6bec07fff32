package scaling

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"reflect"

	"github.com/asgctl/asgctl/controller/api"
)

// Config is the canonical, comparable form of the scaling configuration of
// one group: its policies and scheduled actions sorted by name, the
// defaults AWS fills in removed, durations in whole seconds. Want and Have
// both return it in canonical form; Equal and Fingerprint canonicalise
// their own copy, so a Config built by hand compares the same way.
type Config struct {
	// Group is the Auto Scaling group the configuration belongs to; the
	// "{group}" dimension placeholder stands for it.
	Group string `json:"group"`
	// Policies are the policies the spec can express.
	Policies []Policy `json:"policies,omitempty"`
	// Actions are the recurring scheduled actions. A TimeZone naming UTC
	// is canonically empty.
	Actions []api.ScheduledAction `json:"actions,omitempty"`
	// ForeignPolicies and ForeignActions are what the group carries in a
	// form the spec cannot express (Have says why). Diff deletes them, or
	// replaces them when the spec wants one of the same name.
	ForeignPolicies []Foreign `json:"foreign_policies,omitempty"`
	ForeignActions  []string  `json:"foreign_actions,omitempty"`
}

// Policy is a spec policy as one group carries it: the "{group}"
// placeholder already replaced by the group's name in every dimension.
type Policy struct {
	api.ScalingPolicy
	// ResourceLabel is the ALBRequestCountPerTarget label
	// (app/<lb>/<id>/targetgroup/<tg>/<id>); empty for other metrics.
	ResourceLabel string `json:"resource_label,omitempty"`
	// AlarmName is the CloudWatch alarm that triggers a step or simple
	// policy; empty for target tracking, whose alarms AWS manages.
	AlarmName string `json:"alarm_name,omitempty"`
}

// Foreign names a policy or scheduled action the spec cannot express.
type Foreign struct {
	Name string `json:"name"`
	// Alarms are the alarms of a step or simple policy that trigger only
	// it, deleted with it. Alarms that do more are left alone.
	Alarms []string `json:"alarms,omitempty"`
}

// Equal reports whether c and o describe the same configuration of the
// same group. Order does not matter, nor does anything canonicalisation
// removes (an empty map or slice against nil, a UTC time zone against
// none, fractions of a second in a cooldown).
func (c Config) Equal(o Config) bool {
	return reflect.DeepEqual(canonConfig(c), canonConfig(o))
}

// Fingerprint is the hex SHA-256 of the canonical JSON of c: equal configs
// have equal fingerprints, whatever the order they were built in. It is
// empty when c holds a NaN or infinite number, which Want and Have never
// produce.
func (c Config) Fingerprint() string {
	b, err := json.Marshal(canonConfig(c))
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
