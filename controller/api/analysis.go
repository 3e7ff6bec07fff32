package api

import "time"

// Analysis compares green with blue while both take traffic: every
// Interval the controller reads each target group's requests, 5xx answers
// and latency percentile from CloudWatch and a pure judge gives a verdict
// (pass, fail or inconclusive). FailureLimit failing verdicts in a row
// revert the rollout; a step does not move on while its latest verdict is
// inconclusive, for at most InconclusiveLimit extra intervals, after which
// OnInconclusive decides. At least one of ErrorRate and Latency is set.
type Analysis struct {
	// Interval is how often a verdict is given, over the interval just
	// past; default 1m (the resolution of the load balancer's metrics in
	// CloudWatch). A CloudWatch period: 10s, 20s, 30s or whole minutes up
	// to 10m (sub-minute intervals only see data where metrics have a finer
	// resolution than the load balancer's one minute).
	Interval Duration `json:"interval,omitempty"`
	// MinRequests each target group must have served in an interval for a
	// verdict other than inconclusive; default 200.
	MinRequests       int             `json:"min_requests,omitempty"`
	ErrorRate         *ErrorRateCheck `json:"error_rate,omitempty"`
	Latency           *LatencyCheck   `json:"latency,omitempty"`
	FailureLimit      int             `json:"failure_limit,omitempty"`      // default 2
	InconclusiveLimit int             `json:"inconclusive_limit,omitempty"` // default 3
	// OnInconclusive is what happens when a step stayed inconclusive for
	// InconclusiveLimit intervals: "continue" (the default: low traffic
	// does not block a rollout; the record says so) or "revert".
	OnInconclusive string `json:"on_inconclusive,omitempty"`
}

// ErrorRateCheck fails green when its 5xx rate is above blue's by more
// than Margin, with a one-sided test at Confidence.
type ErrorRateCheck struct {
	// Confidence of the one-sided test; default 0.99, between 0.5 and
	// 0.9999.
	Confidence float64 `json:"confidence,omitempty"`
	// Margin is how much higher green's error rate may be before the test
	// applies (an absolute fraction: 0.001 is a tenth of a percentage
	// point); default 0, at most 0.5.
	Margin float64 `json:"margin,omitempty"`
}

// LatencyCheck fails green when its latency percentile is above
// MaxRatio × blue's plus Slack.
type LatencyCheck struct {
	Percentile float64  `json:"percentile,omitempty"` // default 99, in (0, 100)
	MaxRatio   float64  `json:"max_ratio,omitempty"`  // default 1.5, at least 1
	Slack      Duration `json:"slack,omitempty"`      // default 20ms
}

// Analysis settings.
const (
	OnInconclusiveContinue = "continue"
	OnInconclusiveRevert   = "revert"

	DefaultAnalysisInterval  = time.Minute
	MinAnalysisInterval      = 10 * time.Second
	MaxAnalysisInterval      = 10 * time.Minute
	DefaultMinRequests       = 200
	DefaultFailureLimit      = 2
	DefaultInconclusiveLimit = 3
	DefaultConfidence        = 0.99
	DefaultPercentile        = 99
	DefaultMaxRatio          = 1.5
	DefaultLatencySlack      = 20 * time.Millisecond
	// MaxVerdicts bounds the verdicts a rollout record keeps (the latest).
	MaxVerdicts = 30
)

// Verdict results.
const (
	VerdictPass         = "pass"
	VerdictFail         = "fail"
	VerdictInconclusive = "inconclusive"
)

// MetricSample is what one target group served in an analysis window.
type MetricSample struct {
	Requests int64 `json:"requests"`
	Errors   int64 `json:"errors"` // answers with a 5xx status from the targets
	// LatencyMs is the latency percentile in milliseconds; nil when
	// CloudWatch had no datapoint.
	LatencyMs *float64 `json:"latency_ms,omitempty"`
}

// Verdict is the judge's answer for one window, with its numbers.
type Verdict struct {
	Step   int          `json:"step"`
	From   time.Time    `json:"from"`
	To     time.Time    `json:"to"`
	Result string       `json:"result"`
	Reason string       `json:"reason"`
	Blue   MetricSample `json:"blue"`
	Green  MetricSample `json:"green"`
	// PValue is the error-rate test's p-value; LatencyRatio is green's
	// percentile over blue's. Nil when not computed.
	PValue       *float64 `json:"p_value,omitempty"`
	LatencyRatio *float64 `json:"latency_ratio,omitempty"`
}

// AnalysisRecord is a rollout's analysis so far.
type AnalysisRecord struct {
	Verdicts []Verdict `json:"verdicts,omitempty"` // the latest MaxVerdicts, oldest first
	// Failures counts failing verdicts in a row; Inconclusive counts the
	// inconclusive verdicts of the current step once its pause was over.
	Failures     int `json:"failures,omitempty"`
	Inconclusive int `json:"inconclusive,omitempty"`
}

// AnalysisWithDefaults returns a copy of a with every unset field
// defaulted (nil stays nil).
func AnalysisWithDefaults(a *Analysis) *Analysis {
	if a == nil {
		return nil
	}
	out := *a
	if out.Interval == 0 {
		out.Interval = Duration(DefaultAnalysisInterval)
	}
	if out.MinRequests == 0 {
		out.MinRequests = DefaultMinRequests
	}
	if out.FailureLimit == 0 {
		out.FailureLimit = DefaultFailureLimit
	}
	if out.InconclusiveLimit == 0 {
		out.InconclusiveLimit = DefaultInconclusiveLimit
	}
	if out.OnInconclusive == "" {
		out.OnInconclusive = OnInconclusiveContinue
	}
	if a.ErrorRate != nil {
		e := *a.ErrorRate
		if e.Confidence == 0 {
			e.Confidence = DefaultConfidence
		}
		out.ErrorRate = &e
	}
	if a.Latency != nil {
		l := *a.Latency
		if l.Percentile == 0 {
			l.Percentile = DefaultPercentile
		}
		if l.MaxRatio == 0 {
			l.MaxRatio = DefaultMaxRatio
		}
		if l.Slack == 0 {
			l.Slack = Duration(DefaultLatencySlack)
		}
		out.Latency = &l
	}
	return &out
}
