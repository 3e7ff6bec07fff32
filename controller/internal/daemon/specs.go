package daemon

import (
	"fmt"
	"strings"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// specSet is what the services folder says: the specs that decode, by
// service, and the services whose spec key holds a value that does not.
type specSet struct {
	specs  map[string]api.ServiceSpec
	broken map[string]error
}

// parseSpecs picks the spec keys, api.KeySpec(svc), out of a listing of
// api.KeyServicesPrefix and decodes them.
func parseSpecs(entries []consulkv.Entry) specSet {
	set := specSet{specs: map[string]api.ServiceSpec{}, broken: map[string]error{}}
	for _, e := range entries {
		svc, leaf, ok := strings.Cut(strings.TrimPrefix(e.Key, api.KeyServicesPrefix), "/")
		if !ok || leaf != "spec" || svc == "" {
			continue
		}
		spec, err := api.DecodeSpec(e.Value)
		switch {
		case err != nil:
			set.broken[svc] = err
		case spec.Name != svc:
			set.broken[svc] = fmt.Errorf("%s names service %q", e.Key, spec.Name)
		default:
			set.specs[svc] = *spec
		}
	}
	return set
}

// account is what a service's AWS clients depend on: a change of any of it
// restarts the service's runner with new clients.
type account struct{ region, roleARN, externalID string }

func accountOf(s api.ServiceSpec) account {
	return account{region: s.Region, roleARN: s.RoleARN, externalID: s.ExternalID}
}
