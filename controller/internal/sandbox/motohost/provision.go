package motohost

import (
	"context"
	"errors"
	"fmt"
)

// maxNameLen keeps "<name>-a" within the 32 characters AWS allows a target
// group (and load balancer) name.
const maxNameLen = 30

// Resources are what Provision created, in the shape a service spec needs.
type Resources struct {
	LaunchTemplateID string
	Subnets          []string // us-east-1a, us-east-1b
	LoadBalancerARN  string
	ListenerARN      string
	TargetGroups     []string // <name>-a, <name>-b
}

// Provision creates in moto what Terraform would for the sandbox service
// name: a VPC, two subnets (us-east-1a and us-east-1b), an internal
// application load balancer, two HTTP instance target groups <name>-a and
// <name>-b (health check GET /ping on the traffic port), an HTTP listener
// forwarding 100/0 to them, and a launch template <name> whose version 1
// launches ami. Everything is tagged asgctl:service=name. It is not
// idempotent: run it once against a fresh moto.
func Provision(ctx context.Context, c ProvisionClients, name, ami string) (Resources, error) {
	if err := checkProvisionArgs(name, ami); err != nil {
		return Resources{}, err
	}
	vpc, subnets, err := createNetwork(ctx, c.EC2, name)
	if err != nil {
		return Resources{}, err
	}
	res := Resources{Subnets: subnets}
	lb, err := createLoadBalancer(ctx, c.ELBv2, name, subnets)
	if err != nil {
		return Resources{}, err
	}
	res.LoadBalancerARN = lb
	for _, suffix := range []string{"a", "b"} {
		arn, err := createTargetGroup(ctx, c.ELBv2, name, name+"-"+suffix, vpc)
		if err != nil {
			return Resources{}, err
		}
		res.TargetGroups = append(res.TargetGroups, arn)
	}
	if res.ListenerARN, err = createListener(ctx, c.ELBv2, name, lb, listenerPort, res.TargetGroups); err != nil {
		return Resources{}, err
	}
	if res.LaunchTemplateID, err = createLaunchTemplate(ctx, c.EC2, name, ami); err != nil {
		return Resources{}, err
	}
	return res, nil
}

func checkProvisionArgs(name, ami string) error {
	switch {
	case name == "":
		return errors.New("provision: empty service name")
	case len(name) > maxNameLen:
		return fmt.Errorf("provision: service name %q is longer than %d characters", name, maxNameLen)
	case ami == "":
		return fmt.Errorf("provision %s: empty ami", name)
	}
	return nil
}

// AddListener creates another HTTP listener of the load balancer Provision
// made (res), on port, forwarding 100/0 to its target groups like the
// first, and returns its ARN: a test listener, which takes no production
// traffic. port must differ from every other listener's of res.
func AddListener(ctx context.Context, e ProvisionELB, name string, res Resources, port int32) (string, error) {
	if res.LoadBalancerARN == "" || len(res.TargetGroups) != 2 {
		return "", fmt.Errorf("add a listener to %s: the resources name no load balancer or not two target groups", name)
	}
	return createListener(ctx, e, name, res.LoadBalancerARN, port, res.TargetGroups)
}
