package scaling

import (
	"fmt"
	"slices"
	"strings"
)

// elbARN is the part of an elasticloadbalancing ARN the resource label
// needs.
type elbARN struct {
	region, account string
	resource        []string // the resource split at "/": its type first
}

// parseELBARN splits an elasticloadbalancing ARN whose resource part has
// the type kind and n slash-separated elements after it, all non-empty.
// shape is the expected form, for the error.
func parseELBARN(arn, kind string, n int, shape string) (elbARN, error) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "elasticloadbalancing" {
		return elbARN{}, fmt.Errorf("%q is not an elasticloadbalancing ARN (want %s)", arn, shape)
	}
	res := strings.Split(parts[5], "/")
	if res[0] != kind || len(res) != n+1 || slices.Contains(res, "") {
		return elbARN{}, fmt.Errorf("%q does not have the shape %s", arn, shape)
	}
	return elbARN{region: parts[3], account: parts[4], resource: res}, nil
}

// loadBalancerOf returns the "app/<lb-name>/<lb-id>" part of a listener or
// listener rule ARN.
func loadBalancerOf(arn string) (elbARN, string, error) {
	const (
		listener = "arn:aws:elasticloadbalancing:<region>:<account>:listener/app/<lb-name>/<lb-id>/<listener-id>"
		rule     = "arn:aws:elasticloadbalancing:<region>:<account>:listener-rule/app/<lb-name>/<lb-id>/<listener-id>/<rule-id>"
	)
	var (
		a   elbARN
		err error
	)
	if strings.Contains(arn, ":listener-rule/") {
		a, err = parseELBARN(arn, "listener-rule", 5, rule)
	} else {
		a, err = parseELBARN(arn, "listener", 4, listener+" or "+rule)
	}
	if err != nil {
		return elbARN{}, "", err
	}
	if a.resource[1] != "app" {
		return elbARN{}, "", fmt.Errorf("%q belongs to a %q load balancer; ALBRequestCountPerTarget needs an application load balancer (app)", arn, a.resource[1])
	}
	return a, strings.Join(a.resource[1:4], "/"), nil
}

// ResourceLabel returns the ALBRequestCountPerTarget resource label
// "app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>": the load balancer
// from listenerARN (a listener or a listener rule ARN), the target group
// from targetGroupARN. Both must be in the same region and account.
func ResourceLabel(listenerARN, targetGroupARN string) (string, error) {
	lb, lbPart, err := loadBalancerOf(listenerARN)
	if err != nil {
		return "", fmt.Errorf("resource label: listener: %w", err)
	}
	tg, err := parseELBARN(targetGroupARN, "targetgroup", 2,
		"arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<tg-name>/<tg-id>")
	if err != nil {
		return "", fmt.Errorf("resource label: target group: %w", err)
	}
	if lb.region != tg.region || lb.account != tg.account {
		return "", fmt.Errorf("resource label: target group %q is in %s/%s but the load balancer of %q is in %s/%s; they must be in the same region and account",
			targetGroupARN, tg.region, tg.account, listenerARN, lb.region, lb.account)
	}
	return lbPart + "/" + strings.Join(tg.resource, "/"), nil
}
