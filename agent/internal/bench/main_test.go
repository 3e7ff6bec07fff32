package bench_test

import (
	"os"
	"runtime"
	"testing"

	"github.com/asgctl/asgctl/agent/testapp/testappbin"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testappbin.Remove()
	os.Exit(code)
}

func runtimeProcs() int { return runtime.GOMAXPROCS(0) }
