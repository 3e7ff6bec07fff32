package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/observe"
)

// service put's alarm check: every alarm a spec names must exist in
// CloudWatch in the spec's account and region before the spec is written,
// so a misspelled alarm, or one in another region or account, cannot sit in
// alarms[] guarding nothing.

// alarmCheck is what the check found, for the output.
type alarmCheck struct {
	checked  bool     // the named alarms were read from CloudWatch and all exist
	where    string   // the region and account they were read from
	warnings []string // set when the check was skipped (--offline)
}

// checkSpecAlarms checks spec's alarms in CloudWatch, or skips the check
// with a warning when offline. A spec naming no alarms never reaches AWS.
// file names the spec in the error a missing alarm gives (exit 2); an
// unreadable CloudWatch is exit 1.
func checkSpecAlarms(ctx context.Context, deps Deps, spec api.ServiceSpec, file string, offline bool) (alarmCheck, error) {
	names := spec.Alarms // a valid spec names each alarm once
	where := alarmWhere(spec)
	switch {
	case len(names) == 0:
		return alarmCheck{}, nil
	case offline:
		return alarmCheck{where: where, warnings: []string{offlineWarning(spec, names, where)}}, nil
	}
	found, err := readSpecAlarms(ctx, deps, spec, names)
	if err != nil {
		return alarmCheck{}, failedf("could not check the alarms of %s in CloudWatch in %s: %v\n"+
			"nothing was written; rerun once CloudWatch can be read there, or put the spec with --offline to skip the check",
			spec.Name, where, err)
	}
	if missing := missingAlarms(spec.Alarms, found); len(missing) > 0 {
		return alarmCheck{}, alarmsMissing(file, where, missing)
	}
	return alarmCheck{checked: true, where: where}, nil
}

// readSpecAlarms reads the named alarms' states with spec's clients.
func readSpecAlarms(ctx context.Context, deps Deps, spec api.ServiceSpec, names []string) (map[string]string, error) {
	if deps.Clients == nil {
		return nil, errors.New("no AWS clients configured")
	}
	clients, err := deps.Clients(ctx, spec)
	if err != nil {
		return nil, fmt.Errorf("open AWS clients: %w", err)
	}
	states, err := observe.ReadAlarms(ctx, clients.CloudWatch, names)
	return states, awsapi.Explain("DescribeAlarms", err)
}

// namedAlarm is one entry of a spec's alarms[].
type namedAlarm struct {
	index int
	name  string
}

// missingAlarms lists the entries of alarms that found does not hold, in
// spec order.
func missingAlarms(alarms []string, found map[string]string) []namedAlarm {
	var out []namedAlarm
	for i, name := range alarms {
		if _, ok := found[name]; !ok {
			out = append(out, namedAlarm{index: i, name: name})
		}
	}
	return out
}

// alarmsMissing is the exit-2 error naming every missing alarm, with a
// problem per alarm for the JSON document.
func alarmsMissing(file, where string, missing []namedAlarm) error {
	problems := make([]string, len(missing))
	quoted := make([]string, len(missing))
	for i, m := range missing {
		problems[i] = fmt.Sprintf("alarms[%d]: %q does not exist in CloudWatch in %s", m.index, m.name, where)
		quoted[i] = fmt.Sprintf("%q", m.name)
	}
	what := alarmCount(len(missing)) + " in alarms[] do"
	if len(missing) == 1 {
		what += "es"
	}
	return invalidf(problems, "%s: %s not exist in CloudWatch in %s: %s\n"+
		"check the spelling (alarm names are case-sensitive), that the spec's region is the alarms' region "+
		"(alarms are regional), and that role_arn is a role in the account that owns them; nothing was written",
		file, what, where, strings.Join(quoted, ", "))
}

// alarmCount is "1 alarm" or "n alarms".
func alarmCount(n int) string {
	if n == 1 {
		return "1 alarm"
	}
	return fmt.Sprintf("%d alarms", n)
}

// offlineWarning says that --offline left the alarms unchecked.
func offlineWarning(spec api.ServiceSpec, names []string, where string) string {
	return fmt.Sprintf("--offline: the alarms of %s (%s) were not checked in CloudWatch in %s; "+
		"an alarm that does not exist there will revert every rollout of %s",
		spec.Name, strings.Join(names, ", "), where, spec.Name)
}

// alarmWhere names the region and account a spec's alarms are read from,
// to follow "CloudWatch in".
func alarmWhere(spec api.ServiceSpec) string {
	if spec.RoleARN == "" {
		return fmt.Sprintf("%s, in the account of asgctl's own AWS credentials (the spec has no role_arn)", spec.Region)
	}
	// role_arn is validated as arn:<partition>:iam::<account>:role/<name>.
	if parts := strings.Split(spec.RoleARN, ":"); len(parts) > 4 && parts[4] != "" {
		return fmt.Sprintf("%s, account %s (role %s)", spec.Region, parts[4], spec.RoleARN)
	}
	return fmt.Sprintf("%s (role %s)", spec.Region, spec.RoleARN)
}
