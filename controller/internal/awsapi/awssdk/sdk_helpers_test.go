package awssdk

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/asgctl/asgctl/integration/syncbuf"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

const testRegion = "us-east-1"

// noBackoff makes the SDK retry at once, so tests never wait on the
// standard retryer's backoff.
var noBackoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })

// isolated loads no shared config or credentials files and uses static
// credentials, so a developer's AWS profile is never used; endpoint, when
// set, is the base endpoint of every service.
func isolated(endpoint string) []func(*config.LoadOptions) error {
	opts := []func(*config.LoadOptions) error{
		config.WithRegion(testRegion),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("testing", "testing", "")),
		config.WithSharedConfigFiles([]string{}),
		config.WithSharedCredentialsFiles([]string{}),
	}
	if endpoint != "" {
		opts = append(opts, config.WithBaseEndpoint(endpoint))
	}
	return opts
}

// newTestFactory returns a Factory on isolated config; mut adjusts Options.
func newTestFactory(t *testing.T, endpoint string, mut func(*Options)) *Factory {
	t.Helper()
	o := Options{RetryBackoff: noBackoff, ConfigOptions: isolated(endpoint)}
	if mut != nil {
		mut(&o)
	}
	f, err := New(t.Context(), o)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func jsonLogger(w *syncbuf.Buffer) *slog.Logger { return slog.New(slog.NewJSONHandler(w, nil)) }

// queryServer is an Auto Scaling (awsQuery protocol) endpoint on loopback
// that answers each request with the next scripted reply.
type queryServer struct {
	*httptest.Server
	mu      sync.Mutex
	replies []queryReply
	actions []string
}

type queryReply struct {
	status int
	body   string
}

func newQueryServer(t *testing.T, replies ...queryReply) *queryServer {
	t.Helper()
	s := &queryServer{replies: replies}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *queryServer) serve(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	s.mu.Lock()
	s.actions = append(s.actions, r.PostForm.Get("Action"))
	reply := queryReply{http.StatusInternalServerError, asgError("InternalFailure", "no more scripted replies")}
	if len(s.replies) > 0 {
		reply, s.replies = s.replies[0], s.replies[1:]
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(reply.status)
	_, _ = w.Write([]byte(reply.body))
}

func (s *queryServer) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.actions...)
}

const asgNS = "http://autoscaling.amazonaws.com/doc/2011-01-01/"

func asgError(code, msg string) string {
	return fmt.Sprintf(`<ErrorResponse xmlns="%s"><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`, asgNS, code, msg)
}

func throttled() queryReply {
	return queryReply{http.StatusBadRequest, asgError("Throttling", "Rate exceeded")}
}

func emptyDescribe() queryReply {
	return queryReply{http.StatusOK, fmt.Sprintf(`<DescribeAutoScalingGroupsResponse xmlns="%s"><DescribeAutoScalingGroupsResult><AutoScalingGroups/></DescribeAutoScalingGroupsResult><ResponseMetadata><RequestId>req-2</RequestId></ResponseMetadata></DescribeAutoScalingGroupsResponse>`, asgNS)}
}
