package cli

import (
	"fmt"
	"time"

	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/api"
)

func promoteCommand(deps Deps) *ucli.Command {
	return &ucli.Command{
		Name:      "promote",
		Usage:     "request that an AMI go live (blue/green), or release a manual gate",
		ArgsUsage: "SVC --ami AMI [--wait [--timeout D]] [--inline] [--supersede] [--retry-failed] | SVC --refresh [--wait ...] | SVC --expect-step K",
		Description: `Writes a request that AMI go live; the controller (or --inline, this
process) launches a green group and shifts traffic step by step. Safe to
repeat: the same AMI already live is a no-op, the same AMI rolling out is
attached to, and concurrent callers converge on one rollout.

Exit codes: 0 done or accepted, 1 reverted or failed (or that AMI's last
rollout did not complete: pass --retry-failed), 2 invalid input, 3 timed
out while still in progress (safe to rerun), 4 another AMI is in flight
(pass --supersede to replace it).

A rollout launches the AMI from a new version of the spec's launch
template made from the template's default version, with the spec's
launch settings (subnets, tags, lifecycle hook, grace period, warmup).
--refresh rolls the live AMI out again when any of that changed since the
live group was launched (a new default template version: instance type,
user data, security groups...), and does nothing when nothing did; status
and plan show such drift. (--ami with the live AMI answers "already live"
without looking at the template: use --refresh for that.)

With --expect-step K it releases the manual gate of step K of the rollout
paused there; repeating it is a no-op; exit 4 when the rollout is
elsewhere.`,
		Flags: append([]ucli.Flag{
			&ucli.StringFlag{Name: "ami", Usage: "the AMI to roll out"},
			&ucli.BoolFlag{Name: "refresh", Usage: "roll the live AMI out on the launch template's current default version and the spec's launch settings"},
			&ucli.BoolFlag{Name: "supersede", Usage: "replace another AMI's rollout in progress (it is reverted first)"},
			&ucli.BoolFlag{Name: "retry-failed", Usage: "roll out the AMI again although its last rollout reverted"},
			&ucli.IntFlag{Name: "expect-step", Usage: "release the manual gate at this 1-based step"},
		}, waitFlags()...),
		Action: func(c *ucli.Context) error { return runPromote(c, deps) },
	}
}

func runPromote(c *ucli.Context, deps Deps) error {
	svc, err := serviceArg(c)
	if err != nil {
		return err
	}
	w, err := parseWait(c)
	if err != nil {
		return err
	}
	if c.IsSet("expect-step") {
		return runGate(c, deps, svc, w)
	}
	a := promoteArgs{AMI: c.String("ami"), Supersede: c.Bool("supersede"), RetryFailed: c.Bool("retry-failed"), Refresh: c.Bool("refresh")}
	if err := checkPromoteArgs(a); err != nil {
		return err
	}
	e, err := newEnv(c, deps)
	if err != nil {
		return err
	}
	spec, err := e.spec(svc)
	if err != nil {
		return err
	}
	req := api.Desired{Version: 1, AMI: a.AMI, RequestID: deps.NewID(), RequestedBy: deps.User, RequestedAt: deps.Clock.Now(), Refresh: a.Refresh}
	dec, err := decideAndWrite(e, svc, func(st serviceState) (promoteDecision, *api.Desired) {
		d := decidePromote(st, a)
		if d.Kind != promoteRequest {
			return d, nil
		}
		d.Target.RequestID = req.RequestID
		req.AMI = d.Target.AMI
		return d, &req
	})
	if err != nil {
		return err
	}
	return promoteOutcome(e, spec, w, dec, req)
}

// promoteOutcome reports the decision, then follows it with --wait.
func promoteOutcome(e *env, spec api.ServiceSpec, w waitOpts, dec promoteDecision, req api.Desired) error {
	doc := &outcomeDoc{Service: spec.Name, Outcome: string(dec.Kind), AMI: req.AMI, RequestID: dec.Target.RequestID,
		Message: dec.Message, Rollout: dec.Rollout}
	if dec.Kind == promoteRequest {
		doc.Message = fmt.Sprintf("requested %s (request %s)", req.AMI, req.RequestID)
		if dec.Rollout != nil || dec.Pending != nil {
			doc.Message += "; it supersedes " + superseded(dec)
		}
		doc.Rollout = nil
	}
	followable := dec.Kind == promoteRequest || dec.Kind == promoteAttach
	if !followable || !w.Wait {
		if followable && !w.Wait {
			warnNoController(e, spec.Name)
		}
		return report(e, doc, dec.exitCode())
	}
	e.textf("promote %s: %s", spec.Name, doc.Message)
	return waitAndReport(e, spec, w, dec.Target, api.PhaseComplete, doc)
}

// superseded names what a --supersede request replaces.
func superseded(dec promoteDecision) string {
	if p := dec.Pending; p != nil {
		return fmt.Sprintf("the request for %s (request %s)", p.AMI, p.RequestID)
	}
	r := dec.Rollout
	return fmt.Sprintf("rollout %s of %s, which reverts first", r.ID, r.AMI)
}

// checkPromoteArgs rejects flags that do not go together, and a missing
// or malformed --ami (exit 2).
func checkPromoteArgs(a promoteArgs) error {
	if a.Refresh {
		if a.AMI != "" {
			return usagef("--refresh rolls out the live AMI: leave out --ami")
		}
		return nil
	}
	return checkAMI(a.AMI)
}

// checkAMI rejects a missing or malformed --ami (exit 2).
func checkAMI(ami string) error {
	if ami == "" {
		return usagef("promote needs --ami AMI (or --expect-step K to release a manual gate)")
	}
	probe := api.Desired{Version: 1, AMI: ami, RequestID: "probe", RequestedAt: time.Unix(1, 0)}
	if err := probe.Validate(); err != nil {
		return usagef("--ami %q is not an AMI id: use ami- and 8 to 17 hex digits", ami)
	}
	return nil
}

// warnNoController tells a caller who does not wait that nothing will act
// on the request until a controller runs.
func warnNoController(e *env, svc string) {
	ctrls, err := e.store.Controllers(e.ctx)
	if err != nil || len(ctrls) > 0 || e.json {
		return
	}
	fmt.Fprintf(e.stderr(), "asgctl: warning: no controller is running, so nothing acts on %s yet: start `asgctl controller` or rerun with --wait --inline\n", svc)
}
