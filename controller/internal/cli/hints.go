package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"syscall"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/smithy-go"

	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/internal/awserr"
)

// diagnosis is a failure to reach Consul or AWS said in one line, with
// what to do about it.
type diagnosis struct {
	cause, hint string
}

// Hints, one per way of not getting through.
const (
	hintAWSCredentials = "set AWS_PROFILE (after `aws sso login` for an SSO profile) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where an instance or task role is attached; `aws sts get-caller-identity` shows what the standard chain finds"
	hintAWSDenied      = "the caller's IAM policy must allow this call (policies/ci.json for people and CI, policies/controller.json for the controller, the deploy role's trust for an assumed role); `aws sts get-caller-identity` shows who is calling"
	hintAWSUnreachable = "check the network path to the endpoint (a proxy in HTTPS_PROXY, a VPC endpoint, a firewall), the service's region, and AWS_ENDPOINT_URL if it is set"
	hintConsulRefused  = "is a Consul agent running there? Point asgctl at it with --consul-addr or CONSUL_HTTP_ADDR"
	hintConsulSilent   = "something accepts connections there but does not answer as Consul's HTTP API: check --consul-addr or CONSUL_HTTP_ADDR (https:// for TLS), that the agent is healthy (`consul members`), or raise --request-timeout for a slow link"
	hintSlow           = "Consul or AWS did not answer in time: rerun with --log-level debug to see the calls, check --consul-addr and the AWS endpoint, or raise --request-timeout"
	hintConsulDenied   = "give the token the policy for its role (policies/consul/: controller, agent or ci) and pass it with --consul-token-file or CONSUL_HTTP_TOKEN"
)

// explain recognises err as a failure to reach Consul or AWS (refused,
// silent, no credentials, access denied) and says it in one line; the zero
// diagnosis when it is something else.
func explain(err error) diagnosis {
	var oe *smithy.OperationError
	if errors.As(err, &oe) {
		return explainAWS(err)
	}
	return explainConsul(err)
}

// explainAWS says what went wrong with an AWS call; cause is never empty.
func explainAWS(err error) diagnosis {
	ops := awsOperations(err)
	creds := credentialsFailure(err)
	switch {
	case awserr.Classify(err) == awserr.ClassAccessDenied:
		var ae smithy.APIError
		msg := ""
		if errors.As(err, &ae) {
			msg = ": " + ae.ErrorMessage()
		}
		return diagnosis{cause: fmt.Sprintf("AWS denied %s%s", ops[len(ops)-1], msg), hint: hintAWSDenied}
	case creds != "" && !strings.HasPrefix(ops[len(ops)-1], "STS "):
		return diagnosis{cause: "no AWS credentials: " + creds, hint: hintAWSCredentials}
	case unreachable(err):
		return diagnosis{cause: fmt.Sprintf("cannot reach AWS at %s (%s): %s", endpointHost(err), ops[len(ops)-1], netCause(err)), hint: hintAWSUnreachable}
	}
	return diagnosis{cause: fmt.Sprintf("%s: %s", ops[len(ops)-1], firstLine(innermost(err).Error()))}
}

// explainConsul says what kept a Consul call from answering; the zero
// diagnosis for any other error.
func explainConsul(err error) diagnosis {
	host := endpointHost(err)
	switch {
	case errors.Is(err, consulkv.ErrPermissionDenied):
		return diagnosis{cause: "Consul refused the request: " + firstLine(err.Error()), hint: hintConsulDenied}
	case errors.Is(err, context.DeadlineExceeded) && host != "":
		return diagnosis{cause: fmt.Sprintf("Consul at %s did not answer within --request-timeout", host), hint: hintConsulSilent}
	case unreachable(err) && host != "":
		return diagnosis{cause: fmt.Sprintf("cannot reach Consul at %s: %s", host, netCause(err)), hint: hintConsulRefused}
	case errors.Is(err, context.DeadlineExceeded):
		return diagnosis{cause: "no answer within --request-timeout (" + firstLine(err.Error()) + ")", hint: hintSlow}
	}
	return diagnosis{}
}

// awsOperations names the AWS operations in err's chain, outermost first
// ("EC2 DescribeInstances", then "STS AssumeRole" when fetching the
// credentials failed); at least one entry.
func awsOperations(err error) []string {
	var out []string
	for e := err; e != nil; e = errors.Unwrap(e) {
		if oe, ok := e.(*smithy.OperationError); ok {
			out = append(out, oe.ServiceID+" "+oe.OperationName)
		}
	}
	if len(out) == 0 {
		out = append(out, "the AWS call")
	}
	return out
}

// credentialsFailure is what the SDK said when it found no credentials
// (its message after "get credentials:" or "failed to retrieve
// credentials:", at most one line of 200 bytes); "" when err is not that.
func credentialsFailure(err error) string {
	for e := err; e != nil; e = errors.Unwrap(e) {
		msg := e.Error()
		if se, ok := e.(*v4.SigningError); ok {
			msg = se.Err.Error()
		}
		for _, marker := range []string{"get credentials: ", "failed to retrieve credentials: "} {
			if rest, ok := strings.CutPrefix(msg, marker); ok {
				return clip(firstLine(rest), 200)
			}
		}
	}
	return ""
}

// clip is s cut to at most n bytes, marked with "…" when cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// unreachable reports a connection that failed or never answered.
func unreachable(err error) bool {
	var ne net.Error
	var de *net.DNSError
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH) ||
		errors.Is(err, context.DeadlineExceeded) || errors.As(err, &de) || (errors.As(err, &ne) && ne.Timeout())
}

// netCause is the short reason a connection failed.
func netCause(err error) string {
	var de *net.DNSError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.As(err, &de):
		return "cannot resolve " + de.Name
	case errors.Is(err, context.DeadlineExceeded):
		return "no answer within --request-timeout"
	}
	return firstLine(innermost(err).Error())
}

// endpointHost is the host of the URL a failed HTTP call went to, "" when
// err carries none.
func endpointHost(err error) string {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return ""
	}
	if u, perr := url.Parse(ue.URL); perr == nil && u.Host != "" {
		return u.Host
	}
	return ue.URL
}

// innermost is the last error of err's single-wrap chain.
func innermost(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}
