package consul

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	capi "github.com/hashicorp/consul/api"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/consulkv/consultest"
)

// shared is the package's Consul agent, ACLs on with default policy
// "deny"; each caller gets it emptied of keys and sessions.
var shared = consultest.Shared{Options: consultest.Options{ACL: true}}

func TestMain(m *testing.M) {
	code := m.Run()
	shared.Stop()
	os.Exit(code)
}

// testTimeout bounds each test's Consul calls.
const testTimeout = time.Minute

// templates are the policy files and the variables each one takes.
var templates = map[string][]string{
	"controller.hcl": {"node_prefix"},
	"agent.hcl":      {"service", "node_prefix"},
	"ci.hcl":         {"service"},
	"ci-inline.hcl":  {"service", "node_prefix"},
}

// render evaluates a policy template with HCL's template language, as
// Terraform's templatefile() does: every variable it names must be given.
func render(file string, vars map[string]string) (string, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	expr, diags := hclsyntax.ParseTemplate(src, file, hcl.InitialPos)
	if diags.HasErrors() {
		return "", fmt.Errorf("parse %s: %w", file, diags)
	}
	vals := map[string]cty.Value{}
	for k, v := range vars {
		vals[k] = cty.StringVal(v)
	}
	v, diags := expr.Value(&hcl.EvalContext{Variables: vals})
	if diags.HasErrors() {
		return "", fmt.Errorf("render %s: %w", file, diags)
	}
	return v.AsString(), nil
}

// policy is a template and the values to render it with.
type policy struct {
	file string
	vars map[string]string
}

// rules renders p, failing the test on an error.
func (p policy) rules(t *testing.T) string {
	t.Helper()
	r, err := render(p.file, p.vars)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// cluster is one test's view of the shared agent, emptied for it.
type cluster struct {
	t     *testing.T
	ctx   context.Context
	acl   *capi.Client     // the management token's client, for ACL objects
	admin *consulkv.Consul // the management token, to seed keys as other components would
	// node is the agent's node name: every session created through it is
	// on this node.
	node string
	addr string
}

// names numbers ACL objects: the shared agent keeps them across tests.
var names atomic.Int64

func newCluster(t *testing.T) *cluster {
	t.Helper()
	t.Setenv("CONSUL_HTTP_TOKEN", "")
	t.Setenv("CONSUL_HTTP_TOKEN_FILE", "")
	a := shared.Agent(t)
	acl, err := capi.NewClient(&capi.Config{Address: a.Addr, Token: a.Token})
	if err != nil {
		t.Fatal(err)
	}
	admin, err := consulkv.NewConsul(consulkv.ConsulConfig{Address: a.Addr, Token: a.Token})
	if err != nil {
		t.Fatal(err)
	}
	node, err := acl.Agent().NodeName()
	if err != nil || node == "" {
		t.Fatalf("node name of the agent: %q, %v", node, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	return &cluster{t: t, ctx: ctx, acl: acl, admin: admin, node: node, addr: a.Addr}
}

// grant is a token as a component holds it: its secret, and the
// project's Consul client using it.
type grant struct {
	secret string
	kv     *consulkv.Consul
}

// token renders each policy and returns a new token holding them all.
func (c *cluster) token(ps ...policy) grant {
	c.t.Helper()
	var rules []string
	for _, p := range ps {
		rules = append(rules, p.rules(c.t))
	}
	return c.grant(rules...)
}

// grant creates one Consul policy per rules text and a token holding
// them. Consul parses the rules: a syntax error fails the test.
func (c *cluster) grant(rules ...string) grant {
	c.t.Helper()
	var links []*capi.ACLTokenPolicyLink
	for _, r := range rules {
		name := fmt.Sprintf("policy-%d", names.Add(1))
		made, _, err := c.acl.ACL().PolicyCreate(&capi.ACLPolicy{Name: name, Rules: r}, nil)
		if err != nil {
			c.t.Fatalf("Consul refused the policy: %v\n%s", err, r)
		}
		links = append(links, &capi.ACLTokenPolicyLink{ID: made.ID})
	}
	tok, _, err := c.acl.ACL().TokenCreate(&capi.ACLToken{Description: c.t.Name(), Policies: links}, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	kv, err := consulkv.NewConsul(consulkv.ConsulConfig{Address: c.addr, Token: tok.SecretID})
	if err != nil {
		c.t.Fatal(err)
	}
	return grant{secret: tok.SecretID, kv: kv}
}

// catalog is Consul's catalog API with g's token.
func (c *cluster) catalog(g grant) *capi.Catalog {
	c.t.Helper()
	client, err := capi.NewClient(&capi.Config{Address: c.addr, Token: g.secret})
	if err != nil {
		c.t.Fatal(err)
	}
	return client.Catalog()
}

// put writes key with the management token (another component's write).
func (c *cluster) put(key string, value []byte) {
	c.t.Helper()
	if err := c.admin.Put(c.ctx, key, value); err != nil {
		c.t.Fatalf("seed %s: %v", key, err)
	}
}

// hold writes key under a session of the management token, as a live
// agent's report or a running controller's heartbeat is held.
func (c *cluster) hold(key string, value []byte) {
	c.t.Helper()
	s, err := c.admin.CreateSession(c.ctx, "seed "+key, 0, 0)
	if err != nil {
		c.t.Fatalf("seed %s: %v", key, err)
	}
	if won, err := c.admin.Acquire(c.ctx, key, value, s); err != nil || !won {
		c.t.Fatalf("seed %s: acquired %v, %v", key, won, err)
	}
}

// nodeName is a new name under prefix for a catalog registration: Consul
// lets a registration that changes nothing of an existing node through
// without node write, so each check registers a node of its own.
func nodeName(prefix string) string {
	return fmt.Sprintf("%s-probe-%d", strings.TrimSuffix(prefix, "-"), names.Add(1))
}
