package observe

import (
	"context"
	"fmt"
	"sort"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// alarmChunk is the most alarm names DescribeAlarms accepts at once.
const alarmChunk = 100

// ReadAlarms returns name -> state for the named alarms (metric and
// composite). Alarms CloudWatch does not know are absent from the map.
func ReadAlarms(ctx context.Context, cw awsapi.CloudWatch, names []string) (map[string]string, error) {
	sorted := uniqueSorted(names)
	out := make(map[string]string, len(sorted))
	for start := 0; start < len(sorted); start += alarmChunk {
		chunk := sorted[start:min(start+alarmChunk, len(sorted))]
		if err := readAlarmChunk(ctx, cw, chunk, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func readAlarmChunk(ctx context.Context, cw awsapi.CloudWatch, names []string, out map[string]string) error {
	in := &cloudwatch.DescribeAlarmsInput{
		AlarmNames: names,
		AlarmTypes: []cwtypes.AlarmType{cwtypes.AlarmTypeMetricAlarm, cwtypes.AlarmTypeCompositeAlarm},
		MaxRecords: aws.Int32(alarmChunk),
	}
	states, err := awsapi.AlarmStates(ctx, cw, in)
	if err != nil {
		return fmt.Errorf("describe %d alarms from %q: %w", len(names), names[0], err)
	}
	for name, state := range states {
		out[name] = state
	}
	return nil
}

func uniqueSorted(in []string) []string {
	out := append([]string(nil), in...)
	sort.Strings(out)
	n := 0
	for i, s := range out {
		if i == 0 || s != out[n-1] {
			out[n] = s
			n++
		}
	}
	return out[:n]
}
