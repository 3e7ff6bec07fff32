package motoserver

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

var moto Shared

func TestMain(m *testing.M) {
	code := m.Run()
	moto.Stop()
	os.Exit(code)
}

func TestSharedServerAnswersTheSDK(t *testing.T) {
	s := moto.Server(t)
	if !strings.HasPrefix(s.URL, "http://127.0.0.1:") {
		t.Fatalf("URL = %q, want a loopback address", s.URL)
	}
	cw := cloudwatch.NewFromConfig(s.Config(t), CloudWatchProtocol)
	putAlarm(t, cw, "harness")
	if got := alarmNames(t, cw); len(got) != 1 || got[0] != "harness" {
		t.Fatalf("alarms = %q, want [harness]", got)
	}
}

func TestResetEmptiesTheServer(t *testing.T) {
	s := moto.Server(t)
	cw := cloudwatch.NewFromConfig(s.Config(t), CloudWatchProtocol)
	putAlarm(t, cw, "before-reset")
	s.Reset(t)
	if got := alarmNames(t, cw); len(got) != 0 {
		t.Fatalf("alarms after reset = %q, want none", got)
	}
}

func TestStopEndsTheProcessGroup(t *testing.T) {
	if Available() != nil {
		t.Skip("moto_server is not on PATH")
	}
	s, stop, err := StartMain()
	if err != nil {
		t.Fatal(err)
	}
	pgid := s.proc.cmd.Process.Pid
	stop()
	stop() // a second stop is harmless
	if err := syscall.Kill(-pgid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Fatalf("process group %d still exists after stop (kill 0: %v)", pgid, err)
	}
	client := &http.Client{Timeout: time.Second}
	if resp, err := client.Get(s.URL + "/moto-api/"); err == nil {
		resp.Body.Close()
		t.Fatalf("%s still answers after stop", s.URL)
	}
	if !strings.Contains(s.Tail(), "gone") {
		t.Fatalf("Tail after stop = %q, want it to say the output is gone", s.Tail())
	}
}

func TestUseSkipsOrFailsWhenMissing(t *testing.T) {
	missing := fmt.Errorf("%w: test", ErrNotInstalled)
	for _, tc := range []struct {
		ci, want string
		err      error
	}{
		{"", "skip", missing},
		{"false", "skip", missing},
		{"true", "fatal", missing},
		{"", "fatal", errors.New("port in use")},
	} {
		t.Setenv("CI", tc.ci)
		rec := &recorder{TB: t}
		if got := Use(rec, nil, tc.err); got != nil || rec.ended != tc.want {
			t.Errorf("CI=%q err=%v: Use returned %v and %q, want nil and %q", tc.ci, tc.err, got, rec.ended, tc.want)
		}
	}
}

func TestTailQuotesTheEndOfTheOutput(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "log")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(f, "%s\nlast line\n", strings.Repeat("x", 2*tailBytes))
	f.Close()
	got := (&process{logPath: f.Name()}).tail()
	if !strings.HasSuffix(got, "\nlast line") || len(got) > tailBytes+100 {
		t.Fatalf("tail = %d bytes ending %q", len(got), got[max(0, len(got)-20):])
	}
}

// recorder is a testing.TB that records how Use ended a test.
type recorder struct {
	testing.TB
	ended string
}

func (r *recorder) Helper()               { r.TB.Helper() }
func (r *recorder) Skipf(string, ...any)  { r.ended = "skip" }
func (r *recorder) Fatalf(string, ...any) { r.ended = "fatal" }

func putAlarm(t *testing.T, cw *cloudwatch.Client, name string) {
	t.Helper()
	_, err := cw.PutMetricAlarm(context.Background(), &cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String(name), MetricName: aws.String("m"), Namespace: aws.String("asgctl"),
		Statistic: cwtypes.StatisticAverage, Period: aws.Int32(60), EvaluationPeriods: aws.Int32(1),
		Threshold: aws.Float64(1), ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanThreshold,
	})
	if err != nil {
		t.Fatalf("put alarm: %v", err)
	}
}

func alarmNames(t *testing.T, cw *cloudwatch.Client) []string {
	t.Helper()
	out, err := cw.DescribeAlarms(context.Background(), &cloudwatch.DescribeAlarmsInput{})
	if err != nil {
		t.Fatalf("describe alarms: %v", err)
	}
	var names []string
	for _, a := range out.MetricAlarms {
		names = append(names, aws.ToString(a.AlarmName))
	}
	return names
}
