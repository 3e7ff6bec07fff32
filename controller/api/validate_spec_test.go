package api

import (
	"strings"
	"testing"
)

const (
	testListener = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2"
	testTG       = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-blue/73e2d6bc24d8a067"
)

func TestExampleSpecValidates(t *testing.T) {
	s, err := DecodeSpec(readTestdata(t, "spec.json"))
	if err != nil {
		t.Fatalf("example spec: %v", err)
	}
	if s.Name != "web" || len(s.Steps) != 3 || s.Tags["team"] != "platform" {
		t.Fatalf("example spec decoded wrongly: %+v", s)
	}
}

// specCase mutates the example spec and expects one problem naming field and
// containing text (or no problem at all when field is empty).
type specCase struct {
	name   string
	mutate func(s *ServiceSpec)
	field  string
	text   string
}

func runSpecCases(t *testing.T, cases []specCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := exampleSpec(t)
			tc.mutate(s)
			got := problemsOf(t, s.Validate())
			if tc.field == "" {
				if len(got) != 0 {
					t.Fatalf("want valid, got %q", got)
				}
				return
			}
			if !hasProblem(got, tc.field, tc.text) {
				t.Fatalf("want a problem %q containing %q, got %q", tc.field, tc.text, got)
			}
		})
	}
}

func TestSpecIdentityRules(t *testing.T) {
	runSpecCases(t, []specCase{
		{"version 0", func(s *ServiceSpec) { s.Version = 0 }, "version", "must be 1, got 0"},
		{"version 2", func(s *ServiceSpec) { s.Version = 2 }, "version", "must be 1, got 2"},
		{"name missing", func(s *ServiceSpec) { s.Name = "" }, "name", "required"},
		{"name upper", func(s *ServiceSpec) { s.Name = "Web" }, "name", `"Web" must be`},
		{"name digit first", func(s *ServiceSpec) { s.Name = "1web" }, "name", "starting with a letter"},
		{"name underscore", func(s *ServiceSpec) { s.Name = "my_web" }, "name", "lowercase letters, digits or dashes"},
		{"name 41 chars", func(s *ServiceSpec) { s.Name = "a" + strings.Repeat("b", 40) }, "name", "1-40"},
		{"name 40 chars ok", func(s *ServiceSpec) { s.Name = "a" + strings.Repeat("-9", 19) + "z" }, "", ""},
		{"name one letter ok", func(s *ServiceSpec) { s.Name = "w" }, "", ""},
		{"region missing", func(s *ServiceSpec) { s.Region = "" }, "region", "required"},
		{"role arn wrong service", func(s *ServiceSpec) { s.RoleARN = "arn:aws:sts::123456789012:role/x" }, "role_arn", "not an IAM role ARN"},
		{"role arn short account", func(s *ServiceSpec) { s.RoleARN = "arn:aws:iam::12345:role/x" }, "role_arn", "not an IAM role ARN"},
		{"role arn no role name", func(s *ServiceSpec) { s.RoleARN = "arn:aws:iam::123456789012:role/" }, "role_arn", "not an IAM role ARN"},
		{"role arn user", func(s *ServiceSpec) { s.RoleARN = "arn:aws:iam::123456789012:user/x" }, "role_arn", "not an IAM role ARN"},
		{"role arn gov partition ok", func(s *ServiceSpec) { s.RoleARN = "arn:aws-us-gov:iam::123456789012:role/path/deploy" }, "", ""},
		{"no role arn no external id ok", func(s *ServiceSpec) { s.RoleARN, s.ExternalID = "", "" }, "", ""},
		{"external id without role", func(s *ServiceSpec) { s.RoleARN = "" }, "external_id", "role_arn"},
	})
}

func TestSpecNetworkRules(t *testing.T) {
	otherTG := strings.Replace(testTG, "web-blue", "web-green", 1)
	runSpecCases(t, []specCase{
		{"launch template missing", func(s *ServiceSpec) { s.LaunchTemplateID = "" }, "launch_template_id", "required"},
		{"launch template prefix", func(s *ServiceSpec) { s.LaunchTemplateID = "ami-123" }, "launch_template_id", `must start with "lt-"`},
		{"subnets nil", func(s *ServiceSpec) { s.Subnets = nil }, "subnets", "at least one subnet"},
		{"subnets empty", func(s *ServiceSpec) { s.Subnets = []string{} }, "subnets", "at least one subnet"},
		{"subnet prefix", func(s *ServiceSpec) { s.Subnets[1] = "sn-1" }, "subnets[1]", `must start with "subnet-"`},
		{"subnet duplicate", func(s *ServiceSpec) { s.Subnets[2] = s.Subnets[0] }, "subnets[2]", "duplicate of subnets[0]"},
		{"listener missing", func(s *ServiceSpec) { s.ListenerARN = "" }, "listener_arn", "required"},
		{"listener is a target group", func(s *ServiceSpec) { s.ListenerARN = testTG }, "listener_arn", `":listener/"`},
		{"listener not elb", func(s *ServiceSpec) {
			s.ListenerARN = "arn:aws:ec2:us-east-1:123456789012:listener/app/x/1/2"
		}, "listener_arn", "not an elasticloadbalancing ARN"},
		{"listener is a rule", func(s *ServiceSpec) { s.ListenerARN = s.RuleARN }, "listener_arn", `":listener/"`},
		{"rule is a listener", func(s *ServiceSpec) { s.RuleARN = testListener }, "rule_arn", `":listener-rule/"`},
		{"no rule ok", func(s *ServiceSpec) { s.RuleARN = "" }, "", ""},
		{"one target group", func(s *ServiceSpec) { s.TargetGroups = s.TargetGroups[:1] }, "target_groups", "exactly 2"},
		{"three target groups", func(s *ServiceSpec) {
			s.TargetGroups = append(s.TargetGroups, strings.Replace(testTG, "web-blue", "web-red", 1))
		}, "target_groups", "got 3"},
		{"target group is a listener", func(s *ServiceSpec) { s.TargetGroups[1] = testListener }, "target_groups[1]", `":targetgroup/"`},
		{"target group garbage", func(s *ServiceSpec) { s.TargetGroups[0] = "web-blue" }, "target_groups[0]", "not an elasticloadbalancing ARN"},
		{"target groups equal", func(s *ServiceSpec) { s.TargetGroups = []string{otherTG, otherTG} }, "target_groups", "the two target groups must differ"},
	})
}

func TestSpecCapacityRules(t *testing.T) {
	capOf := func(min, max, desired int) func(*ServiceSpec) {
		return func(s *ServiceSpec) { s.Capacity = Capacity{Min: min, Max: max, Desired: desired} }
	}
	runSpecCases(t, []specCase{
		{"min negative", capOf(-1, 2, 1), "capacity.min", "must not be negative"},
		{"max zero", capOf(0, 0, 0), "capacity.max", "at least 1"},
		{"min above max", capOf(3, 2, 2), "capacity.min", "must not exceed max (2)"},
		{"desired below min", capOf(2, 4, 1), "capacity.desired", "between min (2) and max (4), got 1"},
		{"desired above max", capOf(1, 4, 5), "capacity.desired", "between min (1) and max (4), got 5"},
		{"all zero but max ok", capOf(0, 1, 0), "", ""},
		{"all equal ok", capOf(3, 3, 3), "", ""},
		{"grace negative", func(s *ServiceSpec) { s.HealthCheckGracePeriod = -1 }, "health_check_grace_period", "must not be negative"},
		{"warmup negative", func(s *ServiceSpec) { s.InstanceWarmup = -1 }, "instance_warmup", "must not be negative"},
		{"grace and warmup zero ok", func(s *ServiceSpec) { s.HealthCheckGracePeriod, s.InstanceWarmup = 0, 0 }, "", ""},
	})
}
