package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/sim"
	"github.com/asgctl/asgctl/internal/benchstat"
)

// RollbackPath is one way a rollback after complete can go.
type RollbackPath string

// The rollback paths benchmark 8 compares.
const (
	RollbackOneStep RollbackPath = "retained group, one step (default)"
	RollbackSteps   RollbackPath = "retained group, --steps"
	RollbackCold    RollbackPath = "retained group gone: launched again"
)

// RollbackResult is one measured rollback.
type RollbackResult struct {
	Path       RollbackPath
	Phase      api.Phase
	Reused     bool
	ToPromoted time.Duration // request → 100 % on the rolled-back group
	ToComplete time.Duration
	Calls      int
	Violations []string
}

// RunRollback first-deploys AMIs[0], promotes AMIs[1], then rolls back to
// AMIs[0] along path, and measures the rollback from its request.
func RunRollback(ctx context.Context, seed uint64, s ALBSettings, path RollbackPath) (RollbackResult, error) {
	res := RollbackResult{Path: path}
	p := Profile(s)
	p.Steps = []api.Step{{Weight: 10, Pause: "30s"}, {Weight: 50, Pause: "30s"}, {Weight: 100}}
	w, err := sim.NewWorld(seed, p)
	if err != nil {
		return res, err
	}
	d := &sim.Driver{W: w}
	d.AddReplica(0, 0)
	for _, a := range []sim.Act{sim.FirstDeploy(), sim.Promote("promote")} {
		if r := d.PlayAct(ctx, a); !r.OK {
			return res, fmt.Errorf("%s ended %s: %v", a.Name, r.Result, d.Violations)
		}
	}
	if path == RollbackCold {
		if err := deleteRetained(ctx, w); err != nil {
			return res, err
		}
	}
	w.Cloud.ResetCalls()
	start := w.Clock.Now()
	act := sim.Rollback()
	act.Name = string(path)
	act.Done = func(_ *sim.World, r *api.Rollout) bool { return r.AMI == sim.AMIs[0] }
	act.Begin = func(ctx context.Context, w *sim.World) error {
		if err := w.Promote(ctx, sim.AMIs[0], true); err != nil {
			return err
		}
		return w.Request(ctx, func(d *api.Desired) { d.Steps = path == RollbackSteps })
	}
	act.React = nil
	act.Reused = path != RollbackCold
	r := d.PlayAct(ctx, act)
	res.Phase, res.Calls, res.Violations = r.Result, awsapi.TotalCalls(w.Cloud.Calls()), d.Violations
	rec := w.Record(ctx)
	if rec != nil && rec.AMI == sim.AMIs[0] {
		res.Reused = rec.Reused
		res.ToPromoted, res.ToComplete = rec.PromotedAt.Sub(start), rec.FinishedAt.Sub(start)
	}
	return res, nil
}

// deleteRetained deletes the group kept at zero for a rollback and runs
// passes until it is gone, so the rollback has to launch again.
func deleteRetained(ctx context.Context, w *sim.World) error {
	name := api.GroupName(w.Spec.Name, 1)
	_, err := w.Cloud.DeleteAutoScalingGroup(ctx, &autoscaling.DeleteAutoScalingGroupInput{
		AutoScalingGroupName: aws.String(name), ForceDelete: aws.Bool(true)})
	if err != nil {
		return fmt.Errorf("delete the retained group %s: %w", name, err)
	}
	for i := 0; i < 200; i++ {
		if _, ok := w.Cloud.Truth().Groups[name]; !ok {
			return nil
		}
		w.Clock.Advance(5 * time.Second)
	}
	return fmt.Errorf("retained group %s still there after deleting it", name)
}

// RollbackTable is benchmark 8: a rollback after complete along each path.
func RollbackTable(s ALBSettings, rs []RollbackResult) benchstat.Table {
	t := benchstat.Table{
		Title:  fmt.Sprintf("Benchmark 8 — rollback after complete (%s, 4 instances, steps 10/50/100 with 30 s pauses, simaws virtual clock)", s.Name),
		Header: []string{"path", "result", "reused", "to 100 % on the old AMI", "to complete", "AWS calls", "vs cold"},
	}
	var cold time.Duration
	for _, r := range rs {
		if r.Path == RollbackCold {
			cold = r.ToPromoted
		}
	}
	for _, r := range rs {
		t.Add(string(r.Path), r.Phase, fmt.Sprint(r.Reused), secs(r.ToPromoted), secs(r.ToComplete), fmt.Sprint(r.Calls), ratio(r.ToPromoted, cold))
	}
	t.Notes = append(t.Notes,
		"Times run from the rollback request. The retained group is at zero, so every path boots instances (50 s boot + 10 s app start); the default moves all traffic once they are healthy, --steps walks the steps and pauses, and a gone group is launched from a new launch template version.")
	return t
}
