package cli

import (
	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/consulkv"
)

// consulBackend opens Consul from the global flags (--consul-addr,
// --consul-token, --consul-token-file and their CONSUL_HTTP_* fallbacks;
// TLS from the standard Consul variables), every call bounded by
// --request-timeout. It does not contact Consul yet.
func consulBackend(c *ucli.Context) (consulkv.Backend, error) {
	return consulkv.NewConsul(consulkv.ConsulConfig{
		Address: c.String("consul-addr"), Token: c.String("consul-token"), TokenFile: c.String("consul-token-file"),
		CallTimeout: c.Duration("request-timeout"),
	})
}
