package docs

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

// agreementCase is a change to a minimal document and whether the result
// is valid: the schema and the Go loader must both say so.
type agreementCase struct {
	name  string
	set   map[string]any // dotted path -> new value (nil sets JSON null)
	valid bool
}

// TestSchemaAndGoAgree applies each case to the minimal document and
// checks that the schema and the Go loader reach the same verdict, the
// expected one.
func TestSchemaAndGoAgree(t *testing.T) {
	suites := map[string]struct {
		base  string
		cases []agreementCase
	}{
		"service-spec": {minimalSpec, specAgreementCases()},
		"agent-config": {minimalAgent, agentAgreementCases()},
	}
	for schema, s := range suites {
		for _, c := range s.cases {
			t.Run(schema+"/"+c.name, func(t *testing.T) {
				data := patched(t, s.base, c.set)
				schemaErr := validateJSON(t, schema, data)
				goErr := loadAs(t, schema, data)
				if (schemaErr == nil) != c.valid || (goErr == nil) != c.valid {
					t.Errorf("want valid=%v; the schema says %v, the Go loader says %v\n%s", c.valid, orOK(schemaErr), orOK(goErr), data)
				}
			})
		}
	}
}

func specAgreementCases() []agreementCase {
	policy := map[string]any{"name": "cpu50", "target_tracking": map[string]any{"metric": "ASGAverageCPUUtilization", "target": 50}}
	return []agreementCase{
		{"minimal", nil, true},
		{"unknown field", map[string]any{"capacty": map[string]any{"max": 1}}, false},
		{"unknown nested field", map[string]any{"capacity.maximum": 4}, false},
		{"version 2", map[string]any{"version": 2}, false},
		{"name with capitals", map[string]any{"name": "Web"}, false},
		{"no region", map[string]any{"region": ""}, false},
		{"one target group", map[string]any{"target_groups": []any{"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-a/1"}}, false},
		{"duplicate subnets", map[string]any{"subnets": []any{"subnet-1", "subnet-1"}}, false},
		{"a listener rule ARN as the listener", map[string]any{"listener_arn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/1/2/3"}, false},
		{"duration as a number", map[string]any{"progress_deadline": 900}, false},
		{"duration in words", map[string]any{"scale_down_delay": "5 minutes"}, false},
		{"zero scale-down delay", map[string]any{"scale_down_delay": "0s"}, true},
		{"null optional fields", map[string]any{"steps": nil, "keep_previous": nil, "tags": nil, "health_check_grace_period": nil}, true},
		{"empty steps", map[string]any{"steps": []any{}}, false},
		{"steps with a manual gate", map[string]any{"steps": []any{map[string]any{"weight": 25, "pause": "manual"}, map[string]any{"weight": 100}}}, true},
		{"pause in words", map[string]any{"steps": []any{map[string]any{"weight": 25, "pause": "soon"}, map[string]any{"weight": 100}}}, false},
		{"keep_previous 11", map[string]any{"keep_previous": 11}, false},
		{"min_healthy_percent 0", map[string]any{"min_healthy_percent": 0}, false},
		{"reserved tag", map[string]any{"tags": map[string]any{"asgctl:owner": "me"}}, false},
		{"tags", map[string]any{"tags": map[string]any{"team": "platform"}}, true},
		{"insufficient data maybe", map[string]any{"alarm_insufficient_data": "maybe"}, false},
		{"external id without a role", map[string]any{"external_id": "x"}, false},
		{"external id with a role", map[string]any{"role_arn": "arn:aws:iam::123456789012:role/asgctl-deploy", "external_id": "x"}, true},
		{"a bad role ARN", map[string]any{"role_arn": "asgctl-deploy"}, false},
		{"a target-tracking policy", map[string]any{"scaling_policies": []any{policy}}, true},
		{"a policy of two kinds", map[string]any{"scaling_policies": []any{map[string]any{"name": "x",
			"target_tracking": policy["target_tracking"], "simple": map[string]any{}}}}, false},
		{"a policy of no kind", map[string]any{"scaling_policies": []any{map[string]any{"name": "x"}}}, false},
		{"an unknown predefined metric", map[string]any{"scaling_policies": []any{map[string]any{"name": "x",
			"target_tracking": map[string]any{"metric": "CPU", "target": 50}}}}, false},
		{"a scheduled action", map[string]any{"scheduled_actions": []any{map[string]any{"name": "am",
			"recurrence": "0 8 * * MON-FRI", "time_zone": "Europe/Berlin", "desired": 6}}}, true},
		{"a four-field recurrence", map[string]any{"scheduled_actions": []any{map[string]any{"name": "am",
			"recurrence": "0 8 * MON-FRI", "desired": 6}}}, false},
		{"a scheduled action that sets nothing", map[string]any{"scheduled_actions": []any{map[string]any{"name": "am",
			"recurrence": "0 8 * * *"}}}, false},
	}
}

func agentAgreementCases() []agreementCase {
	cases := []agreementCase{
		{"minimal", nil, true},
		{"unknown field", map[string]any{"proceses": 4}, false},
		{"unknown nested field", map[string]any{"health.paht": "/ping"}, false},
		{"version 2", map[string]any{"version": 2}, false},
		{"no processes", map[string]any{"processes": 0}, false},
		{"null optional fields", map[string]any{"base_port": nil, "consul": nil, "health": nil, "env_allow": nil}, true},
		{"zero values take defaults", map[string]any{"base_port": 0, "health.interval": "0s", "rotation.driver": ""}, true},
		{"interval in words", map[string]any{"health.interval": "fast"}, false},
		{"unknown rotation driver", map[string]any{"rotation.driver": "envoy"}, false},
		{"haproxy", map[string]any{"rotation": map[string]any{"driver": "haproxy",
			"haproxy_socket": "/run/haproxy/admin.sock", "haproxy_backend": "web"}}, true},
		{"haproxy without its socket", map[string]any{"rotation": map[string]any{"driver": "haproxy", "haproxy_backend": "web"}}, false},
		{"haproxy with a listen address", map[string]any{"listen": "0.0.0.0:8080", "rotation": map[string]any{"driver": "haproxy",
			"haproxy_socket": "/run/haproxy/admin.sock", "haproxy_backend": "web"}}, false},
		{"nginx", map[string]any{"rotation": map[string]any{"driver": "nginx",
			"nginx_upstream_file": "/etc/nginx/upstreams/web.conf", "nginx_pid_file": "/run/nginx.pid"}}, true},
		{"nginx with an haproxy backend", map[string]any{"rotation": map[string]any{"driver": "nginx", "haproxy_backend": "web",
			"nginx_upstream_file": "/etc/nginx/upstreams/web.conf", "nginx_pid_file": "/run/nginx.pid"}}, false},
		{"builtin with an nginx setting", map[string]any{"rotation.nginx_pid_file": "/run/nginx.pid"}, false},
		{"systemd", map[string]any{"supervisor": map[string]any{"driver": "systemd"}}, true},
		{"systemd with run_as", map[string]any{"supervisor": map[string]any{"driver": "systemd", "run_as": "asgctl-web"}}, false},
		{"run_as under exec", map[string]any{"supervisor.run_as": "asgctl-web"}, true},
		{"allow entry without a trailing slash", map[string]any{"artifacts.allow": []any{"s3://artifacts-bucket/web"}}, false},
		{"relative state directory", map[string]any{"dirs": map[string]any{"state": "var/lib/web"}}, false},
		{"state directory with a trailing slash", map[string]any{"dirs": map[string]any{"state": "/var/lib/web/"}}, false},
		{"a webhook that is no URL", map[string]any{"notify.webhook_url": "hooks.slack.com/x"}, false},
		{"env_allow of a name that needs no allowing", map[string]any{"env_allow": []any{"HOME"}}, false},
	}
	for _, name := range api.DeniedEnvList() {
		name = strings.ReplaceAll(name, "*", "PRELOAD")
		cases = append(cases, agreementCase{"env_allow " + name, map[string]any{"env_allow": []any{name}}, true})
	}
	return cases
}

// patched is base with each dotted path in set given its value.
func patched(t *testing.T, base string, set map[string]any) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(base), &doc); err != nil {
		t.Fatal(err)
	}
	for path, v := range set {
		keys := strings.Split(path, ".")
		cur := doc
		for _, k := range keys[:len(keys)-1] {
			next, ok := cur[k].(map[string]any)
			if !ok {
				next = map[string]any{}
				cur[k] = next
			}
			cur = next
		}
		cur[keys[len(keys)-1]] = v
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func orOK(err error) string {
	if err == nil {
		return "valid"
	}
	return err.Error()
}
