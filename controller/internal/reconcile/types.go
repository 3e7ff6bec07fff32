package reconcile

import (
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/scaling"
)

// Observed is a normalised, sorted snapshot of one service as AWS and the
// store show it. Fields that were not fetched this pass say so (Known flags),
// so Decide never mistakes "not looked at" for "absent".
type Observed struct {
	Service string `json:"service"`
	// Rollout is the current or last rollout record; nil when none exists.
	Rollout      *api.Rollout `json:"rollout,omitempty"`
	RolloutIndex uint64       `json:"rollout_index"`
	// HistorySeq is the highest seq written to history (0 when none).
	HistorySeq int `json:"history_seq"`

	GroupsKnown bool    `json:"groups_known"`
	Groups      []Group `json:"groups,omitempty"` // asgctl:service-tagged groups, sorted by Seq then Name

	WeightsKnown bool           `json:"weights_known"`
	Weights      map[string]int `json:"weights,omitempty"` // listener (or rule) forward weights by target group ARN

	// Health has an entry for every target group whose health was fetched.
	Health map[string]TargetHealth `json:"health,omitempty"`

	AlarmsKnown bool              `json:"alarms_known"`
	Alarms      map[string]string `json:"alarms,omitempty"` // alarm name -> "OK" | "ALARM" | "INSUFFICIENT_DATA"; a missing name does not exist
	// AlarmsError says why the alarms could not be read for good (access
	// denied); a gate fails on it. Passing errors fail the pass instead.
	AlarmsError string `json:"alarms_error,omitempty"`

	// Scaling has an entry for every group whose scaling policies and
	// scheduled actions were read this pass.
	Scaling map[string]GroupScaling `json:"scaling,omitempty"`

	// DefaultVersion is the spec's launch template's default version
	// number, when DefaultVersionKnown.
	DefaultVersionKnown bool  `json:"default_version_known"`
	DefaultVersion      int64 `json:"default_version,omitempty"`

	LaunchTemplatesKnown bool        `json:"launch_templates_known"`
	LaunchTemplates      []LTVersion `json:"launch_templates,omitempty"` // versions of the spec's template, newest first

	// TestWeights are the test listener's (or test rule's) forward
	// weights, when TestWeightsKnown.
	TestWeightsKnown bool           `json:"test_weights_known"`
	TestWeights      map[string]int `json:"test_weights,omitempty"`

	// Checks are the verify hook results stored for the service's latest
	// rollout that ran any, when ChecksKnown (nil: none stored).
	ChecksKnown bool             `json:"checks_known"`
	Checks      *api.HookResults `json:"checks,omitempty"`

	// Metrics is what both target groups served in the analysis window
	// observe read (AnalysisWindow); nil when none was read.
	Metrics *MetricWindow `json:"metrics,omitempty"`
}

// MetricWindow is one analysis window's metrics, by target group ARN.
type MetricWindow struct {
	From    time.Time                   `json:"from"`
	To      time.Time                   `json:"to"`
	Samples map[string]api.MetricSample `json:"samples"`
}

// Group is one Auto Scaling group as far as a rollout cares.
type Group struct {
	Name                  string       `json:"name"`
	Seq                   int          `json:"seq"`
	RolloutID             string       `json:"rollout_id"`
	AMI                   string       `json:"ami"`
	LaunchTemplateVersion string       `json:"launch_template_version"`
	SourceVersion         int64        `json:"source_version,omitempty"` // asgctl:source-version tag; 0 when untagged
	LaunchDigest          string       `json:"launch_digest,omitempty"`  // asgctl:launch tag
	Capacity              api.Capacity `json:"capacity"`
	Instances             int          `json:"instances"`  // all instances in the group, any state
	InService             int          `json:"in_service"` // lifecycle InService and health Healthy
	TargetGroups          []string     `json:"target_groups,omitempty"`
	Suspended             []string     `json:"suspended,omitempty"` // suspended process names, sorted
	Deleting              bool         `json:"deleting,omitempty"`  // status "Delete in progress"
}

// GroupScaling is what a group carries of scaling policies and scheduled
// actions: the fingerprint of its canonical form (scaling.Config), and
// what on it the spec cannot express.
type GroupScaling struct {
	Fingerprint string   `json:"fingerprint"`
	Foreign     []string `json:"foreign,omitempty"`
}

// TargetHealth counts a target group's targets by ALB state.
type TargetHealth struct {
	Healthy   int `json:"healthy"`
	Initial   int `json:"initial"`
	Unhealthy int `json:"unhealthy"`
	Draining  int `json:"draining"`
	Unused    int `json:"unused"`
}

// Total is the number of registered targets.
func (h TargetHealth) Total() int {
	return h.Healthy + h.Initial + h.Unhealthy + h.Draining + h.Unused
}

// LTVersion is one launch template version.
type LTVersion struct {
	Number      int64  `json:"number"`
	ImageID     string `json:"image_id"`
	Description string `json:"description"`
}

// Desired is what the service should look like: its spec (defaults applied),
// the latest request, and the loop's tuning.
type Desired struct {
	Spec    api.ServiceSpec `json:"spec"`
	Request *api.Desired    `json:"request,omitempty"`
	Tuning  Tuning          `json:"tuning"`
}

// Tuning holds the poll intervals and budgets Decide uses for RequeueAfter and
// for giving up. Zero fields take DefaultTuning's values.
type Tuning struct {
	FastPoll time.Duration `json:"fast_poll"` // while waiting on AWS (launch, health, read-back)
	// BootPoll is how often green is looked at while none of its instances
	// is InService yet. A new target needs at least one health check
	// interval after it registers (5 s at the ALB's shortest) to become
	// healthy, so looking less often than that during boot delays nothing.
	BootPoll     time.Duration `json:"boot_poll"`
	PausePoll    time.Duration `json:"pause_poll"`    // during step pauses (alarm and health gate)
	IdlePoll     time.Duration `json:"idle_poll"`     // nothing in progress
	RevertBudget time.Duration `json:"revert_budget"` // a revert that takes longer ends "failed"
	// ReadBackPoll is how soon after a step's weight write the next pass
	// reads them back (the executor has already read them back once);
	// when the read still shows the old weights, later passes come every
	// FastPoll.
	ReadBackPoll time.Duration `json:"read_back_poll"`
	// ReadBackDelay is how long after a weight change a describe may still
	// show the weights from before it.
	ReadBackDelay time.Duration `json:"read_back_delay"`
	// MetricsDelay is how long after a minute CloudWatch has the load
	// balancer's metrics of it complete: an analysis window ends at least
	// this long before now. Negative means none (a simulated cloud that
	// has them at once).
	MetricsDelay time.Duration `json:"metrics_delay"`
}

// Needs says what observe must fetch for the next Decide.
type Needs struct {
	Groups          bool     `json:"groups"`
	Weights         bool     `json:"weights"`
	Health          []string `json:"health,omitempty"` // target group ARNs
	Alarms          bool     `json:"alarms"`
	LaunchTemplates bool     `json:"launch_templates"`
	DefaultVersion  bool     `json:"default_version"`
	Scaling         []string `json:"scaling,omitempty"` // group names
	TestWeights     bool     `json:"test_weights"`      // the test listener's forward
	Checks          bool     `json:"checks"`            // the stored verify hook results
	Metrics         bool     `json:"metrics"`           // the analysis window's metrics (when one is due)
}

// Plan is Decide's answer: the phase it sees, why, what to do, and when to
// look again.
type Plan struct {
	Phase        api.Phase     `json:"phase"`
	Reason       string        `json:"reason,omitempty"`
	Actions      []Action      `json:"actions,omitempty"`
	RequeueAfter time.Duration `json:"requeue_after"`
}

// ActionKind names an action.
type ActionKind string

// Action kinds, in the order an executor applies them within a plan: record
// first (intent), AWS changes next, deletes last.
const (
	ActWriteRollout     ActionKind = "write_rollout"
	ActAppendHistory    ActionKind = "append_history"
	ActCreateLTVersion  ActionKind = "create_launch_template_version"
	ActCreateGroup      ActionKind = "create_group"
	ActUpdateCapacity   ActionKind = "update_capacity"
	ActSuspendProcesses ActionKind = "suspend_processes"
	ActResumeProcesses  ActionKind = "resume_processes"
	ActPutScaling       ActionKind = "put_scaling"
	ActSetWeights       ActionKind = "set_weights"
	ActRunHook          ActionKind = "run_hook"
	ActDeleteGroup      ActionKind = "delete_group"
)

// Action is one step of a plan, carrying everything its executor needs and
// its precondition. Only the fields of its Kind are set:
//
//   - write_rollout: Rollout, ExpectIndex (KV check-and-set; 0 = create)
//   - append_history: Rollout (idempotent by seq)
//   - create_launch_template_version: LaunchTemplateID, SourceVersion
//     (a version number; empty: the default), AMI, Description
//   - create_group: Group, RolloutID, Seq, AMI, LaunchTemplateID,
//     LaunchTemplateVersion, Capacity, Subnets, TargetGroup, Tags,
//     HealthCheckGracePeriod, InstanceWarmup, LifecycleHook. An existing group whose tags name
//     the same rollout is adopted; any other existing group is a conflict.
//   - update_capacity: Group, Capacity, ExpectCapacity (skip when already at
//     Capacity; conflict when neither)
//   - suspend_processes / resume_processes: Group, Processes
//   - set_weights: Listener, Rule (optional), Weights, ExpectWeights (skip when
//     already at Weights; conflict when neither); read back after writing
//   - put_scaling: Group, Scaling (what the group must carry, exactly:
//     missing or changed policies and actions are put, others deleted)
//   - run_hook: Rollout, Stage, Hook, BaseURL (the spec's verify.base_url),
//     Listener and Rule (the test listener, for relative URLs when
//     BaseURL is empty); the result is stored at api.KeyChecks unless
//     the run was interrupted
//   - delete_group: Group, Service (the group's asgctl:service tag must match)
type Action struct {
	Kind ActionKind `json:"kind"`

	Rollout     *api.Rollout `json:"rollout,omitempty"`
	ExpectIndex uint64       `json:"expect_index,omitempty"`

	Group                  string            `json:"group,omitempty"`
	Service                string            `json:"service,omitempty"`
	RolloutID              string            `json:"rollout_id,omitempty"`
	Seq                    int               `json:"seq,omitempty"`
	AMI                    string            `json:"ami,omitempty"`
	LaunchTemplateID       string            `json:"launch_template_id,omitempty"`
	LaunchTemplateVersion  string            `json:"launch_template_version,omitempty"`
	SourceVersion          string            `json:"source_version,omitempty"`
	Description            string            `json:"description,omitempty"`
	Capacity               *api.Capacity     `json:"capacity,omitempty"`
	ExpectCapacity         *api.Capacity     `json:"expect_capacity,omitempty"`
	Subnets                []string          `json:"subnets,omitempty"`
	TargetGroup            string            `json:"target_group,omitempty"`
	Tags                   map[string]string `json:"tags,omitempty"`
	HealthCheckGracePeriod time.Duration     `json:"health_check_grace_period,omitempty"`
	InstanceWarmup         time.Duration     `json:"instance_warmup,omitempty"`
	LifecycleHook          string            `json:"lifecycle_hook,omitempty"`
	Processes              []string          `json:"processes,omitempty"`
	Scaling                *scaling.Config   `json:"scaling,omitempty"`

	Listener      string         `json:"listener,omitempty"`
	Rule          string         `json:"rule,omitempty"`
	Weights       map[string]int `json:"weights,omitempty"`
	ExpectWeights map[string]int `json:"expect_weights,omitempty"`

	Stage   string    `json:"stage,omitempty"`
	Hook    *api.Hook `json:"hook,omitempty"`
	BaseURL string    `json:"base_url,omitempty"`
}

// RolloutProcesses are the scaling processes suspended on both groups while a
// rollout runs, because they would fight it; they are resumed on every exit.
var RolloutProcesses = []string{"AZRebalance", "AlarmNotification", "ScheduledActions"}
