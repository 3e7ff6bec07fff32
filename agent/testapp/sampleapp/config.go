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
	errorFraction   fraction      // this fraction of / requests answer 500
	brokenRoot      bool          // / answers a body that does not name the release
}

// parseConfig reads flags; PORT, ASGCTL_RELEASE, TESTAPP_FAIL_HEALTH,
// TESTAPP_ERROR_FRACTION and TESTAPP_BROKEN_ROOT are the defaults when the
// matching flag is absent. The flag package's messages and usage go to
// stderr.
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
	fs.BoolVar(&c.failHealth, "fail-health", getenv("TESTAPP_FAIL_HEALTH") == "1", "answer /ping with 503 (env TESTAPP_FAIL_HEALTH=1)")
	fs.DurationVar(&c.exitAfterPing, "exit-after-ping", 0, "exit 1 this long after the first /ping answered (a release that crashes after passing its health check)")
	if v := getenv("TESTAPP_ERROR_FRACTION"); v != "" {
		if err := c.errorFraction.Set(v); err != nil {
			return config{}, fmt.Errorf("TESTAPP_ERROR_FRACTION: %w", err)
		}
	}
	fs.Var(&c.errorFraction, "error-fraction", "answer this `fraction` of requests to / (and other non-probe paths) with 500, evenly spread: 0.05 fails every 20th; /ping and the probes never fail (env TESTAPP_ERROR_FRACTION)")
	fs.BoolVar(&c.brokenRoot, "broken-root", getenv("TESTAPP_BROKEN_ROOT") == "1", `answer / with "broken release <name>" instead of "release=<name>", while /ping still passes (env TESTAPP_BROKEN_ROOT=1)`)
	fs.Usage = func() { usage(fs) }
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

// usage prints what the app is, its faults and its flags.
func usage(fs *flag.FlagSet) {
	w := fs.Output()
	fmt.Fprint(w, `Usage: testapp [flags]

A tiny HTTP service for asgctl's tests and sandbox: / answers
"release=<name>", /ping is its health check. Faults for showing bad
releases: --fail-health fails /ping; --exit-after-ping crashes after a
passed health check; --error-fraction answers some requests with 500
and --broken-root answers / with the wrong body, both while /ping
passes. Config pushed through Consul reaches the app as environment
variables, so the TESTAPP_* settings can come from there.

Flags:
`)
	fs.PrintDefaults()
}
