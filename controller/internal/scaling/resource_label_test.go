package scaling

import (
	"strings"
	"testing"
)

func TestResourceLabel(t *testing.T) {
	for _, tc := range []struct{ name, listener, tg, want string }{
		{"listener", testListener, testTGBlue, testLabel},
		{"listener rule", testRule, testTGBlue, testLabel},
		{"other target group", testListener, testTGGreen, "app/web/50dc6c495c0c9188/targetgroup/web-green/8f1e2a3b4c5d6e7f"},
		{"china partition",
			"arn:aws-cn:elasticloadbalancing:cn-north-1:123456789012:listener/app/api-prod/0123456789abcdef/fedcba9876543210",
			"arn:aws-cn:elasticloadbalancing:cn-north-1:123456789012:targetgroup/api-a/1111222233334444",
			"app/api-prod/0123456789abcdef/targetgroup/api-a/1111222233334444"},
	} {
		got, err := ResourceLabel(tc.listener, tc.tg)
		if err != nil || got != tc.want {
			t.Errorf("%s: ResourceLabel = %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
}

func TestResourceLabelErrors(t *testing.T) {
	const acct = "arn:aws:elasticloadbalancing:us-east-1:123456789012:"
	for _, tc := range []struct{ name, listener, tg, want string }{
		{"empty listener", "", testTGBlue, `listener: "" is not an elasticloadbalancing ARN`},
		{"not an ARN", "web-listener", testTGBlue, `listener: "web-listener" is not an elasticloadbalancing ARN`},
		{"other service", "arn:aws:autoscaling:us-east-1:123456789012:listener/app/web/1/2", testTGBlue, "is not an elasticloadbalancing ARN"},
		{"target group as listener", testTGBlue, testTGBlue, "listener: " + `"` + testTGBlue + `" does not have the shape`},
		{"listener without its id", acct + "listener/app/web/50dc6c495c0c9188", testTGBlue, "does not have the shape arn:aws:elasticloadbalancing:<region>:<account>:listener/app/"},
		{"rule without its id", acct + "listener-rule/app/web/50dc/f2f7", testTGBlue, "listener-rule/app/<lb-name>/<lb-id>/<listener-id>/<rule-id>"},
		{"empty element", acct + "listener/app//50dc6c495c0c9188/f2f7", testTGBlue, "does not have the shape"},
		{"network load balancer", acct + "listener/net/web/50dc6c495c0c9188/f2f7", testTGBlue, `belongs to a "net" load balancer; ALBRequestCountPerTarget needs an application load balancer`},
		{"empty target group", testListener, "", `target group: "" is not an elasticloadbalancing ARN`},
		{"listener as target group", testListener, testListener, "target group: " + `"` + testListener + `" does not have the shape arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<tg-name>/<tg-id>`},
		{"target group with extra part", testListener, testTGBlue + "/x", "does not have the shape"},
		{"other region", testListener, "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-blue/73e2d6bc24d8a067",
			"is in eu-west-1/123456789012 but the load balancer of"},
		{"other account", testListener, "arn:aws:elasticloadbalancing:us-east-1:999999999999:targetgroup/web-blue/73e2d6bc24d8a067",
			"must be in the same region and account"},
	} {
		got, err := ResourceLabel(tc.listener, tc.tg)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "resource label: ") {
			t.Errorf("%s: ResourceLabel = %q, %v; want an error containing %q", tc.name, got, err, tc.want)
		}
	}
}
