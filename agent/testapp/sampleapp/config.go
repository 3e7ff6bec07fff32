package sampleapp

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"
)

// config is the test app's settings, from flags with environment fallbacks.
type config struct {
	host            string
	port            int
	release         string
	latency         time.Duration
	startDelay      time.Duration
	shutdownTimeout time.Duration
	failHealth      bool
	exitAfterPing   time.Duration // > 0: exit 1 this long after the first /ping answered
}

// parseConfig reads flags; PORT, ASGCTL_RELEASE and TESTAPP_FAIL_HEALTH are
// the defaults when the matching flag is absent. The flag package's
// messages and usage go to stderr.
func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("testapp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.host, "host", "127.0.0.1", "address to listen on")
	fs.IntVar(&c.port, "port", 0, "port to listen on (env PORT)")
	fs.StringVar(&c.release, "release", getenv("ASGCTL_RELEASE"), "release name (env ASGCTL_RELEASE)")
	fs.DurationVar(&c.latency, "latency", 0, "delay before answering /")
	fs.DurationVar(&c.startDelay, "start-delay", 0, "delay before listening")
	fs.DurationVar(&c.shutdownTimeout, "shutdown-timeout", 30*time.Second, "graceful shutdown cap")
	fs.BoolVar(&c.failHealth, "fail-health", getenv("TESTAPP_FAIL_HEALTH") == "1", "answer /ping with 503")
	fs.DurationVar(&c.exitAfterPing, "exit-after-ping", 0, "exit 1 this long after the first /ping answered (a release that crashes after passing its health check)")
	if err := fs.Parse(args); err != nil {
		return config{}, fmt.Errorf("parse flags: %w", err)
	}
	if c.port == 0 {
		p, err := strconv.Atoi(getenv("PORT"))
		if err != nil || p <= 0 {
			return config{}, fmt.Errorf("need --port or PORT (got %q)", getenv("PORT"))
		}
		c.port = p
	}
	return c, nil
}
