package consultest

import (
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"

	"github.com/asgctl/asgctl/internal/freeport"
)

// configTemplate keeps everything on loopback: HTTP, serf LAN and the
// server RPC port on free ports; DNS, gRPC, HTTPS and serf WAN off. The
// per-client connection limit is raised from 200 so many watchers on one
// machine do not get HTTP 429.
const configTemplate = `bind_addr = "127.0.0.1"
client_addr = "127.0.0.1"
advertise_addr = "127.0.0.1"
disable_update_check = true
log_level = "INFO"
ports {
  http = %d
  serf_lan = %d
  server = %d
  https = -1
  dns = -1
  grpc = -1
  grpc_tls = -1
  serf_wan = -1
}
limits {
  http_max_conns_per_client = 1000
}
`

// aclTemplate turns ACLs on with a known management token.
const aclTemplate = `acl {
  enabled = true
  default_policy = "deny"
  enable_token_persistence = false
  tokens {
    initial_management = %q
  }
}
`

// writeConfig writes the agent's config file into dir and returns its
// path, the HTTP address and the management token ("" without ACLs).
func writeConfig(dir string, opts Options) (path, addr, token string, err error) {
	ports, err := freeport.Distinct(3)
	if err != nil {
		return "", "", "", err
	}
	cfg := fmt.Sprintf(configTemplate, ports[0], ports[1], ports[2])
	if opts.ACL {
		token = newUUID()
		cfg += fmt.Sprintf(aclTemplate, token)
	}
	path = filepath.Join(dir, "agent.hcl")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		return "", "", "", err
	}
	return path, fmt.Sprintf("127.0.0.1:%d", ports[0]), token, nil
}

// newUUID returns a random version 4 UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
