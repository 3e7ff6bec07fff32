package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// object is the S3 object a download reads.
type object struct {
	bucket, key string
}

// describe says in words for the agent report what went wrong getting obj
// (err is not a rejection). It reads the SDK's error types, never their
// text: S3's answers first, then the network, then anything else as is.
func describe(err error, obj object) string {
	var spool *spoolError
	switch {
	case errors.As(err, &spool):
		return spool.Error()
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return "the caller's deadline passed"
	}
	if p := describeS3(err, obj); p != "" {
		return p
	}
	if p := describeNetwork(err); p != "" {
		return p
	}
	return err.Error()
}

// describeS3 words an answer from S3, or returns "" when err is not one.
func describeS3(err error, obj object) string {
	code, status := apiCode(err), httpStatus(err)
	if code == "" && status == 0 {
		return ""
	}
	var noKey *types.NoSuchKey
	var noBucket *types.NoSuchBucket
	switch {
	case errors.As(err, &noBucket) || code == "NoSuchBucket":
		return fmt.Sprintf("the bucket %s does not exist (yet) (S3 %s)", obj.bucket, tag(code, status))
	case errors.As(err, &noKey) || code == "NotFound" || status == 404:
		return fmt.Sprintf("the object does not exist (yet) (S3 %s)", tag(code, status))
	case code == "AccessDenied" || code == "AllAccessDisabled" || (status == 403 && code == ""):
		return fmt.Sprintf("access denied (S3 %s): the agent's IAM role needs s3:GetObject on arn:aws:s3:::%s/%s; "+
			"without s3:ListBucket on the bucket, S3 also answers this for an object that does not exist yet",
			tag(code, status), obj.bucket, obj.key)
	case status == 403:
		return fmt.Sprintf("S3 refused the agent's credentials (%s): check the instance profile and the clock; the role needs s3:GetObject on arn:aws:s3:::%s/%s",
			tag(code, status), obj.bucket, obj.key)
	case isThrottle(code) || status == 429:
		return fmt.Sprintf("S3 is throttling requests (%s)", tag(code, status))
	case status == 503:
		return fmt.Sprintf("S3 is throttling requests or unavailable (%s)", tag(code, status))
	case isRequestTimeout(code):
		return fmt.Sprintf("S3 timed out the request (%s)", tag(code, status))
	case status >= 500:
		return fmt.Sprintf("S3 server error (%s)", tag(code, status))
	case code != "":
		return fmt.Sprintf("S3 error (%s): %s", tag(code, status), apiMessage(err))
	}
	return ""
}

// describeNetwork words a failure to talk to the endpoint at all, or
// returns "" when err is not one.
func describeNetwork(err error) string {
	var dns *net.DNSError
	var op *net.OpError
	var ne net.Error
	switch {
	case errors.As(err, &dns):
		return fmt.Sprintf("cannot resolve the S3 endpoint (%v)", dns)
	case errors.Is(err, syscall.ECONNREFUSED) && errors.As(err, &op):
		return fmt.Sprintf("cannot connect to S3 (%v)", op)
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.ErrUnexpectedEOF):
		if errors.As(err, &op) {
			return fmt.Sprintf("the connection to S3 broke off (%v)", op)
		}
		return fmt.Sprintf("the connection to S3 broke off (%v)", innermost(err))
	case errors.As(err, &ne) && ne.Timeout():
		return fmt.Sprintf("network timeout talking to S3 (%v)", ne)
	case errors.As(err, &op):
		return fmt.Sprintf("network error talking to S3 (%v)", op)
	}
	return ""
}

// apiCode is the S3 error code ("NoSuchKey", "SlowDown"), or "".
func apiCode(err error) string {
	var api smithy.APIError
	if errors.As(err, &api) {
		return api.ErrorCode()
	}
	return ""
}

func apiMessage(err error) string {
	var api smithy.APIError
	if errors.As(err, &api) && api.ErrorMessage() != "" {
		return api.ErrorMessage()
	}
	return "no message"
}

// httpStatus is the HTTP status of S3's answer, or 0 when there was none
// (the request was never answered).
func httpStatus(err error) int {
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) && re.Response != nil && re.Response.Response != nil {
		return re.HTTPStatusCode()
	}
	return 0
}

// tag is "NoSuchKey, HTTP 404", leaving out what is unknown.
func tag(code string, status int) string {
	switch {
	case code == "":
		return fmt.Sprintf("HTTP %d", status)
	case status == 0:
		return code
	}
	return fmt.Sprintf("%s, HTTP %d", code, status)
}

// isThrottle uses the SDK's own list of throttling codes (SlowDown, ...).
func isThrottle(code string) bool {
	_, ok := retry.DefaultThrottleErrorCodes[code]
	return ok
}

// isRequestTimeout uses the SDK's list of retryable codes (RequestTimeout).
func isRequestTimeout(code string) bool {
	_, ok := retry.DefaultRetryableErrorCodes[code]
	return ok
}

// innermost is the last error of err's Unwrap chain.
func innermost(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}
