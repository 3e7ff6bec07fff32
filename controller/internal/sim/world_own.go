package sim

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
)

// The world sometimes calls the cloud's API itself: to read what simaws's
// Truth does not show (the groups' scaling policies and scheduled
// actions) and to change what only the API can (deleting an alarm). Those
// calls are not the controller's: they run with the fault mix paused, so
// they neither fail nor draw from the cloud's fault source, and they are
// counted apart, so an act's AWS-call count stays the controller's alone.

// SetFaults sets the cloud's fault mix. Use it rather than the cloud's own
// SetFaults, so the world's own calls can pause the mix and restore it.
func (w *World) SetFaults(f simaws.FaultConfig) {
	w.faults = f
	w.Cloud.SetFaults(f)
}

// OwnCalls is how many AWS calls the world has made itself.
func (w *World) OwnCalls() int { return w.ownCalls }

// ControllerCalls is how many AWS calls the controller has made: every call
// the cloud counted, less the world's own.
func (w *World) ControllerCalls() int {
	return awsapi.TotalCalls(w.Cloud.Calls()) - w.ownCalls
}

// own runs f, which calls the cloud's API on the world's behalf, with the
// fault mix paused, and counts its calls as the world's own.
func (w *World) own(f func() error) error {
	before := awsapi.TotalCalls(w.Cloud.Calls())
	w.Cloud.SetFaults(simaws.FaultConfig{})
	err := f()
	w.Cloud.SetFaults(w.faults)
	w.ownCalls += awsapi.TotalCalls(w.Cloud.Calls()) - before
	return err
}

// DeleteAlarm deletes a CloudWatch alarm through the API, as an operator
// (or Terraform) would.
func (w *World) DeleteAlarm(ctx context.Context, name string) error {
	return w.own(func() error {
		if _, err := w.Cloud.DeleteAlarms(ctx, &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{name}}); err != nil {
			return fmt.Errorf("delete alarm %s: %w", name, err)
		}
		return nil
	})
}

// EditSpec changes the service's spec the way `asgctl service put` does:
// edit gets a deep copy, the store validates and keeps the result, and the
// world's Spec (which the invariants judge by) follows.
func (w *World) EditSpec(ctx context.Context, edit func(*api.ServiceSpec)) error {
	raw, err := json.Marshal(w.Spec)
	if err != nil {
		return fmt.Errorf("copy the spec: %w", err)
	}
	var next api.ServiceSpec
	if err := json.Unmarshal(raw, &next); err != nil {
		return fmt.Errorf("copy the spec: %w", err)
	}
	edit(&next)
	next = next.WithDefaults()
	if err := w.Store.PutSpec(ctx, &next); err != nil {
		return fmt.Errorf("put the edited spec: %w", err)
	}
	w.Spec = next
	return nil
}
