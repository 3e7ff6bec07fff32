package cli

import (
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"

	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/api"
)

func releaseCommand(deps Deps) *ucli.Command {
	return &ucli.Command{
		Name:  "release",
		Usage: "deploy an artifact in place to a service's instances, paced, halted on a failure, rolled back",
		ArgsUsage: "SVC --artifact s3://BUCKET/KEY --sha256 HEX [--signature FILE] [--id R] [--max-in-flight N|P%] " +
			"[--no-rollback] [--retry-failed] [--wait [--timeout D] [--inline]]",
		Description: releaseHelp,
		Flags: append([]ucli.Flag{
			&ucli.StringFlag{Name: "artifact", Usage: "s3://bucket/key of the release tarball"},
			&ucli.StringFlag{Name: "sha256", Usage: "hex SHA-256 of the artifact"},
			&ucli.StringFlag{Name: "signature", Usage: "file holding the raw ed25519 signature of the digest"},
			&ucli.StringFlag{Name: "id", Usage: "release id; it names this artifact forever (default: r- and the first 12 digits of --sha256)"},
			&ucli.StringFlag{Name: "max-in-flight", Value: api.DefaultMaxInFlight, Usage: "how many live instances roll at once: N, or P% of them (at least 1)"},
			&ucli.BoolFlag{Name: "no-rollback", Usage: "leave the release halted on a failure instead of rolling the fleet back to the last good release"},
			&ucli.BoolFlag{Name: "retry-failed", Usage: "write a release that halted again, as a new record"},
		}, releaseWaitFlags()...),
		Subcommands: []*ucli.Command{releaseStatusCommand(deps), releaseRollbackCommand(deps), releaseHistoryCommand(deps)},
		Action:      func(c *ucli.Context) error { return runRelease(c, deps) },
	}
}

const releaseHelp = `Writes the release record deploys/SVC; the asgctl-agent on every instance
follows it, verifies the artifact and rolls its processes.

Pacing: at most --max-in-flight live instances roll at a time (default 25%,
at least one); the others report "waiting" until they get a slot.

Halt: the first instance that fails the release for good (a bad artifact,
config the agent refuses, a process that fails its health check; the error
carries the last lines of the process's output) puts the old release back on
its processes and halts the release: no other instance starts it.

Rollback: a halted release is rolled back to the last good release (the last
one every live instance was ready on) by the controller, or by this command
with --wait --inline; --no-rollback leaves it halted for a person to look at.
A new instance that boots while a release rolls or is halted serves the last
good release first.

The release id names one artifact forever: an id already used for another
sha256 is refused. Running the same command again is a no-op while that
release is current, and is refused (exit 1) once it has halted: pass
--retry-failed to write it again, or roll back with ` + "`asgctl release rollback SVC`" + `.
config_rev is carried over from the current record.

--wait follows the agent reports until every live instance is ready on the
release, printing a line whenever the states change. When it halts with a
rollback due, it follows the rollback: --inline writes it from this process;
without --inline a running controller writes it, and with no controller
running it exits 1 at once.

Exit codes: 0 written or already current (with --wait: ready on every live
instance), 1 halted, rolled back, failed on new instances (which do not halt
it), replaced by another release, halted before (see --retry-failed), or the
write failed, 2 invalid input or an id that names another artifact, 3 timed
out or no live instances yet (safe to rerun).`

// releaseOpts are release's flags, read and checked.
type releaseOpts struct {
	Artifact, SHA256, Signature, ID string
	MaxInFlight                     string // normalised
	NoRollback, RetryFailed         bool
	Wait                            waitOpts
}

// releaseWaitFlags are --wait, --timeout and --inline of the release verbs.
func releaseWaitFlags() []ucli.Flag {
	return []ucli.Flag{
		&ucli.BoolFlag{Name: "wait", Usage: "follow the agent reports until every live instance is ready on it"},
		&ucli.DurationFlag{Name: "timeout", Value: DefaultTimeout, Usage: "with --wait: give up (exit 3, safe to rerun) after this long"},
		&ucli.BoolFlag{Name: "inline", Usage: "with --wait: roll back a halted release from this process instead of waiting for a controller (implies --wait)"},
	}
}

// servicePathPattern is what a service name must look like to be a key
// path segment (deploys/SVC, SVC/ for config).
var servicePathPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$`)

// inPlaceServiceArg is the SVC argument of the in-place verbs, which need
// no registered spec; "global" is config's shared scope, not a service.
// usage is the command line to show when the argument is missing.
func inPlaceServiceArg(c *ucli.Context, usage string) (string, error) {
	if c.NArg() != 1 || c.Args().First() == "" {
		return "", usagef("give exactly one service name: asgctl %s", usage)
	}
	svc := c.Args().First()
	if err := checkInPlaceService(svc); err != nil {
		return "", usagef("%v", err)
	}
	return svc, nil
}

// reservedServiceNames are top-level KV folders a service's config prefix
// (SVC/) must not be confused with.
var reservedServiceNames = map[string]bool{"global": true, "deploys": true, "asgctl": true}

// checkInPlaceService says what is wrong with svc as a KV path segment.
func checkInPlaceService(svc string) error {
	if !servicePathPattern.MatchString(svc) {
		return fmt.Errorf("service name %q: use 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit", svc)
	}
	if reservedServiceNames[svc] {
		return fmt.Errorf("service name %q is reserved (global/, deploys/ and asgctl/ are asgctl's own folders)", svc)
	}
	return nil
}

func parseRelease(c *ucli.Context) (releaseOpts, error) {
	o := releaseOpts{Artifact: c.String("artifact"), SHA256: strings.ToLower(c.String("sha256")), ID: c.String("id"),
		NoRollback: c.Bool("no-rollback"), RetryFailed: c.Bool("retry-failed")}
	if o.Artifact == "" || o.SHA256 == "" {
		return o, usagef("release needs --artifact and --sha256: asgctl release %s", c.Command.ArgsUsage)
	}
	m, err := api.ParseMaxInFlight(c.String("max-in-flight"))
	if err != nil {
		return o, usagef("--max-in-flight %v", err)
	}
	o.MaxInFlight = m.String()
	if o.Wait, err = parseWait(c); err != nil {
		return o, err
	}
	if f := c.String("signature"); f != "" {
		sig, err := os.ReadFile(f)
		if err != nil {
			return o, usagef("read --signature: %v", err)
		}
		if len(sig) == 0 {
			return o, usagef("--signature %s is empty: pass the file CI wrote with the raw ed25519 signature", f)
		}
		o.Signature = base64.StdEncoding.EncodeToString(sig)
	}
	return o, nil
}

// releaseDoc is the JSON document of release and release rollback.
type releaseDoc struct {
	Service string      `json:"service"`
	Key     string      `json:"key"`
	Outcome releaseKind `json:"outcome"`
	// Release is the record deploys/SVC holds at the end (the halted one
	// for previously-failed).
	Release *api.Release `json:"release,omitempty"`
	Seq     int          `json:"seq,omitempty"`
	// Phase is Release's phase given the live reports.
	Phase string `json:"phase,omitempty"`
	// Result is how --wait ended: complete, rolled_back, halted, failed
	// (on new instances, which do not halt it), replaced, deleted,
	// timeout, interrupted or no-agents.
	Result          string            `json:"result,omitempty"`
	Instances       []api.AgentReport `json:"instances,omitempty"`
	FailedInstances []api.AgentReport `json:"failed_instances,omitempty"`
	Message         string            `json:"message"`
}

func runRelease(c *ucli.Context, deps Deps) error {
	o, err := parseRelease(c)
	if err != nil {
		return err
	}
	svc, err := inPlaceServiceArg(c, c.Command.ArgsUsage)
	if err != nil {
		return err
	}
	want := releaseFor(o, deps.Clock.Now().UTC(), deps.User)
	if err := want.Validate(); err != nil {
		var ve *api.ValidationError
		if errors.As(err, &ve) {
			return invalidf(ve.Problems, "%v\nfix the flags and run release again", ve)
		}
		return usagef("%v", err)
	}
	e, err := newEnv(c, deps)
	if err != nil {
		return err
	}
	w, err := writeRelease(e, svc, want, o.RetryFailed)
	if err != nil {
		return err
	}
	doc := w.doc(svc)
	switch {
	case w.dec.Kind == releaseReused:
		return reportRelease(e, doc, ExitUsage)
	case w.dec.Kind == releaseFailedBefore:
		return reportRelease(e, doc, ExitFailed)
	case !o.Wait.Wait:
		return reportRelease(e, doc, ExitOK)
	}
	e.textf("%s", doc.Message)
	f := &releaseFollow{e: e, svc: svc, ours: w.rec, intoRollback: true, inline: o.Wait.Inline, timeout: o.Wait.Timeout, doc: doc}
	return f.run()
}

// reportRelease prints doc (JSON) or its message (text; a failure's goes
// to stderr with the exit code) and returns the exit error.
func reportRelease(e *env, doc *releaseDoc, code int) error {
	if e.json {
		if err := e.printJSON(doc); err != nil {
			return err
		}
	} else if code == ExitOK {
		e.textf("%s", doc.Message)
	}
	return exitWith(code, doc.Message)
}
