package consulkv

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	capi "github.com/hashicorp/consul/api"

	"github.com/asgctl/asgctl/controller/api"
)

// ErrPermissionDenied means Consul's ACLs refused the request: the token
// lacks the permission, or Consul does not know the token.
var ErrPermissionDenied = errors.New("consulkv: permission denied")

// consulError classifies an error of the Consul call op on key (or session
// id or name) once, naming both: ACL denials wrap ErrPermissionDenied and
// say which permission the token lacks, a value Consul finds too large
// wraps api.ErrTooLarge, an unknown session wraps ErrSessionInvalid, and a
// hit on the agent's per-client connection limit says which setting to
// raise. Everything else (transport errors, no leader) is wrapped as it is.
func consulError(op, key string, err error) error {
	var se capi.StatusError
	if !errors.As(err, &se) {
		return fmt.Errorf("consul %s %q: %w", op, key, err)
	}
	body := strings.ToLower(se.Body)
	switch {
	case se.Code == http.StatusForbidden && strings.Contains(body, "acl not found"):
		return fmt.Errorf("consul %s %q: %w: Consul does not know the token (expired, deleted or mistyped?): %w", op, key, ErrPermissionDenied, err)
	case se.Code == http.StatusForbidden:
		return fmt.Errorf("consul %s %q: %w: the Consul token lacks %s permission: %w", op, key, ErrPermissionDenied, access(op), err)
	case se.Code == http.StatusRequestEntityTooLarge:
		return fmt.Errorf("consul %s %q: value over Consul's kv_max_value_size: %w: %w", op, key, api.ErrTooLarge, err)
	case se.Code == http.StatusTooManyRequests:
		return fmt.Errorf("consul %s %q: too many connections from this address; raise the agent's limits.http_max_conns_per_client: %w", op, key, err)
	case strings.Contains(body, "invalid session") || strings.Contains(body, "missing session"):
		return fmt.Errorf("consul %s %q: %w: %w", op, key, ErrSessionInvalid, err)
	}
	return fmt.Errorf("consul %s %q: %w", op, key, err)
}

// access names the ACL permission op needs.
func access(op string) string {
	switch op {
	case "get", "list":
		return "key read"
	case "create session", "renew session", "destroy session":
		return "session write"
	}
	return "key write"
}

// txnDenied turns a transaction refused by ACLs into an error wrapping
// ErrPermissionDenied; nil when the failure was something else.
func txnDenied(op, key string, resp *capi.TxnResponse) error {
	if resp == nil {
		return nil
	}
	for _, e := range resp.Errors {
		if strings.Contains(strings.ToLower(e.What), "permission denied") {
			return fmt.Errorf("consul %s %q: %w: the Consul token lacks %s permission: %s", op, key, ErrPermissionDenied, access(op), e.What)
		}
	}
	return nil
}
