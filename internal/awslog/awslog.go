// Package awslog sends the AWS SDK's own log messages (a missing response
// checksum, a deprecated setting) through log/slog, so the controller's,
// the CLI's and the agent's JSON logs stay JSON. It imports only the
// standard library and smithy-go.
package awslog

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/aws/smithy-go/logging"
)

// New returns a logger for aws.Config.Logger that writes to log: the SDK's
// warnings at warn, everything else at debug, its text under "aws_sdk".
func New(log *slog.Logger) logging.Logger { return sdkLogger{log: log} }

type sdkLogger struct {
	log *slog.Logger
	ctx context.Context
}

var _ logging.ContextLogger = sdkLogger{}

// Logf implements logging.Logger.
func (l sdkLogger) Logf(c logging.Classification, format string, v ...any) {
	ctx := l.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	level := slog.LevelDebug
	if c == logging.Warn {
		level = slog.LevelWarn
	}
	l.log.Log(ctx, level, "aws sdk", "aws_sdk", fmt.Sprintf(format, v...))
}

// WithContext implements logging.ContextLogger.
func (l sdkLogger) WithContext(ctx context.Context) logging.Logger {
	return sdkLogger{log: l.log, ctx: ctx}
}
