package good

import (
	"os"
	"testing"
	"time"
)

// Test files may do anything.
func TestGood(t *testing.T) {
	_ = os.Getenv("X")
	_ = time.Now()
}
