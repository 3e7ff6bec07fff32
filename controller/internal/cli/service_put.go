package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/api"
)

func servicePutCommand(deps Deps) *ucli.Command {
	return &ucli.Command{
		Name:      "put",
		Usage:     "register or update a service spec (idempotent)",
		ArgsUsage: "--file spec.json",
		Description: `Decodes the spec strictly (unknown fields are errors), validates it and
writes it. An invalid spec lists every problem and exits 2. Putting the
same spec again changes nothing.

When the spec names alarms, they are first read from CloudWatch in the
spec's region and account (assuming role_arn when set): an alarm that does
not exist there is refused, naming it, and exits 2; when CloudWatch cannot
be read (access denied, network, throttling) nothing is written and it
exits 1. A spec without alarms does not touch AWS. --offline skips the
check and warns: an alarm that does not exist will revert every rollout.

The controller owns the scaling policies and scheduled actions of the
groups it launches: the spec's scaling_policies and scheduled_actions are
all a live group keeps. --adopt-scaling-from GROUP copies those of an
existing group (say, the hand-made one being moved under asgctl) into the
spec before writing it; it refuses, naming each, when the group carries
something the spec cannot express (predictive scaling, metric math, ...)
or when the spec already declares its own.`,
		Flags: []ucli.Flag{
			&ucli.StringFlag{Name: "file", Aliases: []string{"f"}, Usage: "the spec JSON file (- for stdin)"},
			&ucli.BoolFlag{Name: "offline", Usage: "write without checking the spec's alarms in CloudWatch (warns)"},
			&ucli.StringFlag{Name: "adopt-scaling-from", Usage: "copy the scaling policies and scheduled actions of this existing `GROUP` into the spec"},
		},
		Action: func(c *ucli.Context) error { return runServicePut(c, deps) },
	}
}

// putDoc is `service put`'s JSON document.
type putDoc struct {
	Service string `json:"service"`
	Key     string `json:"key"`
	Result  string `json:"result"` // created, updated or unchanged
	// AlarmsChecked is true when the spec's alarms were read from
	// CloudWatch and all exist; false when it names none or with --offline.
	AlarmsChecked bool     `json:"alarms_checked"`
	Warnings      []string `json:"warnings,omitempty"`
	Adopted       *adopted `json:"adopted,omitempty"`
}

func runServicePut(c *ucli.Context, deps Deps) error {
	if c.NArg() != 0 {
		return usagef("service put takes no arguments: asgctl service put --file spec.json")
	}
	spec, err := readSpecFile(c)
	if err != nil {
		return err
	}
	e, err := newEnv(c, deps)
	if err != nil {
		return err
	}
	var adopt *adopted
	if group := c.String("adopt-scaling-from"); group != "" {
		if adopt, err = adoptScaling(e.ctx, deps, spec, group); err != nil {
			return err
		}
	}
	check, err := checkSpecAlarms(e.ctx, deps, *spec, c.String("file"), c.Bool("offline"))
	if err != nil {
		return err
	}
	doc := putDoc{Service: spec.Name, Key: api.KeySpec(spec.Name), AlarmsChecked: check.checked, Warnings: check.warnings, Adopted: adopt}
	if doc.Result, err = putSpec(e, spec); err != nil {
		return err
	}
	if e.json {
		return e.printJSON(doc)
	}
	e.textf("service %s %s (%s)", doc.Service, doc.Result, doc.Key)
	if adopt != nil {
		e.textf("%s", adoptedText(adopt, spec.Name))
	}
	if check.checked {
		e.textf("alarms checked: %s found in CloudWatch in %s", alarmCount(len(spec.Alarms)), check.where)
	}
	for _, w := range doc.Warnings {
		fmt.Fprintf(e.stderr(), "asgctl: warning: %s\n", w)
	}
	return nil
}

// putSpec writes spec unless the store already holds the same one, and
// says which: created, updated or unchanged.
func putSpec(e *env, spec *api.ServiceSpec) (string, error) {
	old, _, err := e.store.Spec(e.ctx, spec.Name)
	if err != nil {
		return "", failed("read the current spec of "+spec.Name, err)
	}
	result := "created"
	if old != nil {
		result = "updated"
		a, errA := api.Encode(old)
		b, errB := api.Encode(spec)
		if errA == nil && errB == nil && bytes.Equal(a, b) {
			return "unchanged", nil
		}
	}
	if err := e.store.PutSpec(e.ctx, spec); err != nil {
		return "", failed("register "+spec.Name, err)
	}
	return result, nil
}

// readSpecFile reads and strictly decodes --file; any problem is exit 2.
func readSpecFile(c *ucli.Context) (*api.ServiceSpec, error) {
	name := c.String("file")
	if name == "" {
		return nil, usagef("service put needs --file spec.json")
	}
	var data []byte
	var err error
	if name == "-" {
		data, err = io.ReadAll(c.App.Reader)
	} else {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		return nil, usagef("read the spec: %v", err)
	}
	spec, err := api.DecodeSpec(data)
	if err != nil {
		var ve *api.ValidationError
		if errors.As(err, &ve) {
			return nil, invalidf(ve.Problems, "%s: %v\nfix these and put it again", name, ve)
		}
		return nil, usagef("%s: %v", name, err)
	}
	return spec, nil
}
