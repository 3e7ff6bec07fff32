package awsapitest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// testMetricAlarms: the alarm asgctl makes for a step or simple policy
// ("<group>-<policy>", invoking the policy) reads back as put, starts in
// INSUFFICIENT_DATA, is listed by its policy, and is replaced whole by a
// second put; DescribeAlarmsByName leaves unknown names out and takes more
// than 100 names; deleting the policy or the group leaves the alarm
// without the policy's action; DeleteAlarms removes it and ignores unknown
// names; invalid alarms are refused.
func testMetricAlarms(t *testing.T, s *suite) {
	lt := s.b.LaunchTemplate(t, "web", amiV1)
	s.createGroup(t, s.groupInput(t, "web-v001", lt, 0))
	s.putPolicy(t, stepPut("web-v001", "step-out"))
	s.putPolicy(t, simplePut("web-v001", "simple-in"))
	ps := s.policies(t, "web-v001")
	stepARN, simpleARN := aws.ToString(ps["step-out"].PolicyARN), aws.ToString(ps["simple-in"].PolicyARN)
	put := alarmPut("web-v001-step-out", stepARN, 70)
	s.putAlarm(t, put)
	s.putAlarm(t, alarmPut("web-v001-simple-in", simpleARN, 20))
	a := s.alarm(t, "web-v001-step-out")
	if want, have := viewOfAlarmPut(put), viewOfAlarm(a); want != have {
		t.Errorf("alarm reads back as\n%s\nwant\n%s", have, want)
	}
	t.Run("initial_state", func(t *testing.T) {
		s.skip(t, DiffAlarmInitialState)
		if a.StateValue != cwtypes.StateValueInsufficientData {
			t.Errorf("a new alarm is in state %s, want INSUFFICIENT_DATA", a.StateValue)
		}
	})
	t.Run("listed_by_policy", func(t *testing.T) {
		s.skip(t, DiffPolicyAlarms)
		if got := alarmNames(s.policies(t, "web-v001")["step-out"].Alarms); !slices.Equal(got, []string{"web-v001-step-out"}) {
			t.Errorf("DescribePolicies lists alarms %q for step-out, want web-v001-step-out", got)
		}
	})
	t.Run("replace", func(t *testing.T) {
		again := alarmPut("web-v001-step-out", stepARN, 80)
		again.EvaluationPeriods, again.AlarmDescription = aws.Int32(5), nil
		s.putAlarm(t, again)
		if want, have := viewOfAlarmPut(again), viewOfAlarm(s.alarm(t, "web-v001-step-out")); want != have {
			t.Errorf("after a second put the alarm reads\n%s\nwant\n%s", have, want)
		}
	})
	t.Run("by_name", func(t *testing.T) { s.checkAlarmsByName(t) })
	t.Run("policy_deleted", func(t *testing.T) {
		noErr(t, s.deletePolicy(t, "web-v001", "step-out"), "delete step-out")
		s.wantAlarmActions(t, "web-v001-step-out")
	})
	t.Run("group_deleted", func(t *testing.T) {
		noErr(t, s.deleteGroup(t, "web-v001", false), "delete web-v001")
		s.waitGone(t, "web-v001")
		s.wantAlarmActions(t, "web-v001-simple-in")
	})
	t.Run("delete", func(t *testing.T) {
		_, err := s.c.CloudWatch.DeleteAlarms(t.Context(), &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"web-v001-step-out", "no-such-alarm"}})
		noErr(t, err, "delete an alarm and an unknown one")
		if got := s.alarmNamed(t, "web-v001-step-out", "web-v001-simple-in"); !slices.Equal(got, []string{"web-v001-simple-in"}) {
			t.Errorf("after the delete CloudWatch has %q, want web-v001-simple-in alone", got)
		}
	})
	t.Run("invalid", func(t *testing.T) { s.checkAlarmValidation(t, simpleARN) })
}

// wantAlarmActions: the alarm outlived its policy, which is no longer
// among its actions.
func (s *suite) wantAlarmActions(t *testing.T, name string) {
	t.Helper()
	a := s.alarm(t, name)
	s.skip(t, DiffDeletedPolicyActions)
	if len(a.AlarmActions) != 0 {
		t.Errorf("alarm %s still invokes %q after its policy went", name, a.AlarmActions)
	}
}

// checkAlarmsByName: unknown names are left out, and more than 100 names
// are asked for in chunks.
func (s *suite) checkAlarmsByName(t *testing.T) {
	names := []string{"web-v001-simple-in"}
	for i := range 150 {
		names = append(names, fmt.Sprintf("no-such-alarm-%03d", i))
	}
	names = append(names, "web-v001-step-out")
	got, err := awsapi.DescribeAlarmsByName(t.Context(), s.c.CloudWatch, names)
	noErr(t, err, "describe 152 alarms by name")
	var found []string
	for _, a := range got {
		found = append(found, aws.ToString(a.AlarmName))
	}
	if !sameSet(found, []string{"web-v001-simple-in", "web-v001-step-out"}) {
		t.Errorf("DescribeAlarmsByName found %q, want the two alarms that exist", found)
	}
}

// checkAlarmValidation: alarms CloudWatch refuses are validation errors
// and are not created.
func (s *suite) checkAlarmValidation(t *testing.T, policy string) {
	s.skip(t, DiffAlarmValidation)
	noThreshold, badPeriod, tooManyActions := alarmPut("no-threshold", policy, 1), alarmPut("bad-period", policy, 1), alarmPut("too-many-actions", policy, 1)
	noThreshold.Threshold = nil
	badPeriod.Period = aws.Int32(45)
	tooManyActions.AlarmActions = slices.Repeat([]string{policy}, 6)
	for _, in := range []*cloudwatch.PutMetricAlarmInput{noThreshold, badPeriod, tooManyActions} {
		_, err := s.c.CloudWatch.PutMetricAlarm(t.Context(), in)
		wantClass(t, err, awsapi.ClassValidation, "put alarm "+aws.ToString(in.AlarmName))
	}
	if got := s.alarmNamed(t, "no-threshold", "bad-period", "too-many-actions"); len(got) != 0 {
		t.Errorf("refused puts left alarms %q", got)
	}
}
