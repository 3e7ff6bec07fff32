package reconcile

import (
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// Decide returns the next plan for one service. (Being written.)
func Decide(o Observed, d Desired, now time.Time) Plan {
	return Plan{Phase: api.PhaseIdle, RequeueAfter: d.Tuning.withDefaults().IdlePoll}
}
