package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"syscall"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/asgctl/asgctl/controller/consulkv"
)

func opErr(svc, op string, err error) error {
	return &smithy.OperationError{ServiceID: svc, OperationName: op, Err: err}
}

func TestExplain(t *testing.T) {
	refused := &url.Error{Op: "Post", URL: "https://autoscaling.us-east-1.amazonaws.com/", Err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}}
	denied := &smithy.GenericAPIError{Code: "AccessDenied", Message: "User: arn:aws:iam::1:user/ci is not authorized to perform: autoscaling:DescribeAutoScalingGroups"}
	stsDenied := opErr("Auto Scaling", "DescribeAutoScalingGroups", fmt.Errorf("get identity: %w",
		fmt.Errorf("get credentials: %w", opErr("STS", "AssumeRole", &smithy.GenericAPIError{Code: "AccessDenied", Message: "not authorized to perform sts:AssumeRole"}))))
	noCreds := opErr("EC2", "DescribeInstances", fmt.Errorf("get identity: %w", fmt.Errorf("get credentials: %w",
		errors.New("failed to refresh cached credentials, no EC2 IMDS role found"))))
	consulSilent := fmt.Errorf("consul get %q: %w", "services/web/spec", &url.Error{Op: "Get", URL: "http://10.0.0.5:8500/v1/kv/services/web/spec", Err: context.DeadlineExceeded})
	cases := []struct {
		name      string
		err       error
		cause     []string
		hintStart string
	}{
		{"aws refused", opErr("Auto Scaling", "DescribeAutoScalingGroups", refused),
			[]string{"cannot reach AWS at autoscaling.us-east-1.amazonaws.com (Auto Scaling DescribeAutoScalingGroups): connection refused"}, "check the network path"},
		{"aws denied", opErr("Auto Scaling", "DescribeAutoScalingGroups", denied),
			[]string{"AWS denied Auto Scaling DescribeAutoScalingGroups: User: arn:aws:iam::1:user/ci"}, "the caller's IAM policy"},
		{"assume role denied", stsDenied, []string{"AWS denied STS AssumeRole: not authorized"}, "the caller's IAM policy"},
		{"no credentials", noCreds, []string{"no AWS credentials: failed to refresh cached credentials, no EC2 IMDS role found"}, "set AWS_PROFILE"},
		{"consul silent", consulSilent, []string{"Consul at 10.0.0.5:8500 did not answer within --request-timeout"}, "something accepts connections"},
		{"consul refused", fmt.Errorf("consul list: %w", &url.Error{Op: "Get", URL: "http://127.0.0.1:8500/v1/kv/x", Err: syscall.ECONNREFUSED}),
			[]string{"cannot reach Consul at 127.0.0.1:8500: connection refused"}, "is a Consul agent running there?"},
		{"consul denied", fmt.Errorf("consul put %q: %w: the Consul token lacks key write permission", "deploys/web", consulkv.ErrPermissionDenied),
			[]string{"Consul refused the request", "key write permission"}, "give the token the policy"},
	}
	for _, c := range cases {
		d := explain(c.err)
		for _, want := range c.cause {
			if !strings.Contains(d.cause, want) {
				t.Errorf("%s: cause %q lacks %q", c.name, d.cause, want)
			}
		}
		if !strings.HasPrefix(d.hint, c.hintStart) {
			t.Errorf("%s: hint %q, want it to start %q", c.name, d.hint, c.hintStart)
		}
		if strings.Contains(d.cause, "\n") {
			t.Errorf("%s: cause is not one line: %q", c.name, d.cause)
		}
	}
	if d := explain(errors.New("decode rollout record: unexpected end of JSON input")); d != (diagnosis{}) {
		t.Errorf("an error that is not about reaching Consul or AWS got %+v", d)
	}
}
