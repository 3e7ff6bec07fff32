package awslog

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/aws/smithy-go/logging"
)

// The SDK's warnings come out as JSON records at warn, its debug
// messages at debug, each with the SDK's text under aws_sdk.
func TestSDKMessagesBecomeJSONRecords(t *testing.T) {
	var buf bytes.Buffer
	l := New(slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	logging.WithContext(context.Background(), l).Logf(logging.Warn, "Response has no supported checksum. Not validating response payload.")
	l.Logf(logging.Debug, "retrying request %s/%s, attempt %d", "S3", "GetObject", 2)
	dec := json.NewDecoder(&buf)
	want := []struct{ level, text string }{
		{"WARN", "Response has no supported checksum. Not validating response payload."},
		{"DEBUG", "retrying request S3/GetObject, attempt 2"},
	}
	for _, w := range want {
		var rec map[string]any
		if err := dec.Decode(&rec); err != nil {
			t.Fatalf("not a JSON record: %v (%s)", err, buf.String())
		}
		if rec["level"] != w.level || rec["aws_sdk"] != w.text {
			t.Errorf("record %v, want level %s and aws_sdk %q", rec, w.level, w.text)
		}
	}
}
