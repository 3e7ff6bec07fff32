package daemon

import (
	"context"

	"github.com/asgctl/asgctl/agent/internal/coord"
	"github.com/asgctl/asgctl/agent/internal/report"
	"github.com/asgctl/asgctl/controller/api"
)

// milestone posts rep's state to the webhook when it is a milestone the
// last post did not announce (deploying, ready); failures are posted by
// notifyFailure, with the process output. a.pmu held.
func (a *Agent) milestone(rep api.AgentReport) {
	key := rep.State + " " + rep.Release + " " + itoa(rep.ConfigRev)
	if key == a.notified {
		return
	}
	a.notified = key
	if rep.State == reportDeploying || rep.State == reportReady {
		a.post(report.MilestoneText(rep))
	}
}

// notifyFailure posts a final failure: what failed and, for a failed
// step, the tail of the process's output.
func (a *Agent) notifyFailure(s coord.Status) {
	rep := api.AgentReport{Service: a.Config.Service, InstanceID: a.InstanceID, Release: s.Desired,
		State: reportFailed, Error: s.Error}
	tail, _ := a.lastTail.Load().(string)
	a.post(report.FailureText(rep, tail))
}

// post sends text to the webhook in the background (bounded by
// report.NotifyTimeout); a failure is logged.
func (a *Agent) post(text string) {
	url := a.Config.Notify.WebhookURL
	if url == "" {
		return
	}
	go func() {
		if err := report.Notify(context.Background(), url, text); err != nil {
			a.Log.Warn("webhook not notified", "error", err)
		}
	}()
}
