package sampleapp

import (
	"io"
	"testing"
	"time"
)

func TestParseConfig(t *testing.T) {
	env := map[string]string{"PORT": "9001", "ASGCTL_RELEASE": "r7", "TESTAPP_FAIL_HEALTH": "1"}
	c, err := parseConfig([]string{"--latency", "5ms"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.port != 9001 || c.release != "r7" || !c.failHealth || c.latency != 5*time.Millisecond {
		t.Fatalf("config = %+v", c)
	}
	c, err = parseConfig([]string{"--port", "9002", "--release", "r8"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil || c.port != 9002 || c.release != "r8" {
		t.Fatalf("flags must win: %+v, %v", c, err)
	}
	if _, err := parseConfig(nil, func(string) string { return "" }, io.Discard); err == nil {
		t.Fatal("no port: want error")
	}
}
