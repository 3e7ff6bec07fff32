package e2e_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
)

// fakeIMDS answers IMDSv2 the way EC2 does for what the agent asks: a
// token from PUT /latest/api/token (TTL header required), and the instance
// tag naming its Auto Scaling group for requests carrying that token.
func fakeIMDS(t *testing.T, group string) *httptest.Server {
	const token = "e2e-token"
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPut && r.URL.Path == "/latest/api/token":
			ttl := r.Header.Get("X-aws-ec2-metadata-token-ttl-seconds")
			if ttl == "" {
				http.Error(w, "missing ttl", http.StatusBadRequest)
				return
			}
			w.Header().Set("X-aws-ec2-metadata-token-ttl-seconds", ttl)
			fmt.Fprint(w, token)
		case r.Header.Get("X-aws-ec2-metadata-token") != token:
			http.Error(w, "unauthorized", http.StatusUnauthorized)
		case r.URL.Path == "/latest/meta-data/tags/instance/aws:autoscaling:groupName":
			fmt.Fprint(w, group)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// lifecycleCalls records the CompleteLifecycleAction calls an Auto Scaling
// query endpoint received. moto does not implement this operation, so the
// endpoint is the test's own; it answers like AWS does on success.
type lifecycleCalls struct {
	mu    sync.Mutex
	calls []url.Values
}

func (l *lifecycleCalls) get() []url.Values {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]url.Values(nil), l.calls...)
}

func fakeAutoScaling(t *testing.T) (*httptest.Server, *lifecycleCalls) {
	rec := &lifecycleCalls{}
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil || r.Form.Get("Action") != "CompleteLifecycleAction" {
			http.Error(w, "unsupported", http.StatusBadRequest)
			return
		}
		rec.mu.Lock()
		rec.calls = append(rec.calls, r.Form)
		rec.mu.Unlock()
		w.Header().Set("Content-Type", "text/xml")
		fmt.Fprint(w, `<CompleteLifecycleActionResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">`+
			`<CompleteLifecycleActionResult/><ResponseMetadata><RequestId>e2e</RequestId></ResponseMetadata>`+
			`</CompleteLifecycleActionResponse>`)
	}))
	t.Cleanup(s.Close)
	return s, rec
}

// TestBootCompletesLaunchLifecycleOnceHealthy: with a launch hook
// configured, the agent completes the lifecycle action (CONTINUE, its
// group from the IMDSv2 instance tag) only once every process serves, and
// only once.
func TestBootCompletesLaunchLifecycleOnceHealthy(t *testing.T) {
	imds := fakeIMDS(t, "web-v007")
	as, rec := fakeAutoScaling(t)
	b := newBox(t, consul.Agent(t).Addr, nil)
	b.cfg["lifecycle_hook"] = "asgctl-launch"
	b.env = []string{"AWS_EC2_METADATA_SERVICE_ENDPOINT=" + imds.URL, "AWS_ENDPOINT_URL_AUTO_SCALING=" + as.URL}
	b.startAgent()
	b.waitReport("starting", func(r reportT) bool { return r.State == "starting" })
	if n := len(rec.get()); n != 0 {
		t.Fatalf("%d lifecycle completions before any process ran", n)
	}
	b.deployFirst()
	waitFor(t, "the lifecycle completion", func() bool { return len(rec.get()) > 0 })
	want := map[string]string{"LifecycleHookName": "asgctl-launch", "AutoScalingGroupName": "web-v007",
		"InstanceId": instanceID, "LifecycleActionResult": "CONTINUE"}
	got := rec.get()[0]
	for k, v := range want {
		if got.Get(k) != v {
			t.Errorf("CompleteLifecycleAction %s = %q, want %q (call: %v)", k, got.Get(k), v, got)
		}
	}
	if res := b.release("r2", goodApp(appStartDelay)); res.code != 0 {
		t.Fatalf("release r2: exit %d", res.code)
	}
	if n := len(rec.get()); n != 1 {
		t.Errorf("%d lifecycle completions after a second release, want 1", n)
	}
}
