package cli

import (
	"context"

	"github.com/asgctl/asgctl/controller/api"
)

// waitAndReport follows t until it settles (running the loop inline when
// asked), then prints the outcome: doc in JSON mode, the final line in
// text mode (a failure's message goes to stderr with its exit code).
// success is the phase that exits 0.
func waitAndReport(e *env, spec api.ServiceSpec, w waitOpts, t followTarget, success api.Phase, doc *outcomeDoc) error {
	return followAndReport(e, spec, w, t, doc, func(res followResult) (int, string, string) { return settled(res, success) })
}

// followAndReport follows t (--wait) and reports what outcome makes of
// the result: the exit code, the result word and the message.
func followAndReport(e *env, spec api.ServiceSpec, w waitOpts, t followTarget, doc *outcomeDoc, outcome func(followResult) (int, string, string)) error {
	f := &follower{e: e, spec: spec, target: t, timeout: w.Timeout}
	if w.Inline {
		f.startLoop = func(ctx context.Context) (*inlineRun, error) { return startInline(ctx, e, spec) }
	}
	if !e.json {
		f.prog = &progress{w: e.stdout, tty: e.deps.IsTTY(e.stdout), spec: spec, start: e.deps.Clock.Now()}
	}
	res, err := f.run(e.ctx)
	f.prog.clearBar()
	if err != nil {
		return err
	}
	code, result, msg := outcome(res)
	doc.Result, doc.Message = result, msg
	if res.Verdict.Rollout != nil {
		doc.Rollout = res.Verdict.Rollout
	}
	return report(e, doc, code)
}

// report prints doc (JSON) or its message (text, on success; a failure's
// message goes to stderr with the exit code) and returns the exit error.
func report(e *env, doc *outcomeDoc, code int) error {
	if e.json {
		if err := e.printJSON(doc); err != nil {
			return err
		}
	} else if code == ExitOK && doc.Message != "" {
		e.textf("%s", doc.Message)
	}
	return exitWith(code, doc.Message)
}
