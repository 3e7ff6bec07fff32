package instance

import (
	"context"
	"fmt"
	"net/http"
	"sync"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// fakeASG is a state-based Auto Scaling for CompleteLifecycleAction: groups
// with launch hooks and instances waiting on them in Pending:Wait, answering
// with the error shapes and messages AWS uses (a *smithy.OperationError
// around an HTTP response error around a *smithy.GenericAPIError).
//
// The simulated AWS in controller/internal/awsapi/simaws models the same
// call (moto_server does not implement CompleteLifecycleAction), but Go's
// internal-package rule keeps agent/... from importing controller/internal.
type fakeASG struct {
	mu       sync.Mutex
	hooks    map[string][]string        // group -> launch hook names
	group    map[string]string          // instance -> group
	waiting  map[string]map[string]bool // instance -> hooks not yet completed
	state    map[string]string          // instance -> lifecycle state
	failNext []error                    // returned, in order, before anything else
	denied   bool                       // IAM denies the call
	calls    int
	onCall   func(n int) // called at the start of call n (1-based), unlocked
}

// newFakeASG returns group web-blue with launch hook "launch" and instance
// i-1 waiting on it.
func newFakeASG() *fakeASG {
	return &fakeASG{
		hooks:   map[string][]string{"web-blue": {"launch"}},
		group:   map[string]string{"i-1": "web-blue"},
		waiting: map[string]map[string]bool{"i-1": {"launch": true}},
		state:   map[string]string{"i-1": "Pending:Wait"},
	}
}

// CompleteLifecycleAction completes one hook's action for a waiting instance.
func (f *fakeASG) CompleteLifecycleAction(_ context.Context, in *autoscaling.CompleteLifecycleActionInput, _ ...func(*autoscaling.Options)) (*autoscaling.CompleteLifecycleActionOutput, error) {
	f.mu.Lock()
	f.calls++
	n, onCall := f.calls, f.onCall
	f.mu.Unlock()
	if onCall != nil {
		onCall(n)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check(in); err != nil {
		return nil, err
	}
	id, hook := *in.InstanceId, *in.LifecycleHookName
	delete(f.waiting[id], hook)
	if len(f.waiting[id]) == 0 {
		f.state[id] = "InService"
	}
	return &autoscaling.CompleteLifecycleActionOutput{}, nil
}

// check returns the error AWS would answer in, or nil.
func (f *fakeASG) check(in *autoscaling.CompleteLifecycleActionInput) error {
	if len(f.failNext) > 0 {
		err := f.failNext[0]
		f.failNext = f.failNext[1:]
		return err
	}
	group, hook, id := *in.AutoScalingGroupName, *in.LifecycleHookName, *in.InstanceId
	if f.denied {
		return awsError(403, "AccessDenied", smithy.FaultClient, "User: arn:aws:sts::123456789012:assumed-role/web-agent/%s is not authorized to perform: autoscaling:CompleteLifecycleAction on resource: arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:*:autoScalingGroupName/%s because no identity-based policy allows the autoscaling:CompleteLifecycleAction action", id, group)
	}
	hooks, ok := f.hooks[group]
	if !ok {
		return awsError(400, "ValidationError", smithy.FaultClient, "AutoScalingGroup name not found - AutoScalingGroup '%s' not found", group)
	}
	if !contains(hooks, hook) {
		return awsError(400, "ValidationError", smithy.FaultClient, "No Lifecycle Hook with name %s is defined for Auto Scaling group %s", hook, group)
	}
	if *in.LifecycleActionResult != resultContinue {
		return awsError(400, "ValidationError", smithy.FaultClient, "unexpected result %q", *in.LifecycleActionResult)
	}
	if f.group[id] != group || !f.waiting[id][hook] {
		return awsError(400, "ValidationError", smithy.FaultClient, "No active Lifecycle Action found with instance ID %s", id)
	}
	return nil
}

// stateOf returns the instance's lifecycle state.
func (f *fakeASG) stateOf(id string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.state[id]
}

// callCount returns how many calls the fake answered.
func (f *fakeASG) callCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// awsError builds the error chain the SDK returns for an AWS error answer.
func awsError(status int, code string, fault smithy.ErrorFault, format string, args ...any) error {
	api := &smithy.GenericAPIError{Code: code, Message: fmt.Sprintf(format, args...), Fault: fault}
	resp := &smithyhttp.Response{Response: &http.Response{StatusCode: status, Header: http.Header{}}}
	return &smithy.OperationError{
		ServiceID:     "Auto Scaling",
		OperationName: "CompleteLifecycleAction",
		Err:           &awshttp.ResponseError{ResponseError: &smithyhttp.ResponseError{Response: resp, Err: api}, RequestID: "req-1"},
	}
}

// throttled and serverFault are the transient answers.
func throttled() error { return awsError(400, "Throttling", smithy.FaultClient, "Rate exceeded") }
func serverFault() error {
	return awsError(500, "InternalFailure", smithy.FaultServer, "An internal error occurred")
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
