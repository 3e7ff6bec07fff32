package motohost

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// DescribeTargetHealth asks moto and rewrites its answer from the
// overlay's checks (see rewrite). A target moto reports healthy and whose
// instance is hosted is checked from now on, starting "initial". Errors
// pass through unchanged.
func (o *Overlay) DescribeTargetHealth(ctx context.Context, in *elbv2.DescribeTargetHealthInput, optFns ...func(*elbv2.Options)) (*elbv2.DescribeTargetHealthOutput, error) {
	out, err := o.inner.DescribeTargetHealth(ctx, in, optFns...)
	if err != nil || out == nil || in == nil {
		return out, err
	}
	tg, explicit := aws.ToString(in.TargetGroupArn), len(in.Targets) > 0
	hosted := map[string]bool{}
	for _, d := range out.TargetHealthDescriptions {
		if id := targetID(d); id != "" {
			hosted[id] = o.cfg.Hosted.Hosted(id)
		}
	}
	o.st.mu.Lock()
	defer o.st.mu.Unlock()
	o.track(tg, explicit, out.TargetHealthDescriptions, hosted)
	answer := *out
	answer.TargetHealthDescriptions = rewrite(out.TargetHealthDescriptions, explicit, func(id string) targetView {
		return targetView{hosted: hosted[id], check: o.st.targets[targetKey{tg, id}]}
	})
	return &answer, nil
}

// track starts checking the targets of tg that moto reports healthy and
// that are hosted. After a full answer (no Targets asked for) it stops
// checking the targets of tg that moto no longer reports healthy. The
// caller holds o.st.mu.
func (o *Overlay) track(tg string, explicit bool, descs []elbtypes.TargetHealthDescription, hosted map[string]bool) {
	listed := map[string]bool{}
	for _, d := range descs {
		id := targetID(d)
		if id == "" || !motoHealthy(d) || !hosted[id] {
			continue
		}
		listed[id] = true
		if _, ok := o.st.targets[targetKey{tg, id}]; !ok {
			o.st.targets[targetKey{tg, id}] = newCheckState()
		}
	}
	if explicit {
		return
	}
	for k := range o.st.targets {
		if k.tg == tg && !listed[k.id] {
			delete(o.st.targets, k)
		}
	}
}

// targetID is the instance id of a description, or "".
func targetID(d elbtypes.TargetHealthDescription) string {
	if d.Target == nil {
		return ""
	}
	return aws.ToString(d.Target.Id)
}

// motoHealthy reports whether moto says the target is healthy: registered,
// in moto's words, since moto runs no checks.
func motoHealthy(d elbtypes.TargetHealthDescription) bool {
	return d.TargetHealth != nil && d.TargetHealth.State == elbtypes.TargetHealthStateEnumHealthy
}
