package consulkv

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	capi "github.com/hashicorp/consul/api"
)

// ConsulConfig says how to reach Consul. Empty fields fall back to the
// standard environment: CONSUL_HTTP_ADDR, CONSUL_HTTP_TOKEN and
// CONSUL_HTTP_TOKEN_FILE. TLS comes from the standard variables only
// (CONSUL_CACERT, CONSUL_CAPATH, CONSUL_CLIENT_CERT, CONSUL_CLIENT_KEY,
// CONSUL_TLS_SERVER_NAME, CONSUL_HTTP_SSL, CONSUL_HTTP_SSL_VERIFY), or from
// an "https://" Address.
//
// The token is chosen as Consul's own CLI chooses it: TokenFile, then
// Token, then CONSUL_HTTP_TOKEN_FILE, then CONSUL_HTTP_TOKEN; none means
// the anonymous token. A token file that is missing, unreadable or empty is
// an error, never a silent fall back to another token.
type ConsulConfig struct {
	Address   string
	Token     string
	TokenFile string
	// CallTimeout bounds every call: a Consul that accepts the connection
	// and never answers fails the call after this long (a blocking query
	// gets its wait time on top). 0 means no bound beyond the caller's
	// context.
	CallTimeout time.Duration
}

// Consul is the Backend on a real Consul agent, through its HTTP API
// (github.com/hashicorp/consul/api). The contract suite holds it to
// Memory's semantics; what differs is timing and index arithmetic:
//
//   - a session whose TTL lapsed ends between TTL and 2×TTL after its last
//     renewal (Memory: at TTL); lock-delay runs on the leader's clock;
//   - a blocking query's wait time gets up to 1/16 of jitter;
//   - indexes are raft indexes shared with the whole cluster: they grow
//     in jumps, and only their order means anything (as with Memory);
//   - a blocking Get on an absent key, or a List of an empty prefix, may
//     return unchanged after writes to other keys (WatchKey and WatchPrefix
//     do not deliver those).
//
// Errors name the key (or session) and wrap ErrSessionInvalid,
// ErrPermissionDenied or api.ErrTooLarge where those apply. Safe for
// concurrent use.
type Consul struct {
	client      *capi.Client
	addr        string
	token       string
	callTimeout time.Duration
}

var _ Backend = (*Consul)(nil)

// NewConsul returns a Backend talking to the Consul agent cfg names. It
// does not contact Consul; the first call does.
func NewConsul(cfg ConsulConfig) (*Consul, error) {
	token, err := resolveToken(cfg)
	if err != nil {
		return nil, err
	}
	c := capi.DefaultConfig()
	if cfg.Address != "" {
		c.Address = cfg.Address
	}
	// The token is resolved above and sent on every request; keep the
	// client from reading a token file of its own.
	c.Token, c.TokenFile = token, ""
	client, err := capi.NewClient(c)
	if err != nil {
		return nil, fmt.Errorf("consul client for %s: %w", c.Address, err)
	}
	return &Consul{client: client, addr: c.Address, token: token, callTimeout: cfg.CallTimeout}, nil
}

// Address is the Consul address in use, for messages.
func (c *Consul) Address() string { return c.addr }

// resolveToken picks the ACL token in Consul's CLI order.
func resolveToken(cfg ConsulConfig) (string, error) {
	switch {
	case cfg.TokenFile != "":
		return readTokenFile(cfg.TokenFile)
	case cfg.Token != "":
		return cfg.Token, nil
	case os.Getenv(capi.HTTPTokenFileEnvName) != "":
		return readTokenFile(os.Getenv(capi.HTTPTokenFileEnvName))
	}
	return os.Getenv(capi.HTTPTokenEnvName), nil
}

// readTokenFile reads a token file; missing, unreadable or empty is an
// error naming the file.
func readTokenFile(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("consul token file: %w", err)
	}
	token := strings.TrimSpace(string(data))
	if token == "" {
		return "", fmt.Errorf("consul token file %s is empty", path)
	}
	return token, nil
}

// query turns asgctl's read options into Consul's.
//
// WaitIndex > 0 is a blocking query with Memory's wait-time default and cap
// (Consul adds up to WaitTime/16 of jitter). Consistent is Consul's
// consistent mode (the leader verifies its leadership first). Otherwise the
// read is Consul's default mode (served by the leader without that check),
// or stale mode (any server, possibly behind) when Stale is set.
// The returned func releases the call's deadline (see bound).
func (c *Consul) query(ctx context.Context, q *QueryOptions) (*capi.QueryOptions, context.CancelFunc) {
	o := &capi.QueryOptions{Token: c.token}
	if q != nil {
		o.RequireConsistent = q.Consistent
		o.AllowStale = q.Stale && !q.Consistent
		if q.WaitIndex > 0 {
			o.WaitIndex = q.WaitIndex
			o.WaitTime = waitTime(q.WaitTime)
		}
	}
	ctx, done := c.bound(ctx, o.WaitTime)
	return o.WithContext(ctx), done
}

// write returns the options of a write and the func that releases its
// deadline.
func (c *Consul) write(ctx context.Context) (*capi.WriteOptions, context.CancelFunc) {
	o := &capi.WriteOptions{Token: c.token}
	ctx, done := c.bound(ctx, 0)
	return o.WithContext(ctx), done
}

// bound gives one call CallTimeout, plus wait and Consul's jitter of up
// to wait/16 for a blocking query. No CallTimeout: ctx as it is.
func (c *Consul) bound(ctx context.Context, wait time.Duration) (context.Context, context.CancelFunc) {
	if c.callTimeout <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, c.callTimeout+wait+wait/16)
}

// toEntry converts a Consul pair.
func toEntry(p *capi.KVPair) Entry {
	return Entry{
		Key: p.Key, Value: p.Value,
		CreateIndex: p.CreateIndex, ModifyIndex: p.ModifyIndex,
		Session: p.Session,
	}
}
