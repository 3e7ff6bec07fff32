package reconcile

import "time"

// DefaultTuning is used for any zero Tuning field.
var DefaultTuning = Tuning{
	FastPoll:      2 * time.Second,
	BootPoll:      5 * time.Second,
	PausePoll:     10 * time.Second,
	IdlePoll:      5 * time.Minute,
	RevertBudget:  15 * time.Minute,
	ReadBackDelay: 10 * time.Second,
	ReadBackPoll:  250 * time.Millisecond,
	MetricsDelay:  time.Minute,
}

// WithDefaults fills zero fields from DefaultTuning.
func (t Tuning) WithDefaults() Tuning {
	if t.FastPoll <= 0 {
		t.FastPoll = DefaultTuning.FastPoll
	}
	if t.BootPoll <= 0 {
		t.BootPoll = DefaultTuning.BootPoll
	}
	if t.PausePoll <= 0 {
		t.PausePoll = DefaultTuning.PausePoll
	}
	if t.IdlePoll <= 0 {
		t.IdlePoll = DefaultTuning.IdlePoll
	}
	if t.RevertBudget <= 0 {
		t.RevertBudget = DefaultTuning.RevertBudget
	}
	if t.ReadBackPoll <= 0 {
		t.ReadBackPoll = DefaultTuning.ReadBackPoll
	}
	if t.ReadBackDelay <= 0 {
		t.ReadBackDelay = DefaultTuning.ReadBackDelay
	}
	if t.MetricsDelay == 0 {
		t.MetricsDelay = DefaultTuning.MetricsDelay
	}
	return t
}

// metricsDelay is MetricsDelay with "none" (negative) as 0.
func (t Tuning) metricsDelay() time.Duration { return max(t.MetricsDelay, 0) }
