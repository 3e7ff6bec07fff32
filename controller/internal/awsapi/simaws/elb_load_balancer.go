package simaws

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// albName is the name of the one simulated application load balancer.
const albName = "sim-alb"

// maxLoadBalancerFilter is the most ARNs, or names, one
// DescribeLoadBalancers takes.
const maxLoadBalancerFilter = 20

// dnsHost is what SetLoadBalancerDNS accepts: a host name or an IPv4
// address, without scheme, port or path.
var dnsHost = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$`)

// defaultLoadBalancerDNS is a DNS name shaped like an internet-facing
// ALB's, "<name>-<number>.<region>.elb.amazonaws.com", its number taken
// from the load balancer's id so that it draws nothing from the seeded
// sources.
func (c *Cloud) defaultLoadBalancerDNS() string {
	id := c.albARN[strings.LastIndex(c.albARN, "/")+1:]
	n, _ := strconv.ParseUint(id[:8], 16, 32)
	return fmt.Sprintf("%s-%d.%s.elb.amazonaws.com", albName, n, c.cfg.Region)
}

// SetLoadBalancerDNS sets the DNS name DescribeLoadBalancers shows for the
// simulated load balancer, so that a sandbox can point what resolves
// against it (a listener's "<scheme>://<dns>:<port>") at a local address,
// e.g. "127.0.0.1". It panics on anything but a host name or an IPv4
// address: no scheme, port or path.
func (c *Cloud) SetLoadBalancerDNS(name string) {
	if !dnsHost.MatchString(name) {
		panic(fmt.Sprintf("simaws: load balancer DNS name %q is not a host name or IPv4 address; give one without scheme, port or path, e.g. \"127.0.0.1\"", name))
	}
	c.locked(func() { c.albDNS = name })
}

// LoadBalancerDNS returns the DNS name DescribeLoadBalancers shows for the
// simulated load balancer.
func (c *Cloud) LoadBalancerDNS() string {
	var name string
	c.locked(func() { name = c.albDNS })
	return name
}

// DescribeLoadBalancers returns the simulated application load balancer,
// by LoadBalancerArns or Names or, with neither, as the account's only
// one. An ARN or name of any other is LoadBalancerNotFound.
func (c *Cloud) DescribeLoadBalancers(ctx context.Context, in *elbv2.DescribeLoadBalancersInput, _ ...func(*elbv2.Options)) (*elbv2.DescribeLoadBalancersOutput, error) {
	return run(ctx, c, opDescribeLoadBalancers, func(callCtx) (*elbv2.DescribeLoadBalancersOutput, error) {
		if in == nil {
			in = &elbv2.DescribeLoadBalancersInput{}
		}
		limit, ok := pageLimit(in.PageSize, 0, 400)
		if !ok {
			return nil, validationError("PageSize must be between 1 and 400")
		}
		if err := c.checkLoadBalancerFilter(in.LoadBalancerArns, in.Names); err != nil {
			return nil, err
		}
		page, next, err := paginate([]string{c.albARN}, func(arn string) string { return arn }, opDescribeLoadBalancers, aws.ToString(in.Marker), limit)
		if err != nil {
			return nil, validationError("The marker is not valid")
		}
		out := &elbv2.DescribeLoadBalancersOutput{LoadBalancers: []types.LoadBalancer{}, NextMarker: optString(next)}
		for range page {
			out.LoadBalancers = append(out.LoadBalancers, c.renderLoadBalancer())
		}
		return out, nil
	})
}

func (c *Cloud) checkLoadBalancerFilter(arns, names []string) error {
	switch {
	case len(arns) > 0 && len(names) > 0:
		return validationError("Load balancer ARNs and load balancer names cannot be specified at the same time")
	case len(arns) > maxLoadBalancerFilter || len(names) > maxLoadBalancerFilter:
		return validationError("At most %d load balancer ARNs or names can be specified", maxLoadBalancerFilter)
	case slices.ContainsFunc(arns, func(a string) bool { return a != c.albARN }),
		slices.ContainsFunc(names, func(n string) bool { return n != albName }):
		return apiError(codeLBNotFound, "One or more load balancers not found")
	}
	return nil
}

// renderLoadBalancer is the simulated load balancer as AWS describes an
// active, internet-facing, IPv4 application load balancer. Its network
// (VPC, zones, security groups) is not simulated and not shown.
func (c *Cloud) renderLoadBalancer() types.LoadBalancer {
	return types.LoadBalancer{
		LoadBalancerArn:  aws.String(c.albARN),
		LoadBalancerName: aws.String(albName),
		DNSName:          aws.String(c.albDNS),
		Scheme:           types.LoadBalancerSchemeEnumInternetFacing,
		Type:             types.LoadBalancerTypeEnumApplication,
		State:            &types.LoadBalancerState{Code: types.LoadBalancerStateEnumActive},
		IpAddressType:    types.IpAddressTypeIpv4,
		CreatedTime:      aws.Time(c.albCreated),
	}
}
