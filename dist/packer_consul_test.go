package dist

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/asgctl/asgctl/controller/consulkv/consultest"
	"github.com/asgctl/asgctl/internal/testenv"
)

// consulUnitFile is the Consul client's unit, next to the template.
var consulUnitFile = filepath.Join(filepath.Dir(packerTemplate), "consul", "consul.service")

// TestPackerDownloadsMatchTheArchitecture: each source downloads the
// asgctl-agent binary the release workflow publishes for its architecture
// and Consul's zip for it, each checked against that architecture's
// digest.
func TestPackerDownloadsMatchTheArchitecture(t *testing.T) {
	_, body := packerFile(t)
	release, err := os.ReadFile(filepath.Join("..", ".github", "workflows", "release.yml"))
	if err != nil {
		t.Fatal(err)
	}
	for arch := range arches {
		env := shellEnv(t, body, arch)
		want := map[string]string{
			"AGENT_URL":     "https://github.com/asgctl/asgctl/releases/download/v1.2.0/asgctl-agent-linux-" + arch,
			"AGENT_SHA256":  testDigests["agent_sha256"][arch],
			"CONSUL_URL":    "https://releases.hashicorp.com/consul/1.20.0/consul_1.20.0_linux_" + arch + ".zip",
			"CONSUL_SHA256": testDigests["consul_sha256"][arch],
		}
		for k, v := range want {
			if env[k] != v {
				t.Errorf("source %s: %s = %q, want %q", arch, k, env[k], v)
			}
		}
		if !strings.Contains(string(release), "out/asgctl-agent-linux-"+arch) {
			t.Errorf("the release workflow publishes no asgctl-agent-linux-%s", arch)
		}
	}
}

// shellEnv evaluates the environment_vars of every shell provisioner for
// the source arch.
func shellEnv(t *testing.T, body *hclsyntax.Body, arch string) map[string]string {
	t.Helper()
	ctx := packerContext(t, body, arch)
	env := map[string]string{}
	for _, p := range blocks(blocks(body, "build")[0].Body, "provisioner") {
		if _, ok := p.Body.Attributes["environment_vars"]; !ok {
			continue
		}
		for _, kv := range stringList(t, value(t, p.Body, "environment_vars", ctx)) {
			k, v, _ := strings.Cut(kv, "=")
			env[k] = v
		}
	}
	return env
}

// TestPackerConsulClientConfig: the baked client config is a client on
// loopback joining by cloud auto-join tag, with ACLs on, default deny,
// and no token; with the node name and token file user data adds, Consul
// itself accepts it (`consul validate`, when a consul binary is around).
func TestPackerConsulClientConfig(t *testing.T) {
	_, body := packerFile(t)
	cfg := consulConfig(t, body)
	f, diags := hclsyntax.ParseConfig([]byte(cfg), "consul.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("rendered consul.hcl: %s\n%s", diags.Error(), cfg)
	}
	b := f.Body.(*hclsyntax.Body)
	for attr, want := range map[string]string{"client_addr": `"127.0.0.1"`, "server": "false",
		"retry_join": `["provider=aws tag_key=consul-cluster tag_value=asgctl"]`} {
		if got := exprText(cfg, b, attr); got != want {
			t.Errorf("consul.hcl %s = %s, want %s", attr, got, want)
		}
	}
	acl := blocks(b, "acl")
	if len(acl) != 1 || exprText(cfg, acl[0].Body, "enabled") != "true" || exprText(cfg, acl[0].Body, "default_policy") != `"deny"` {
		t.Fatalf("consul.hcl: want acl { enabled = true, default_policy = \"deny\" }:\n%s", cfg)
	}
	if len(blocks(acl[0].Body, "tokens")) != 0 || regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-`).MatchString(cfg) {
		t.Errorf("consul.hcl carries a token: the image must not\n%s", cfg)
	}
	consulValidate(t, cfg)
}

// consulConfig renders the config the template's file provisioner uploads
// as consul.hcl.
func consulConfig(t *testing.T, body *hclsyntax.Body) string {
	t.Helper()
	ctx := packerContext(t, body, "amd64")
	for _, p := range blocks(blocks(body, "build")[0].Body, "provisioner") {
		if _, ok := p.Body.Attributes["content"]; ok && strings.HasSuffix(value(t, p.Body, "destination", nil).AsString(), "/consul.hcl") {
			return value(t, p.Body, "content", ctx).AsString()
		}
	}
	t.Fatal("no file provisioner uploads consul.hcl")
	return ""
}

// exprText is the source text of attribute name of b ("" when absent).
func exprText(src string, b *hclsyntax.Body, name string) string {
	a, ok := b.Attributes[name]
	if !ok {
		return ""
	}
	r := a.Expr.Range()
	return src[r.Start.Byte:r.End.Byte]
}

// consulValidate runs `consul validate` on cfg plus the two files the
// service module's user data writes at boot.
func consulValidate(t *testing.T, cfg string) {
	t.Helper()
	bin, err := consultest.Binary()
	if err != nil {
		testenv.SkipOrFail(t, "consul validate needs a consul binary: %v", err)
	}
	dir := t.TempDir()
	files := map[string]string{
		"consul.hcl":            cfg,
		"asgctl-node.hcl":       "node_name = \"web-i-0123456789abcdef0\"\n",
		"asgctl-acl-tokens.hcl": "acl {\n  tokens {\n    agent = \"0aaa1111-2222-3333-4444-555566667777\"\n  }\n}\n",
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := exec.Command(bin, "validate", dir).CombinedOutput(); err != nil {
		t.Errorf("consul validate: %v\n%s", err, out)
	}
}

// TestConsulUnit: Consul runs as its own user with no capability, tells
// systemd when it is ready, reads /etc/consul.d and writes only its state
// directory; `systemd-analyze verify` accepts the unit.
func TestConsulUnit(t *testing.T) {
	u, err := parseUnit(consulUnitFile)
	if err != nil {
		t.Fatal(err)
	}
	const name = "consul.service"
	for _, kv := range [][3]string{
		{"Service", "Type", "notify"}, {"Service", "User", "consul"}, {"Service", "Group", "consul"},
		{"Service", "ExecStart", "/usr/local/bin/consul agent -config-dir=/etc/consul.d/"},
		{"Service", "StateDirectory", "consul"}, {"Service", "KillSignal", "SIGTERM"},
		{"Service", "NoNewPrivileges", "yes"}, {"Service", "ProtectSystem", "strict"},
		{"Service", "CapabilityBoundingSet", ""}, {"Install", "WantedBy", "multi-user.target"},
	} {
		if got, ok := u.get(kv[0], kv[1]); !ok || got != kv[2] {
			t.Errorf("%s: %s=%q (set %v), want %q", name, kv[1], got, ok, kv[2])
		}
	}
	verifyConsulUnit(t)
}

// verifyConsulUnit runs `systemd-analyze verify` on the unit installed as
// the AMI installs it, in a temporary root with stub executables.
func verifyConsulUnit(t *testing.T) {
	t.Helper()
	sa, err := exec.LookPath("systemd-analyze")
	if err != nil {
		testenv.SkipOrFail(t, "systemd-analyze is not installed (install systemd)")
	}
	sysdir := hostUnitDir()
	if sysdir == "" {
		testenv.SkipOrFail(t, "no host systemd unit directory with sysinit.target")
	}
	root := t.TempDir()
	unit, err := os.ReadFile(consulUnitFile)
	if err != nil {
		t.Fatal(err)
	}
	for rel, f := range map[string]struct {
		data []byte
		mode os.FileMode
	}{
		"usr/local/bin/consul":              {[]byte("#!/bin/sh\nexit 0\n"), 0o755},
		"bin/kill":                          {[]byte("#!/bin/sh\nexit 0\n"), 0o755},
		"etc/systemd/system/consul.service": {unit, 0o644},
	} {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.data, f.mode); err != nil {
			t.Fatal(err)
		}
	}
	if err := copyTree(sysdir, filepath.Join(root, "usr/lib/systemd/system")); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(sa, "verify", "--man=no", "--root="+root, "consul.service").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "" {
		t.Errorf("systemd-analyze verify consul.service: %v\n%s", err, out)
	}
}
