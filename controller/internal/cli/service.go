package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/api"
)

func serviceCommand(deps Deps) *ucli.Command {
	return &ucli.Command{
		Name:  "service",
		Usage: "register, show and list service specs",
		Subcommands: []*ucli.Command{
			servicePutCommand(deps),
			{
				Name: "get", Usage: "show a service's spec (defaults applied)", ArgsUsage: "SVC",
				Action: func(c *ucli.Context) error { return runServiceGet(c, deps) },
			},
			{
				Name: "list", Usage: "list registered services and where their rollouts stand",
				Action: func(c *ucli.Context) error { return runServiceList(c, deps) },
			},
		},
	}
}

func runServiceGet(c *ucli.Context, deps Deps) error {
	_, e, spec, err := openService(c, deps)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(spec)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, row := range specRows(spec) {
		if row[1] != "" {
			fmt.Fprintf(tw, "%s\t%s\n", row[0], row[1])
		}
	}
	return tw.Flush()
}

// specRows is the text view of a spec: label and value, empty values
// left out by the caller.
func specRows(s api.ServiceSpec) [][2]string {
	var tgs []string
	for _, tg := range s.TargetGroups {
		tgs = append(tgs, tgName(tg))
	}
	var steps []string
	for _, st := range s.Steps {
		steps = append(steps, strings.TrimSpace(fmt.Sprintf("%d%% %s", st.Weight, st.Pause)))
	}
	return [][2]string{
		{"service", s.Name}, {"region", s.Region}, {"role", s.RoleARN},
		{"launch template", s.LaunchTemplateID}, {"subnets", strings.Join(s.Subnets, ", ")},
		{"listener", s.ListenerARN}, {"rule", s.RuleARN}, {"target groups", strings.Join(tgs, ", ")},
		{"capacity", fmt.Sprintf("min %d, max %d, desired %d", s.Capacity.Min, s.Capacity.Max, s.Capacity.Desired)},
		{"steps", strings.Join(steps, ", ")},
		{"progress deadline", s.ProgressDeadline.D().String()}, {"scale-down delay", s.ScaleDown().String()},
		{"keep previous", fmt.Sprint(s.Keep())}, {"min healthy", fmt.Sprintf("%d%%", s.MinHealthy())},
		{"alarms", strings.Join(s.Alarms, ", ")}, {"lifecycle hook", s.LifecycleHook},
	}
}

// serviceRow is one entry of `service list`.
type serviceRow struct {
	Service string    `json:"service"`
	Phase   api.Phase `json:"phase"`
	Step    int       `json:"step"`
	AMI     string    `json:"ami,omitempty"`
	Rollout string    `json:"rollout,omitempty"`
}

func runServiceList(c *ucli.Context, deps Deps) error {
	e, err := newEnv(c, deps)
	if err != nil {
		return err
	}
	names, err := e.store.Services(e.ctx)
	if err != nil {
		return failed("list services", err)
	}
	rows := []serviceRow{}
	for _, svc := range names {
		r, _, err := e.store.Rollout(e.ctx, svc)
		if err != nil {
			return failed("read the rollout record of "+svc, err)
		}
		row := serviceRow{Service: svc, Phase: api.PhaseIdle}
		if r != nil {
			row.Phase, row.Step, row.AMI, row.Rollout = r.Phase, r.Step, r.AMI, r.ID
		}
		rows = append(rows, row)
	}
	if e.json {
		return e.printJSON(rows)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SERVICE\tPHASE\tSTEP\tAMI\tROLLOUT")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", r.Service, r.Phase, r.Step, orDash(r.AMI), orDash(r.Rollout))
	}
	return tw.Flush()
}
