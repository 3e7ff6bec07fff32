package docs

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// minimalSpec and minimalAgent are the smallest valid documents: every
// other field takes its default.
const (
	minimalSpec = `{
  "version": 1, "name": "web", "region": "us-east-1",
  "launch_template_id": "lt-0123456789abcdef0", "subnets": ["subnet-0aaa1111"],
  "listener_arn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2",
  "target_groups": [
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-a/73e2d6bc24d8a067",
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-b/8f1e2a3b4c5d6e7f"
  ],
  "capacity": {"max": 4}
}`
	minimalAgent = `{
  "version": 1, "service": "web", "processes": 2, "command": ["bin/web", "--port", "{port}"],
  "artifacts": {"allow": ["s3://artifacts-bucket/web/"]}
}`
)

// TestSchemaDefaultsAreTheGoDefaults checks every "default" a schema
// states for a field of the minimal document against what the Go code
// fills in: api.ServiceSpec.WithDefaults, and `asgctl-agent --check`.
func TestSchemaDefaultsAreTheGoDefaults(t *testing.T) {
	spec, err := api.DecodeSpec([]byte(minimalSpec))
	if err != nil {
		t.Fatalf("the minimal spec: %v", err)
	}
	specOut, err := json.Marshal(spec.WithDefaults())
	if err != nil {
		t.Fatal(err)
	}
	agentOut, err := loadAgentConfig(t, []byte(minimalAgent))
	if err != nil {
		t.Fatalf("the minimal agent config: %v", err)
	}
	for name, out := range map[string][]byte{"service-spec": specOut, "agent-config": agentOut} {
		t.Run(name, func(t *testing.T) {
			var got map[string]any
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatal(err)
			}
			doc := readSchemaDoc(t, name)
			problems, checked := compareDefaults(doc, "", doc, got)
			for _, p := range problems {
				t.Error(p)
			}
			if checked < 5 {
				t.Errorf("only %d defaults checked: the walk misses the schema's defaults", checked)
			}
		})
	}
}

// compareDefaults walks the object schema node alongside the Go output
// got and compares each property's "default" with got's value. It returns
// the disagreements and how many defaults it compared.
func compareDefaults(doc map[string]any, path string, node, got map[string]any) (problems []string, checked int) {
	n, err := resolveRef(doc, node)
	if err != nil {
		return []string{fmt.Sprintf("%s: %v", orRoot(path), err)}, 0
	}
	props, _ := n["properties"].(map[string]any)
	for name, p := range props {
		prop, _ := p.(map[string]any)
		field := join(path, name)
		if def, ok := prop["default"]; ok {
			checked++
			if v, present := got[name]; !present || !sameDefault(def, v) {
				problems = append(problems, fmt.Sprintf("%s: the schema's default is %v, the Go code fills in %v", field, def, v))
			}
		}
		if sub, ok := got[name].(map[string]any); ok {
			pp, c := compareDefaults(doc, field, prop, sub)
			problems, checked = append(problems, pp...), checked+c
		}
	}
	return problems, checked
}

// sameDefault compares a schema default with a Go value: durations by
// their length ("60s" is "1m0s"), anything else exactly.
func sameDefault(def, got any) bool {
	ds, ok1 := def.(string)
	gs, ok2 := got.(string)
	if ok1 && ok2 {
		dd, err1 := time.ParseDuration(ds)
		gd, err2 := time.ParseDuration(gs)
		if err1 == nil && err2 == nil {
			return dd == gd
		}
	}
	return reflect.DeepEqual(def, got)
}
