package cli

import (
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
)

func releaseCommand(deps Deps) *ucli.Command {
	return &ucli.Command{
		Name:      "release",
		Usage:     "deploy an artifact in place to a service's instances (deploys/SVC)",
		ArgsUsage: "SVC --artifact s3://BUCKET/KEY --sha256 HEX [--signature FILE] [--id R] [--wait [--timeout D]]",
		Description: `Writes the release to deploys/SVC, where every instance's asgctl-agent
picks it up, verifies it and rolls its processes. The release id defaults
to one derived from --sha256, so running the same command again is a
no-op; config_rev is carried over from the current release.

Exit codes: 0 written or already current (with --wait: ready on every live
instance), 1 an instance failed to deploy it or the write failed, 2 invalid
input, 3 timed out or no live instances (safe to rerun).`,
		Flags: []ucli.Flag{
			&ucli.StringFlag{Name: "artifact", Usage: "s3://bucket/key of the release tarball"},
			&ucli.StringFlag{Name: "sha256", Usage: "hex SHA-256 of the artifact"},
			&ucli.StringFlag{Name: "signature", Usage: "file holding the raw ed25519 signature of the digest"},
			&ucli.StringFlag{Name: "id", Usage: "release id (default: r- and the first 12 digits of --sha256)"},
			&ucli.BoolFlag{Name: "wait", Usage: "follow agent reports until every live instance is ready on it"},
			&ucli.DurationFlag{Name: "timeout", Value: DefaultTimeout, Usage: "with --wait: give up (exit 3, safe to rerun) after this long"},
		},
		Subcommands: []*ucli.Command{releaseStatusCommand(deps)},
		Action:      func(c *ucli.Context) error { return runRelease(c, deps) },
	}
}

// releaseOpts are release's flags, read and checked.
type releaseOpts struct {
	Artifact, SHA256, Signature, ID string
	Wait                            bool
	Timeout                         time.Duration
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
		Wait: c.Bool("wait"), Timeout: c.Duration("timeout")}
	if o.Artifact == "" || o.SHA256 == "" {
		return o, usagef("release needs --artifact and --sha256: asgctl release %s", c.Command.ArgsUsage)
	}
	if o.Timeout <= 0 {
		return o, usagef("--timeout must be positive, got %s", o.Timeout)
	}
	if c.IsSet("timeout") && !o.Wait {
		return o, usagef("--timeout applies only with --wait")
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

// releaseDoc is release's JSON document.
type releaseDoc struct {
	Service   string            `json:"service"`
	Key       string            `json:"key"`
	Outcome   releaseKind       `json:"outcome"`
	Release   *api.Release      `json:"release,omitempty"`
	Result    string            `json:"result,omitempty"` // with --wait: ready, failed, timeout, no-agents
	Instances []api.AgentReport `json:"instances,omitempty"`
	Message   string            `json:"message"`
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
	dec, cur, err := writeRelease(e, svc, want)
	if err != nil {
		return err
	}
	doc := &releaseDoc{Service: svc, Key: api.KeyDeploy(svc), Outcome: dec.Kind, Release: cur, Message: dec.Message}
	if dec.Kind == releaseReused {
		return reportRelease(e, doc, ExitUsage)
	}
	if !o.Wait {
		return reportRelease(e, doc, ExitOK)
	}
	e.textf("%s", dec.Message)
	return waitRelease(e, svc, cur, o.Timeout, doc)
}

// writeRelease reads deploys/<svc>, decides, and writes with check-and-set
// on the index read, deciding again when another writer got there first.
// It returns the decision and the release now current.
func writeRelease(e *env, svc string, want api.Release) (releaseDecision, *api.Release, error) {
	key := api.KeyDeploy(svc)
	for attempt := 0; attempt < maxWriteAttempts; attempt++ {
		cur, index, err := readRelease(e, svc)
		if err != nil {
			return releaseDecision{}, nil, err
		}
		dec := decideRelease(cur, want)
		if dec.Kind != releaseWrite {
			return dec, cur, nil
		}
		if ok, err := casRelease(e, key, dec.Next, index); err != nil || ok {
			return dec, dec.Next, err
		}
		e.log.DebugContext(e.ctx, "lost the release race; deciding again", "key", key)
	}
	return releaseDecision{}, nil, failed("write "+key,
		fmt.Errorf("other writers changed it %d times in a row; try again", maxWriteAttempts))
}

// readRelease reads the current release (nil, 0 when there is none).
func readRelease(e *env, svc string) (*api.Release, uint64, error) {
	key := api.KeyDeploy(svc)
	ent, _, err := e.backend.Get(e.ctx, key, &consulkv.QueryOptions{Consistent: true})
	if err != nil {
		return nil, 0, consulFailed("read "+key, err)
	}
	if ent == nil {
		return nil, 0, nil
	}
	r, err := api.DecodeRelease(ent.Value)
	if err != nil {
		return nil, 0, failedf("%s holds a value asgctl cannot read: %v\nfix or delete the key, then run again", key, err)
	}
	return r, ent.ModifyIndex, nil
}

// casRelease writes r to key if its ModifyIndex is still index.
func casRelease(e *env, key string, r *api.Release, index uint64) (bool, error) {
	data, err := api.Encode(r)
	if err != nil {
		return false, failed("encode the release", err)
	}
	ok, err := e.backend.CAS(e.ctx, key, data, index)
	if err != nil {
		return false, consulFailed("write "+key, err)
	}
	return ok, nil
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
