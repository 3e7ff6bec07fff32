package awssdk

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// Every wrapper passes the gate under its own operation name, so each call
// draws from its operation's bucket and an access-denied error names its
// IAM actions.
func TestWrappersGateUnderTheirOwnName(t *testing.T) {
	var gated []string
	g := GateFunc(func(_ context.Context, op string) error {
		gated = append(gated, op)
		return context.Canceled // stop before the backend: no client needed
	})
	c := Gated(awsapi.Clients{}, g)
	for _, client := range []any{c.AutoScaling, c.EC2, c.ELBv2, c.CloudWatch} {
		v := reflect.ValueOf(client)
		for i := range v.NumMethod() {
			m, name := v.Method(i), v.Type().Method(i).Name
			gated = nil
			args := []reflect.Value{reflect.ValueOf(t.Context()), reflect.Zero(m.Type().In(1))}
			m.Call(args)
			if !slices.Equal(gated, []string{name}) {
				t.Errorf("%T.%s passed the gate as %q", client, name, gated)
			}
		}
	}
}

// Every throttling bucket an operation draws from has a default limit.
func TestEveryBucketHasADefaultLimit(t *testing.T) {
	limits := DefaultLimits()
	for _, op := range awsapi.Operations {
		if l, ok := limits[op.Bucket]; !ok || l.Rate <= 0 {
			t.Errorf("%s draws from bucket %s, which has no default limit", op.Name, op.Bucket)
		}
	}
}
