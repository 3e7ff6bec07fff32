package cli

import (
	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/api"
)

// runGate is `promote SVC --expect-step K [--ami AMI] [--wait]`: release the
// manual gate at step K of the rollout paused there.
func runGate(c *ucli.Context, deps Deps, svc string, w waitOpts) error {
	k := c.Int("expect-step")
	if k < 1 {
		return usagef("--expect-step must be a 1-based step number, got %d", k)
	}
	if c.Bool("supersede") || c.Bool("retry-failed") {
		return usagef("--expect-step releases a gate; it does not combine with --supersede or --retry-failed")
	}
	ami := c.String("ami")
	if ami != "" {
		if err := checkAMI(ami); err != nil {
			return err
		}
	}
	e, err := newEnv(c, deps)
	if err != nil {
		return err
	}
	spec, err := e.spec(svc)
	if err != nil {
		return err
	}
	if k > len(spec.Steps) {
		return usagef("--expect-step %d: %s has %d steps", k, svc, len(spec.Steps))
	}
	dec, err := decideAndWrite(e, svc, func(st serviceState) (gateDecision, *api.Desired) {
		d := decideGate(st, gateArgs{Step: k, AMI: ami, User: deps.User, Now: deps.Clock.Now()})
		return d, d.Write
	})
	if err != nil {
		return err
	}
	doc := &outcomeDoc{Service: svc, Outcome: string(dec.Kind), Message: dec.Message, Rollout: dec.Rollout}
	if r := dec.Rollout; r != nil {
		doc.AMI, doc.RequestID = r.AMI, r.RequestID
	}
	if dec.Kind == promoteConflict || !w.Wait || dec.Rollout == nil {
		return report(e, doc, dec.exitCode())
	}
	e.textf("promote %s: %s", svc, dec.Message)
	return waitAndReport(e, spec, w, followTarget{RequestID: dec.Rollout.RequestID, AMI: dec.Rollout.AMI}, api.PhaseComplete, doc)
}
