package api

// ScalingPolicy is one Auto Scaling policy the controller keeps on the live
// group (and puts on every group it launches). Exactly one of
// TargetTracking, Step and Simple is set.
type ScalingPolicy struct {
	Name           string          `json:"name"`
	TargetTracking *TargetTracking `json:"target_tracking,omitempty"`
	Step           *StepScaling    `json:"step,omitempty"`
	Simple         *SimpleScaling  `json:"simple,omitempty"`
}

// Predefined target-tracking metrics. For ALBRequestCountPerTarget the
// resource label is built for each group from its own target group.
const (
	MetricCPU             = "ASGAverageCPUUtilization"
	MetricNetworkIn       = "ASGAverageNetworkIn"
	MetricNetworkOut      = "ASGAverageNetworkOut"
	MetricRequestsPerTarg = "ALBRequestCountPerTarget"
)

// PredefinedMetrics lists the predefined target-tracking metrics a spec may
// name.
var PredefinedMetrics = []string{MetricCPU, MetricNetworkIn, MetricNetworkOut, MetricRequestsPerTarg}

// TargetTracking keeps a metric near Target. Metric names a predefined
// metric; CustomMetric names any CloudWatch metric instead (one of the two).
type TargetTracking struct {
	Metric         string        `json:"metric,omitempty"`
	CustomMetric   *CustomMetric `json:"custom_metric,omitempty"`
	Target         float64       `json:"target"`
	DisableScaleIn bool          `json:"disable_scale_in,omitempty"`
}

// CustomMetric is a CloudWatch metric. A dimension value "{group}" is
// replaced by the name of the group the policy or alarm is put on.
type CustomMetric struct {
	Namespace  string            `json:"namespace"`
	Name       string            `json:"name"`
	Dimensions map[string]string `json:"dimensions,omitempty"`
	Statistic  string            `json:"statistic"` // Average, Minimum, Maximum, SampleCount, Sum
	Unit       string            `json:"unit,omitempty"`
}

// GroupPlaceholder in a metric dimension value stands for the group's name.
const GroupPlaceholder = "{group}"

// StepScaling changes capacity by the step whose bounds contain the alarm
// metric's distance from the alarm threshold. Alarm is created by the
// controller for every group, pointing at that group's policy.
type StepScaling struct {
	AdjustmentType         string        `json:"adjustment_type"` // ChangeInCapacity, PercentChangeInCapacity, ExactCapacity
	Steps                  []ScalingStep `json:"steps"`
	MinAdjustmentMagnitude int           `json:"min_adjustment_magnitude,omitempty"`
	Alarm                  MetricAlarm   `json:"alarm"`
}

// ScalingStep is one step of a step policy: Lower and Upper bound the
// metric's distance above (positive) or below the threshold; nil is
// unbounded.
type ScalingStep struct {
	Lower      *float64 `json:"lower,omitempty"`
	Upper      *float64 `json:"upper,omitempty"`
	Adjustment int      `json:"adjustment"`
}

// SimpleScaling changes capacity by Adjustment when Alarm fires, then waits
// Cooldown.
type SimpleScaling struct {
	AdjustmentType string      `json:"adjustment_type"`
	Adjustment     int         `json:"adjustment"`
	Cooldown       Duration    `json:"cooldown,omitempty"`
	Alarm          MetricAlarm `json:"alarm"`
}

// MetricAlarm is the CloudWatch alarm that triggers a step or simple
// policy. The controller names it "<group>-<policy>" and deletes it with
// the group.
type MetricAlarm struct {
	Metric            CustomMetric `json:"metric"`
	Comparison        string       `json:"comparison"` // GreaterThanThreshold, GreaterThanOrEqualToThreshold, LessThanThreshold, LessThanOrEqualToThreshold
	Threshold         float64      `json:"threshold"`
	Period            Duration     `json:"period"` // a multiple of 60s, or 10s/30s
	EvaluationPeriods int          `json:"evaluation_periods"`
}

// ScheduledAction sets a group's capacity on a cron schedule. Min, Max and
// Desired are each optional (nil leaves that bound alone) but at least one
// is set.
type ScheduledAction struct {
	Name       string `json:"name"`
	Recurrence string `json:"recurrence"`          // five-field cron, UTC unless TimeZone
	TimeZone   string `json:"time_zone,omitempty"` // IANA name, e.g. Europe/Berlin
	Min        *int   `json:"min,omitempty"`
	Max        *int   `json:"max,omitempty"`
	Desired    *int   `json:"desired,omitempty"`
}

// How a rollout gate reads an alarm in INSUFFICIENT_DATA.
const (
	InsufficientDataOK    = "ok"    // treated as OK (the default)
	InsufficientDataAlarm = "alarm" // treated as ALARM: the gate fails
)
