package cli

import (
	"bytes"
	"errors"
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
same spec again changes nothing.`,
		Flags: []ucli.Flag{
			&ucli.StringFlag{Name: "file", Aliases: []string{"f"}, Usage: "the spec JSON file (- for stdin)"},
		},
		Action: func(c *ucli.Context) error { return runServicePut(c, deps) },
	}
}

// putDoc is `service put`'s JSON document.
type putDoc struct {
	Service string `json:"service"`
	Key     string `json:"key"`
	Result  string `json:"result"` // created, updated or unchanged
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
	doc := putDoc{Service: spec.Name, Key: api.KeySpec(spec.Name), Result: "created"}
	old, _, err := e.store.Spec(e.ctx, spec.Name)
	if err != nil {
		return consulFailed("read the current spec of "+spec.Name, err)
	}
	if old != nil {
		doc.Result = "updated"
		a, errA := api.Encode(old)
		b, errB := api.Encode(spec)
		if errA == nil && errB == nil && bytes.Equal(a, b) {
			doc.Result = "unchanged"
		}
	}
	if doc.Result != "unchanged" {
		if err := e.store.PutSpec(e.ctx, spec); err != nil {
			return failed("register "+spec.Name, err)
		}
	}
	if e.json {
		return e.printJSON(doc)
	}
	e.textf("service %s %s (%s)", doc.Service, doc.Result, doc.Key)
	return nil
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
