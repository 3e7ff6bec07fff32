package bad_io

import (
	"log/slog"
	"sync/atomic"
)

var n atomic.Int64

// Log logs.
func Log() { slog.Info("x", "n", n.Add(1)) }
