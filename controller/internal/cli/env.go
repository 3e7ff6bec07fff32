package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"time"

	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// env is one verb's plumbing: output format, logger, store and deps.
type env struct {
	ctx     context.Context
	deps    Deps
	json    bool
	stdout  io.Writer
	errw    io.Writer
	log     *slog.Logger
	backend consulkv.Backend
	store   consulkv.Store
	// timeout is --request-timeout: the deadline of a one-shot verb, and
	// of each call of a waiting one.
	timeout time.Duration
	// release frees ctx's deadline timer (RunContext's cancel frees it
	// too, when the verb returns).
	release context.CancelFunc
}

// newEnv validates the global flags and opens the store.
func newEnv(c *ucli.Context, deps Deps) (*env, error) {
	out, err := output(c)
	if err != nil {
		return nil, err
	}
	log, err := logger(c)
	if err != nil {
		return nil, err
	}
	if deps.Backend == nil {
		return nil, failedf("no state store configured")
	}
	timeout := c.Duration("request-timeout")
	if timeout <= 0 {
		return nil, usagef("--request-timeout must be positive, got %s", timeout)
	}
	b, err := deps.Backend(c)
	if err != nil {
		return nil, failed("open Consul", err)
	}
	e := &env{
		ctx: c.Context, deps: deps, json: out == "json", stdout: c.App.Writer, errw: c.App.ErrWriter,
		log: log, backend: b, store: consulkv.NewStore(b), timeout: timeout, release: func() {},
	}
	if !waiting(c) {
		e.ctx, e.release = context.WithTimeout(c.Context, timeout)
	}
	e.ctx = withVerbOutput(e.ctx, log, c.App.ErrWriter, timeout)
	return e, nil
}

// waiting reports whether the verb follows something until it settles
// (--wait, --inline, --watch): its own --timeout or an interrupt ends it,
// and --request-timeout bounds each call instead of the whole.
func waiting(c *ucli.Context) bool {
	return c.Bool("wait") || c.Bool("inline") || c.Bool("watch")
}

// serviceArg returns the one positional argument, the service name.
func serviceArg(c *ucli.Context) (string, error) {
	if c.NArg() != 1 {
		return "", usagef("%s takes exactly one service name: asgctl %s", c.Command.Name, usageLine(c))
	}
	svc := c.Args().First()
	if svc == "" {
		return "", usagef("the service name must not be empty")
	}
	return svc, nil
}

func usageLine(c *ucli.Context) string {
	if c.Command.ArgsUsage != "" {
		return c.Command.FullName() + " " + c.Command.ArgsUsage
	}
	return c.Command.FullName() + " SVC"
}

// spec reads a registered service's spec, defaults applied.
func (e *env) spec(svc string) (api.ServiceSpec, error) {
	s, _, err := e.store.Spec(e.ctx, svc)
	if err != nil {
		return api.ServiceSpec{}, failed("read the spec of "+svc, err)
	}
	if s == nil {
		return api.ServiceSpec{}, usagef("service %q is not registered: register it with `asgctl service put --file spec.json`", svc)
	}
	return s.WithDefaults(), nil
}

// state reads the rollout record, the desired request and the history.
// The record is read first: a reconciler writes it only after reading the
// request it serves, so the request read next is at least as new as that
// one, and a request never looks older than the rollout serving it.
func (e *env) state(ctx context.Context, svc string) (serviceState, error) {
	var st serviceState
	var err error
	if st.Rollout, _, err = e.store.Rollout(ctx, svc); err != nil {
		return st, fmt.Errorf("read rollout record of %s: %w", svc, err)
	}
	if st.Desired, st.DesiredIndex, err = e.store.Desired(ctx, svc); err != nil {
		return st, fmt.Errorf("read desired request of %s: %w", svc, err)
	}
	if st.History, err = e.store.History(ctx, svc); err != nil {
		return st, fmt.Errorf("read history of %s: %w", svc, err)
	}
	return st, nil
}

// printJSON writes v as one indented JSON document.
func (e *env) printJSON(v any) error {
	return writeJSON(e.stdout, v, true)
}

func writeJSON(w io.Writer, v any, indent bool) error {
	enc := json.NewEncoder(w)
	if indent {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(v); err != nil {
		return failed("write output", err)
	}
	return nil
}

// stderr is where warnings go.
func (e *env) stderr() io.Writer { return e.errw }

// textf prints a line in text mode; JSON mode prints documents only.
func (e *env) textf(format string, args ...any) {
	if !e.json {
		fmt.Fprintf(e.stdout, format+"\n", args...)
	}
}

// openService reads the SVC argument, connects to the store and loads the
// service's spec: the start of every per-service verb.
func openService(c *ucli.Context, deps Deps) (string, *env, api.ServiceSpec, error) {
	svc, err := serviceArg(c)
	if err != nil {
		return "", nil, api.ServiceSpec{}, err
	}
	e, err := newEnv(c, deps)
	if err != nil {
		return "", nil, api.ServiceSpec{}, err
	}
	spec, err := e.spec(svc)
	if err != nil {
		return "", nil, api.ServiceSpec{}, err
	}
	return svc, e, spec, nil
}
