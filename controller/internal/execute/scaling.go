package execute

import (
	"context"
	"fmt"
	"strings"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/observe"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
	"github.com/asgctl/asgctl/controller/internal/scaling"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
)

// putScaling makes a group carry exactly a.Scaling: it reads what the
// group has, puts what is missing or changed (a step or simple policy's
// alarm right after its policy, which names the policy's ARN), and deletes
// the rest last. Running it again finds nothing to do.
func (e *Executor) putScaling(ctx context.Context, a reconcile.Action) error {
	if a.Scaling == nil {
		return preconditionf("put_scaling on %s carries no configuration", a.Group)
	}
	have, _, err := observe.ReadScaling(ctx, e.Clients, a.Group)
	if err != nil {
		return err
	}
	ch := scaling.Diff(*a.Scaling, have)
	for _, p := range ch.PutPolicies {
		if err := e.putPolicy(ctx, a.Group, p); err != nil {
			return err
		}
	}
	for _, name := range ch.ResetActions {
		if err := e.deleteAction(ctx, a.Group, name); err != nil {
			return err
		}
	}
	for _, act := range ch.PutActions {
		if _, err := e.Clients.AutoScaling.PutScheduledUpdateGroupAction(ctx, scaling.PutScheduledInput(a.Group, act)); err != nil {
			return fmt.Errorf("put scheduled action %q on %s: %w", act.Name, a.Group, err)
		}
	}
	return e.deleteScaling(ctx, a.Group, ch)
}

func (e *Executor) putPolicy(ctx context.Context, group string, p scaling.Policy) error {
	out, err := e.Clients.AutoScaling.PutScalingPolicy(ctx, scaling.PutPolicyInput(group, p))
	if err != nil {
		return fmt.Errorf("put scaling policy %q on %s: %w", p.Name, group, err)
	}
	arn := aws.ToString(out.PolicyARN)
	if arn == "" && p.TargetTracking == nil {
		if arn, err = e.policyARN(ctx, group, p.Name); err != nil {
			return err
		}
	}
	if in := scaling.PutAlarmInput(group, p, arn); in != nil {
		if _, err := e.Clients.CloudWatch.PutMetricAlarm(ctx, in); err != nil {
			return fmt.Errorf("put alarm %q of scaling policy %q: %w", aws.ToString(in.AlarmName), p.Name, err)
		}
	}
	return nil
}

// policyARN looks a policy's ARN up, for a put whose answer left it out.
func (e *Executor) policyARN(ctx context.Context, group, name string) (string, error) {
	pols, err := awsapi.GroupPolicies(ctx, e.Clients.AutoScaling, group)
	if err != nil {
		return "", fmt.Errorf("describe scaling policies of %s: %w", group, err)
	}
	for _, p := range pols {
		if aws.ToString(p.PolicyName) == name && aws.ToString(p.PolicyARN) != "" {
			return aws.ToString(p.PolicyARN), nil
		}
	}
	return "", fmt.Errorf("scaling policy %q of %s has no ARN after it was put", name, group)
}

// deleteScaling deletes the policies, alarms and actions the group must
// not carry; ones already gone are fine.
func (e *Executor) deleteScaling(ctx context.Context, group string, ch scaling.Changes) error {
	for _, name := range ch.DeletePolicies {
		_, err := e.Clients.AutoScaling.DeletePolicy(ctx, &autoscaling.DeletePolicyInput{
			AutoScalingGroupName: aws.String(group), PolicyName: aws.String(name)})
		if err != nil && !gone(err) {
			return fmt.Errorf("delete scaling policy %q of %s: %w", name, group, err)
		}
	}
	if err := e.deleteAlarms(ctx, ch.DeleteAlarms); err != nil {
		return err
	}
	for _, name := range ch.DeleteActions {
		if err := e.deleteAction(ctx, group, name); err != nil {
			return err
		}
	}
	return nil
}

func (e *Executor) deleteAction(ctx context.Context, group, name string) error {
	_, err := e.Clients.AutoScaling.DeleteScheduledAction(ctx, &autoscaling.DeleteScheduledActionInput{
		AutoScalingGroupName: aws.String(group), ScheduledActionName: aws.String(name)})
	if err != nil && !gone(err) {
		return fmt.Errorf("delete scheduled action %q of %s: %w", name, group, err)
	}
	return nil
}

// alarmsPerDelete is the most alarm names one DeleteAlarms call takes.
const alarmsPerDelete = 100

func (e *Executor) deleteAlarms(ctx context.Context, names []string) error {
	for start := 0; start < len(names); start += alarmsPerDelete {
		chunk := names[start:min(start+alarmsPerDelete, len(names))]
		if _, err := e.Clients.CloudWatch.DeleteAlarms(ctx, &cloudwatch.DeleteAlarmsInput{AlarmNames: chunk}); err != nil && !gone(err) {
			return fmt.Errorf("delete %d alarms from %q: %w", len(chunk), chunk[0], err)
		}
	}
	return nil
}

// groupAlarms are the alarms asgctl made for a group's step and simple
// policies ("<group>-<policy>"); they outlive the group unless deleted.
func (e *Executor) groupAlarms(ctx context.Context, group string) ([]string, error) {
	pols, err := awsapi.GroupPolicies(ctx, e.Clients.AutoScaling, group)
	if err != nil {
		return nil, fmt.Errorf("describe scaling policies of %s: %w", group, err)
	}
	var out []string
	for _, p := range pols {
		for _, al := range p.Alarms {
			if n := aws.ToString(al.AlarmName); strings.HasPrefix(n, scaling.AlarmName(group, "")) {
				out = append(out, n)
			}
		}
	}
	return out, nil
}

// gone reports an error that says the thing to delete is not there.
func gone(err error) bool {
	return awsapi.IsClass(err, awsapi.ClassNotFound)
}
