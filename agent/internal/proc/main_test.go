package proc_test

import (
	"os"
	"testing"

	"github.com/asgctl/asgctl/agent/testapp/testappbin"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testappbin.Remove()
	os.Exit(code)
}
