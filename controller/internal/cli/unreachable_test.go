package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/internal/freeport"
)

// silentListener accepts TCP connections on 127.0.0.1 and never answers
// them: a Consul (or anything) that hangs.
func silentListener(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().String()
}

// refusedAddr is a loopback address nothing listens on.
func refusedAddr(t *testing.T) string {
	t.Helper()
	port, err := freeport.One()
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("127.0.0.1:%d", port)
}

// runReal runs asgctl with the production dependencies (deps' Backend
// replaced when given) and reports how long it took.
func runReal(t *testing.T, backend func(*ucli.Context) (consulkv.Backend, error), args ...string) (result, time.Duration) {
	t.Helper()
	deps := ProductionDeps()
	if backend != nil {
		deps.Backend = backend
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out, errb bytes.Buffer
	began := time.Now()
	code := RunContext(ctx, append([]string{"asgctl"}, args...), &out, &errb, deps)
	return result{code: code, stdout: out.String(), stderr: errb.String()}, time.Since(began)
}

// A Consul that accepts the connection and never answers: status fails
// within --request-timeout, in one line naming the address, with a hint.
func TestStatusGivesUpOnASilentConsul(t *testing.T) {
	addr := silentListener(t)
	res, took := runReal(t, nil, "--consul-addr", addr, "--request-timeout", "1s", "status", "web")
	if res.code != ExitFailed {
		t.Fatalf("exit %d, want %d\nstderr: %s", res.code, ExitFailed, res.stderr)
	}
	if took > 15*time.Second {
		t.Errorf("took %v with --request-timeout 1s", took)
	}
	for _, want := range []string{"Consul at " + addr + " did not answer within --request-timeout", "hint: ", "--consul-addr"} {
		if !strings.Contains(res.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, res.stderr)
		}
	}
	if n := strings.Count(strings.TrimSpace(res.stderr), "\n"); n != 1 {
		t.Errorf("stderr has %d lines, want the cause and the hint:\n%s", n+1, res.stderr)
	}
	res, _ = runReal(t, nil, "--consul-addr", refusedAddr(t), "--output", "json", "status", "web")
	var doc errorDoc
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil || res.code != ExitFailed ||
		!strings.Contains(doc.Error, "connection refused") || !strings.Contains(doc.Error, "hint: is a Consul agent running there?") {
		t.Errorf("refused Consul: exit %d, document %q (%v)", res.code, res.stdout, err)
	}
}

// awsWorld registers service web in an in-memory Consul and points the
// SDK's standard chain at endpoint with static credentials.
func awsWorld(t *testing.T, endpoint string) func(*ucli.Context) (consulkv.Backend, error) {
	t.Helper()
	t.Setenv("AWS_ENDPOINT_URL", endpoint)
	t.Setenv("AWS_ACCESS_KEY_ID", "testing")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "testing")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_MAX_ATTEMPTS", "3")
	t.Setenv("AWS_CONFIG_FILE", "/nonexistent")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	mem := consulkv.NewMemory(clock.Real{})
	spec := api.ServiceSpec{
		Version: 1, Name: "web", Region: "us-east-1", LaunchTemplateID: "lt-0123456789abcdef0",
		Subnets: []string{"subnet-0a1"}, TargetGroups: []string{tgARN("a"), tgARN("b")},
		ListenerARN: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2",
		Capacity:    api.Capacity{Min: 1, Max: 2, Desired: 1}, Steps: []api.Step{{Weight: 100}},
	}
	if err := consulkv.NewStore(mem).PutSpec(context.Background(), &spec); err != nil {
		t.Fatal(err)
	}
	return func(*ucli.Context) (consulkv.Backend, error) { return mem, nil }
}

func tgARN(name string) string {
	return "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-" + name + "/73e2d6bc24d8a067"
}

// An AWS endpoint that refuses connections: status still shows what
// Consul holds and marks AWS unavailable, each retry says so on stderr,
// and a verb that needs AWS fails in one line with a hint, all well
// within --request-timeout.
func TestRefusedAWSEndpoint(t *testing.T) {
	endpoint := "http://" + refusedAddr(t)
	backend := awsWorld(t, endpoint)
	res, took := runReal(t, backend, "--output", "json", "status", "web")
	if res.code != ExitOK {
		t.Fatalf("status exit %d, want 0 with AWS marked unavailable\nstdout: %s\nstderr: %s", res.code, res.stdout, res.stderr)
	}
	var doc statusDoc
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
		t.Fatalf("status printed %q: %v", res.stdout, err)
	}
	host := strings.TrimPrefix(endpoint, "http://")
	if u := doc.AWSUnavailable; u == nil || !strings.Contains(u.Error, "cannot reach AWS at "+host) ||
		!strings.Contains(u.Error, "connection refused") || u.Hint == "" {
		t.Errorf("aws_unavailable = %+v, want the refused endpoint and a hint", doc.AWSUnavailable)
	}
	if doc.Service != "web" || doc.Phase != api.PhaseIdle {
		t.Errorf("status = %+v, want Consul's view of web", doc)
	}
	if !strings.Contains(res.stderr, "asgctl: waiting for AWS (attempt 2 of 3)") || !strings.Contains(res.stderr, "attempt 3 of 3") {
		t.Errorf("stderr does not report the retries:\n%s", res.stderr)
	}
	if took > 30*time.Second {
		t.Errorf("status took %v", took)
	}
	res, _ = runReal(t, backend, "plan", "web", "--ami", "ami-0123456789abcdef0")
	if res.code != ExitFailed || !strings.Contains(res.stderr, "cannot reach AWS at "+host) || !strings.Contains(res.stderr, "\nhint: check the network path") {
		t.Errorf("plan: exit %d, stderr:\n%s", res.code, res.stderr)
	}
	if len(res.stderr) > 800 {
		t.Errorf("plan's error is %d bytes, want a short cause and a hint:\n%s", len(res.stderr), res.stderr)
	}
}

// No credentials anywhere in the standard chain: a verb that needs AWS
// says so in one line, with where credentials come from.
func TestMissingAWSCredentials(t *testing.T) {
	backend := awsWorld(t, "http://"+refusedAddr(t))
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	res, took := runReal(t, backend, "plan", "web", "--ami", "ami-0123456789abcdef0")
	if res.code != ExitFailed || !strings.Contains(res.stderr, "no AWS credentials") || !strings.Contains(res.stderr, "hint: set AWS_PROFILE") {
		t.Errorf("plan without credentials: exit %d, stderr:\n%s", res.code, res.stderr)
	}
	if took > 30*time.Second {
		t.Errorf("took %v", took)
	}
}

// An AWS endpoint that accepts connections and never answers: the verb
// gives up within --request-timeout and says nothing answered in time.
func TestSilentAWSEndpoint(t *testing.T) {
	addr := silentListener(t)
	backend := awsWorld(t, "http://"+addr)
	res, took := runReal(t, backend, "--request-timeout", "2s", "plan", "web", "--ami", "ami-0123456789abcdef0")
	if res.code != ExitFailed || !strings.Contains(res.stderr, "within --request-timeout") || !strings.Contains(res.stderr, "hint: ") {
		t.Errorf("plan: exit %d, stderr:\n%s", res.code, res.stderr)
	}
	if took > 15*time.Second {
		t.Errorf("plan took %v with --request-timeout 2s", took)
	}
}
