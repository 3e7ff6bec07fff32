package consulkv

import (
	"context"
	"errors"
	"strings"
	"testing"

	capi "github.com/hashicorp/consul/api"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv/consultest"
)

// readOnlyRules lets a token read web's keys and nothing else.
const readOnlyRules = `key_prefix "asgctl/services/web/" { policy = "read" }`

// aclToken creates a token with rules on the agent and returns its secret.
func aclToken(t *testing.T, a *consultest.Agent, rules string) string {
	t.Helper()
	client, err := capi.NewClient(&capi.Config{Address: a.Addr, Token: a.Token})
	if err != nil {
		t.Fatal(err)
	}
	p, _, err := client.ACL().PolicyCreate(&capi.ACLPolicy{Name: "test-" + newName(t), Rules: rules}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tok, _, err := client.ACL().TokenCreate(&capi.ACLToken{Policies: []*capi.ACLTokenPolicyLink{{ID: p.ID}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return tok.SecretID
}

// newName is a name unique to the test.
func newName(t *testing.T) string {
	return strings.NewReplacer("/", "-", " ", "-").Replace(t.Name())
}

// denied checks that err is an ACL denial naming key and what is lacking.
func denied(t *testing.T, err error, key, lacking string) {
	t.Helper()
	if !errors.Is(err, ErrPermissionDenied) || !strings.Contains(err.Error(), key) || !strings.Contains(err.Error(), lacking) {
		t.Fatalf("err = %v; want ErrPermissionDenied naming %q and saying %q", err, key, lacking)
	}
	t.Logf("denied as expected: %v", err)
}

func TestConsulACLDenials(t *testing.T) {
	ctx := context.Background()
	t.Setenv("CONSUL_HTTP_TOKEN", "")
	t.Setenv("CONSUL_HTTP_TOKEN_FILE", "")
	a := consultest.StartWith(t, consultest.Options{ACL: true})
	admin, err := NewConsul(ConsulConfig{Address: a.Addr, Token: a.Token})
	if err != nil {
		t.Fatal(err)
	}
	spec := api.KeySpec("web")
	mustPut(t, admin, spec, "{}")
	mustPut(t, admin, api.KeySpec("api"), "{}")

	anon, _ := NewConsul(ConsulConfig{Address: a.Addr})
	denied(t, anon.Put(ctx, spec, []byte("x")), spec, "token lacks key write permission")
	_, _, err = anon.Get(ctx, spec, nil)
	denied(t, err, spec, "token lacks key read permission")
	_, err = anon.CreateSession(ctx, "ctl", DefaultLockTTL, 0)
	denied(t, err, "ctl", "token lacks session write permission")

	bogus, _ := NewConsul(ConsulConfig{Address: a.Addr, Token: "0badc0de-0000-4000-8000-000000000001"})
	denied(t, bogus.Put(ctx, spec, []byte("x")), spec, "does not know the token")

	// A token from a file, allowed to read web's keys only.
	reader, err := NewConsul(ConsulConfig{Address: a.Addr, TokenFile: writeToken(t, "token", aclToken(t, a, readOnlyRules))})
	if err != nil {
		t.Fatal(err)
	}
	if e, _, err := reader.Get(ctx, spec, nil); err != nil || e == nil {
		t.Fatalf("allowed read: %v, %v", e, err)
	}
	denied(t, reader.Put(ctx, spec, []byte("x")), spec, "token lacks key write permission")
	_, _, err = reader.List(ctx, api.KeyServicesPrefix, nil)
	denied(t, err, api.KeyServicesPrefix, "lacks read permission on some keys")
	if _, err := NewStore(reader).Services(ctx); !errors.Is(err, ErrPermissionDenied) {
		t.Fatalf("Services with a partial view: %v; want ErrPermissionDenied, not a short list", err)
	}

	// Release is a transaction; its denial is classified too.
	s := mustSession(t, admin, 0, 0)
	acquire(t, admin, spec, "held", s)
	_, err = reader.Release(ctx, spec, s)
	denied(t, err, spec, "token lacks key write permission")
}

func TestConsulServerRejectsOversizedValue(t *testing.T) {
	c := newConsul(t)
	big := make([]byte, MaxMemoryValueBytes+1)
	// Past the local check, Consul's own limit answers: HTTP 413.
	opts, done := c.write(context.Background())
	defer done()
	_, err := c.client.KV().Put(&capi.KVPair{Key: "asgctl/big", Value: big}, opts)
	err = consulError("put", "asgctl/big", err)
	if !errors.Is(err, api.ErrTooLarge) || !strings.Contains(err.Error(), `"asgctl/big"`) || !strings.Contains(err.Error(), "kv_max_value_size") {
		t.Fatalf("err = %v; want api.ErrTooLarge naming the key and Consul's setting", err)
	}
}

func TestConsulStaleBlockingRead(t *testing.T) {
	ctx := context.Background()
	c := newConsul(t)
	mustPut(t, c, "deploys/web", "r1")
	_, idx := mustGet(t, c, "deploys/web")
	ch := goGet(ctx, c, "deploys/web", &QueryOptions{WaitIndex: idx, Stale: true})
	realWait(consulParkDelay)
	mustPut(t, c, "deploys/web", "r2")
	h := &harness{real: true}
	if r := recvWithin(t, h, ch, safetyTimeout); r.err != nil || string(r.entry.Value) != "r2" {
		t.Fatalf("stale blocking Get = %+v, want r2", r)
	}
}
