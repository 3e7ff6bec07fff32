package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// alarmRole is the role the alarm specs name, so messages name its account.
const alarmRole = "arn:aws:iam::123456789012:role/asgctl-api"

// alarmSpecFile writes a spec for the unregistered service "api" naming
// alarms into a temporary folder and returns its path.
func alarmSpecFile(w *world, alarms ...string) string {
	w.t.Helper()
	spec := w.spec
	spec.Name, spec.RoleARN, spec.Alarms = "api", alarmRole, alarms
	dir := w.t.TempDir()
	specFile(w.t, dir, "api.json", spec)
	return filepath.Join(dir, "api.json")
}

// storedAPI is the spec the store holds for "api" (nil: none).
func storedAPI(w *world) *api.ServiceSpec {
	w.t.Helper()
	s, _, err := w.store.Spec(context.Background(), "api")
	if err != nil {
		w.t.Fatal(err)
	}
	return s
}

// decodePut decodes service put's JSON document.
func decodePut(t *testing.T, stdout string) (putDoc, map[string]any) {
	t.Helper()
	var doc putDoc
	var raw map[string]any
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("decode %q: %v", stdout, err)
	}
	if err := json.Unmarshal([]byte(stdout), &raw); err != nil {
		t.Fatalf("decode %q: %v", stdout, err)
	}
	return doc, raw
}

// noAWS is a Clients func that fails the test when called.
func noAWS(t *testing.T) func(context.Context, api.ServiceSpec) (awsapi.Clients, error) {
	return func(context.Context, api.ServiceSpec) (awsapi.Clients, error) {
		t.Errorf("service put reached AWS")
		return awsapi.Clients{}, errors.New("AWS must not be called")
	}
}

func TestServicePutWritesSpecWhoseAlarmsExist(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		w.cloud.CreateAlarm("api-5xx")
		w.cloud.SetAlarmState("api-latency", "ALARM")
		file := alarmSpecFile(w, "api-5xx", "api-latency")
		r := w.must(ExitOK, "--output", "json", "service", "put", "--file", file)
		doc, raw := decodePut(t, r.stdout)
		if doc.Result != "created" || !doc.AlarmsChecked || raw["warnings"] != nil {
			t.Fatalf("document: %s", r.stdout)
		}
		if s := storedAPI(w); s == nil || !slices.Equal(s.Alarms, []string{"api-5xx", "api-latency"}) {
			t.Fatalf("stored spec: %+v", s)
		}
		r = w.must(ExitOK, "service", "put", "--file", file)
		if !strings.Contains(r.stdout, "alarms checked: 2 alarms found in CloudWatch in us-east-1, account 123456789012") || r.stderr != "" {
			t.Fatalf("text: stdout %q stderr %q", r.stdout, r.stderr)
		}
	})
}

func TestServicePutRefusesMissingAlarms(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		w.cloud.CreateAlarm("api-5xx")
		file := alarmSpecFile(w, "api-5xx", "api-5xxx", "api-latency")
		r := w.must(ExitUsage, "service", "put", "--file", file)
		for _, want := range []string{`"api-5xxx", "api-latency"`, "2 alarms in alarms[] do not exist",
			"us-east-1, account 123456789012", "spelling", "region", "role_arn", "nothing was written"} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("stderr does not say %q:\n%s", want, r.stderr)
			}
		}
		if strings.Contains(r.stderr, `"api-5xx"`) {
			t.Errorf("stderr names the alarm that exists:\n%s", r.stderr)
		}
		r = w.must(ExitUsage, "--output", "json", "service", "put", "--file", file)
		var doc errorDoc
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || len(doc.Problems) != 2 ||
			!strings.HasPrefix(doc.Problems[0], `alarms[1]: "api-5xxx" does not exist`) ||
			!strings.HasPrefix(doc.Problems[1], `alarms[2]: "api-latency" does not exist`) {
			t.Fatalf("JSON document (%v): %s", err, r.stdout)
		}
		if s := storedAPI(w); s != nil {
			t.Fatalf("a spec with missing alarms was written: %+v", s)
		}
	})
}

// DescribeAlarms takes at most 100 names a call (simaws refuses more), so
// a long list is read in chunks and a missing name in a later chunk is
// still found.
func TestServicePutChecksAlarmsBeyondOneCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		var names []string
		for i := range 150 {
			names = append(names, fmt.Sprintf("api-alarm-%03d", i))
			if i != 120 {
				w.cloud.CreateAlarm(names[i])
			}
		}
		r := w.must(ExitUsage, "service", "put", "--file", alarmSpecFile(w, names...))
		if !strings.Contains(r.stderr, `1 alarm in alarms[] does not exist in CloudWatch in us-east-1, account 123456789012 (role `+alarmRole+`): "api-alarm-120"`) {
			t.Fatalf("stderr:\n%s", r.stderr)
		}
		w.cloud.CreateAlarm("api-alarm-120")
		w.must(ExitOK, "service", "put", "--file", alarmSpecFile(w, names...))
	})
}

func TestServicePutFailsWhenAlarmsCannotBeRead(t *testing.T) {
	for _, c := range []struct {
		name string
		code string // injected DescribeAlarms error; "" = the clients fail
		says string
	}{
		{"access denied", "AccessDenied", "access denied calling DescribeAlarms: the role needs cloudwatch:DescribeAlarms"},
		{"throttled", "Throttling", "Rate exceeded"},
		{"no clients", "", "open AWS clients: no region"},
	} {
		t.Run(c.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				w := newWorld(t, worldOpts{})
				w.cloud.CreateAlarm("api-5xx")
				deps := w.deps
				if c.code != "" {
					w.cloud.FailNext("DescribeAlarms", c.code, 1)
				} else {
					deps.Clients = func(context.Context, api.ServiceSpec) (awsapi.Clients, error) {
						return awsapi.Clients{}, errors.New("no region")
					}
				}
				r := w.runCtx(context.Background(), deps, "service", "put", "--file", alarmSpecFile(w, "api-5xx"))
				if r.code != ExitFailed {
					t.Fatalf("exit %d, want 1; stderr:\n%s", r.code, r.stderr)
				}
				for _, want := range []string{"could not check the alarms of api in CloudWatch in us-east-1", c.says, "nothing was written", "--offline"} {
					if !strings.Contains(r.stderr, want) {
						t.Errorf("stderr does not say %q:\n%s", want, r.stderr)
					}
				}
				if s := storedAPI(w); s != nil {
					t.Fatalf("written although the alarms could not be read: %+v", s)
				}
			})
		})
	}
}

func TestServicePutOfflineWritesWithAWarning(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		deps := w.deps
		deps.Clients = noAWS(t)
		file := alarmSpecFile(w, "api-5xx")
		r := w.runCtx(context.Background(), deps, "service", "put", "--file", file, "--offline")
		if r.code != ExitOK || !strings.Contains(r.stdout, "service api created") {
			t.Fatalf("text: exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
		}
		for _, want := range []string{"asgctl: warning: --offline", "(api-5xx) were not checked", "will revert every rollout of api"} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("text stderr does not say %q: %q", want, r.stderr)
			}
		}
		if s := storedAPI(w); s == nil || !slices.Equal(s.Alarms, []string{"api-5xx"}) {
			t.Fatalf("stored spec: %+v", s)
		}
		r = w.runCtx(context.Background(), deps, "--output", "json", "service", "put", "--file", file, "--offline")
		doc, _ := decodePut(t, r.stdout)
		if r.code != ExitOK || doc.Result != "unchanged" || doc.AlarmsChecked || len(doc.Warnings) != 1 ||
			!strings.Contains(doc.Warnings[0], "will revert every rollout of api") {
			t.Fatalf("JSON: exit %d stdout %s", r.code, r.stdout)
		}
		if r.stderr != "" {
			t.Fatalf("JSON mode printed the warning on stderr too: %q", r.stderr)
		}
	})
}

func TestServicePutWithoutAlarmsNeverCallsAWS(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		deps := w.deps
		deps.Clients = noAWS(t)
		file := alarmSpecFile(w)
		r := w.runCtx(context.Background(), deps, "service", "put", "--file", file)
		if r.code != ExitOK || r.stdout != "service api created (asgctl/services/api/spec)\n" || r.stderr != "" {
			t.Fatalf("text: exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
		}
		for _, extra := range [][]string{nil, {"--offline"}} {
			args := append([]string{"--output", "json", "service", "put", "--file", file}, extra...)
			r = w.runCtx(context.Background(), deps, args...)
			doc, raw := decodePut(t, r.stdout)
			if r.code != ExitOK || doc.Result != "unchanged" || raw["alarms_checked"] != false || raw["warnings"] != nil || r.stderr != "" {
				t.Fatalf("%v: exit %d stdout %s stderr %q", args, r.code, r.stdout, r.stderr)
			}
		}
	})
}

// compositeCloudWatch knows composite alarms only. Like CloudWatch, it
// shows them only to a DescribeAlarms that asks for composite alarms. Its
// other methods are the nil interface's: service put calls none of them.
type compositeCloudWatch struct {
	awsapi.CloudWatch
	names []string
}

func (f compositeCloudWatch) DescribeAlarms(_ context.Context, in *cloudwatch.DescribeAlarmsInput, _ ...func(*cloudwatch.Options)) (*cloudwatch.DescribeAlarmsOutput, error) {
	out := &cloudwatch.DescribeAlarmsOutput{}
	if !slices.Contains(in.AlarmTypes, cwtypes.AlarmTypeCompositeAlarm) {
		return out, nil
	}
	for _, n := range in.AlarmNames {
		if slices.Contains(f.names, n) {
			out.CompositeAlarms = append(out.CompositeAlarms, cwtypes.CompositeAlarm{AlarmName: aws.String(n), StateValue: cwtypes.StateValueOk})
		}
	}
	return out, nil
}

func TestServicePutAcceptsCompositeAlarms(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		deps := w.deps
		deps.Clients = func(context.Context, api.ServiceSpec) (awsapi.Clients, error) {
			return awsapi.Clients{CloudWatch: compositeCloudWatch{names: []string{"api-health"}}}, nil
		}
		r := w.runCtx(context.Background(), deps, "service", "put", "--file", alarmSpecFile(w, "api-health"))
		if r.code != ExitOK || storedAPI(w) == nil {
			t.Fatalf("exit %d stderr %q", r.code, r.stderr)
		}
	})
}

// The alarm check's output, in both formats, for review.
func TestServicePutAlarmsGolden(t *testing.T) {
	writeAlarmSpecs := func(w *world, dir string) {
		spec := w.spec
		spec.Name, spec.RoleARN, spec.Alarms = "api", alarmRole, []string{"api-5xx"}
		specFile(w.t, dir, "api.json", spec)
		spec.Alarms = []string{"api-5xx", "api-5xxx", "api-latency"}
		specFile(w.t, dir, "api-typo.json", spec)
		w.cloud.CreateAlarm("api-5xx")
	}
	steps := []step{
		{do: writeAlarmSpecs},
		show(0, "service", "put", "--file", "{dir}/api.json"),
		show(2, "service", "put", "--file", "{dir}/api-typo.json"),
		{do: func(w *world, _ string) { w.cloud.FailNext("DescribeAlarms", "AccessDenied", 1) }},
		show(1, "service", "put", "--file", "{dir}/api.json"),
		show(0, "service", "put", "--file", "{dir}/api-typo.json", "--offline"),
	}
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			var got string
			synctest.Test(t, func(t *testing.T) {
				got = transcript(t, newWorld(t, worldOpts{}), format, steps)
			})
			checkGolden(t, "spec_alarms_put."+format+".golden", got)
		})
	}
}
