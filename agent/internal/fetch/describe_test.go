package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/asgctl/asgctl/agent/internal/release"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// s3Answer builds the error chain the SDK returns for an S3 error answer:
// operation error, AWS response error (request id), HTTP response error
// (status), then the modeled or generic API error.
func s3Answer(status int, api error) error {
	return &smithy.OperationError{ServiceID: "S3", OperationName: "GetObject", Err: &awshttp.ResponseError{
		RequestID: "REQ1",
		ResponseError: &smithyhttp.ResponseError{
			Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}},
			Err:      api,
		},
	}}
}

// sendFailure builds the chain for a request that never got an answer.
func sendFailure(err error) error {
	return &smithy.OperationError{ServiceID: "S3", OperationName: "GetObject",
		Err: &retry.MaxAttemptsError{Attempt: 3, Err: &smithyhttp.RequestSendError{Err: &url.Error{Op: "Get", URL: "https://s3.example/b/k", Err: err}}}}
}

func generic(code string) error { return &smithy.GenericAPIError{Code: code, Message: "from S3"} }

// timeoutErr is a net.Error that timed out.
type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestEveryFetchErrorIsClassified(t *testing.T) {
	obj := object{bucket: "b", key: "web/r1.tar.gz"}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	reset := &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}
	cases := []struct {
		name string
		err  error
		want []string // fragments of the message
	}{
		{"no such key", s3Answer(404, &types.NoSuchKey{}), []string{"the object does not exist (yet) (S3 NoSuchKey, HTTP 404)"}},
		{"bare 404", s3Answer(404, generic("NotFound")), []string{"the object does not exist (yet)"}},
		{"no such bucket", s3Answer(404, &types.NoSuchBucket{}), []string{"the bucket b does not exist (yet)"}},
		{"access denied", s3Answer(403, generic("AccessDenied")), []string{"access denied (S3 AccessDenied, HTTP 403)",
			"needs s3:GetObject on arn:aws:s3:::b/web/r1.tar.gz", "without s3:ListBucket"}},
		{"bare 403", s3Answer(403, nil), []string{"access denied (S3 HTTP 403)", "s3:GetObject"}},
		{"bad credentials", s3Answer(403, generic("InvalidAccessKeyId")), []string{"refused the agent's credentials (InvalidAccessKeyId, HTTP 403)"}},
		{"slow down", s3Answer(503, generic("SlowDown")), []string{"S3 is throttling requests (SlowDown, HTTP 503)"}},
		{"bare 503", s3Answer(503, nil), []string{"throttling requests or unavailable (HTTP 503)"}},
		{"internal error", s3Answer(500, generic("InternalError")), []string{"S3 server error (InternalError, HTTP 500)"}},
		{"request timeout", s3Answer(400, generic("RequestTimeout")), []string{"S3 timed out the request (RequestTimeout, HTTP 400)"}},
		{"other answer", s3Answer(400, generic("InvalidRequest")), []string{"S3 error (InvalidRequest, HTTP 400): from S3"}},
		{"connection refused", sendFailure(refused), []string{"cannot connect to S3 (dial tcp: connect: connection refused)"}},
		{"connection reset", fmt.Errorf("verify artifact: stream: %w", reset), []string{"the connection to S3 broke off (read tcp: read: connection reset by peer)"}},
		{"body cut short", fmt.Errorf("verify artifact: stream: %w", io.ErrUnexpectedEOF), []string{"the connection to S3 broke off (unexpected EOF)"}},
		{"dns", sendFailure(&net.DNSError{Err: "no such host", Name: "s3.example", IsNotFound: true}), []string{"cannot resolve the S3 endpoint (lookup s3.example: no such host)"}},
		{"network timeout", sendFailure(&net.OpError{Op: "read", Net: "tcp", Err: timeoutErr{}}), []string{"network timeout talking to S3"}},
		{"disk full", fmt.Errorf("verify artifact: stream: %w", &spoolError{dir: "/srv/web/releases", err: syscall.ENOSPC}),
			[]string{"write spool file in /srv/web/releases: no space left on device; free disk space there"}},
		{"caller canceled", sendFailure(context.Canceled), []string{"canceled"}},
		{"caller deadline", sendFailure(context.DeadlineExceeded), []string{"the caller's deadline passed"}},
		{"anything else", errors.New("something new"), []string{"something new"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := fmt.Errorf("fetch release r1: %w", &downloadError{url: "s3://b/web/r1.tar.gz", problem: describe(c.err, obj), err: c.err})
			if !Transient(err) {
				t.Errorf("Transient = false, want true")
			}
			if !strings.HasPrefix(err.Error(), "fetch release r1: download s3://b/web/r1.tar.gz: ") {
				t.Errorf("message %q does not say which download failed", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message %q lacks %q", err, w)
				}
			}
			if !errors.Is(err, c.err) {
				t.Errorf("the cause is not reachable with errors.Is")
			}
		})
	}
}

func TestOnlyRejectionsAreFinal(t *testing.T) {
	rej := &release.RejectError{Rule: release.RuleChecksum, Detail: "checksum mismatch"}
	for _, c := range []struct {
		err       error
		transient bool
	}{
		{nil, false},
		{rej, false},
		{fmt.Errorf("fetch release r1: %w", rej), false},
		{errors.Join(errors.New("cleanup failed"), rej), false},
		{fmt.Errorf("fetch release r1: %w", s3Answer(404, &types.NoSuchKey{})), true},
		{fmt.Errorf("artifact allowlist entry: %w", errors.New("not an s3:// URL")), true},
		{context.Canceled, true},
	} {
		if got := Transient(c.err); got != c.transient {
			t.Errorf("Transient(%v) = %v, want %v", c.err, got, c.transient)
		}
	}
}

// TestAnUnreachableEndpointIsTransient runs the real SDK against a closed
// port on 127.0.0.1, so the error chain is the SDK's own.
func TestAnUnreachableEndpointIsTransient(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	client := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: aws.String("http://" + addr), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""), Retryer: aws.NopRetryer{}})
	f := &Fetcher{S3: client, Allow: []string{"s3://artifacts/web/"}, Dir: t.TempDir()}
	dest := filepath.Join(t.TempDir(), "r1")
	err = f.Fetch(context.Background(), record([]byte("x")), dest)
	if err == nil || !Transient(err) || !strings.Contains(err.Error(), "download s3://artifacts/web/r1.tar.gz: cannot connect to S3 (dial tcp "+addr) {
		t.Fatalf("Fetch = %v, want a transient 'cannot connect to S3'", err)
	}
}

func TestHumanBytes(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 999: "999 B", 1000: "1.0 kB", 12_300_000: "12.3 MB", 80_000_000: "80.0 MB",
		999_960: "1.0 MB", 2_147_483_648: "2.1 GB"} {
		if got := humanBytes(n); got != want {
			t.Errorf("humanBytes(%d) = %q, want %q", n, got, want)
		}
	}
}
