package dist

// The AMI template terraform/packer/agent.pkr.hcl is checked here with the
// HCL parser Packer itself uses (github.com/hashicorp/hcl/v2), not with
// `packer validate`/`packer fmt`: `packer init` needs the internet to fetch
// the amazon plugin, and the Packer module is not served by the Go module
// proxy, so `packer` cannot be installed with `go install`. `packer fmt`
// is hclwrite.Format; the format check runs HCL's own hclfmt (the same
// formatter, same hcl version as go.mod) with `go run`, because hclwrite
// needs a module (go-cmp) this module does not require.

import (
	"bytes"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/internal/testenv"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

var packerTemplate = filepath.Join("..", "terraform", "packer", "agent.pkr.hcl")

// packerFile parses the template and returns its source and body.
func packerFile(t *testing.T) ([]byte, *hclsyntax.Body) {
	t.Helper()
	src, err := os.ReadFile(packerTemplate)
	if err != nil {
		t.Fatal(err)
	}
	f, diags := hclparse.NewParser().ParseHCL(src, packerTemplate)
	if diags.HasErrors() {
		t.Fatalf("parse: %s", diags.Error())
	}
	return src, f.Body.(*hclsyntax.Body)
}

// blocks returns the blocks of body of the given type.
func blocks(body *hclsyntax.Body, typ string) []*hclsyntax.Block {
	var out []*hclsyntax.Block
	for _, b := range body.Blocks {
		if b.Type == typ {
			out = append(out, b)
		}
	}
	return out
}

// value evaluates attribute name of body (with ctx; nil for literals).
func value(t *testing.T, body *hclsyntax.Body, name string, ctx *hcl.EvalContext) cty.Value {
	t.Helper()
	a, ok := body.Attributes[name]
	if !ok {
		t.Fatalf("%s: attribute %s is missing", packerTemplate, name)
	}
	v, diags := a.Expr.Value(ctx)
	if diags.HasErrors() {
		t.Fatalf("%s: %s: %s", packerTemplate, name, diags.Error())
	}
	return v
}

// strings returns a list or tuple of strings as a Go slice.
func stringList(t *testing.T, v cty.Value) []string {
	t.Helper()
	if !v.CanIterateElements() {
		t.Fatalf("want a list of strings, got %s", v.Type().FriendlyName())
	}
	var out []string
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.Type() != cty.String {
			t.Fatalf("want a list of strings, got an element of type %s", e.Type().FriendlyName())
		}
		out = append(out, e.AsString())
	}
	return out
}

// hclfmt is HCL's formatter at the version go.mod requires.
const hclfmt = "github.com/hashicorp/hcl/v2/cmd/hclfmt@v2.23.0"

// TestPackerTemplateFormat: the file is what `packer fmt` would write. It
// needs the hcl module in the module cache or the Go module proxy; without
// either it skips, and fails instead when CI=true.
func TestPackerTemplateFormat(t *testing.T) {
	src, _ := packerFile(t)
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	abs, err := filepath.Abs(packerTemplate)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(gobin, "run", hclfmt, abs)
	cmd.Dir = t.TempDir() // outside this module: pkg@version mode
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	got, err := cmd.Output()
	if err != nil {
		testenv.SkipOrFail(t, "go run %s: %v (no module proxy?)\n%s", hclfmt, err, stderr.String())
	}
	if !bytes.Equal(got, src) {
		t.Errorf("%s is not in canonical format (packer fmt); formatted it reads:\n%s", packerTemplate, got)
	}
}

// TestPackerTemplateTopLevel: only Packer's top-level blocks, and the
// required plugin pinned.
func TestPackerTemplateTopLevel(t *testing.T) {
	_, body := packerFile(t)
	if len(body.Attributes) != 0 {
		t.Errorf("unexpected top-level attributes: %v", body.Attributes)
	}
	known := []string{"packer", "variable", "locals", "source", "build", "data"}
	for _, b := range body.Blocks {
		if !slices.Contains(known, b.Type) {
			t.Errorf("%s: unknown top-level block %q", b.TypeRange, b.Type)
		}
	}
	pk := blocks(body, "packer")
	if len(pk) != 1 {
		t.Fatalf("want one packer block, got %d", len(pk))
	}
	value(t, pk[0].Body, "required_version", nil)
	rp := blocks(pk[0].Body, "required_plugins")
	if len(rp) != 1 {
		t.Fatalf("want one packer.required_plugins block, got %d", len(rp))
	}
	amazon := value(t, rp[0].Body, "amazon", nil)
	if !amazon.Type().IsObjectType() || !amazon.Type().HasAttribute("version") || !amazon.Type().HasAttribute("source") {
		t.Fatalf("required_plugins.amazon: want { version, source }, got %s", amazon.Type().FriendlyName())
	}
	if src := amazon.GetAttr("source").AsString(); src != "github.com/hashicorp/amazon" {
		t.Errorf("required_plugins.amazon.source = %q", src)
	}
	if v := amazon.GetAttr("version").AsString(); !regexp.MustCompile(`^= ?\d+\.\d+\.\d+$`).MatchString(v) {
		t.Errorf("required_plugins.amazon.version = %q: pin one version (= X.Y.Z)", v)
	}
}

// packerVariables are the variables the template must declare.
var packerVariables = []string{"region", "instance_types", "asgctl_version", "agent_base_url", "agent_sha256",
	"consul_version", "consul_sha256", "consul_datacenter", "consul_join_tag_key", "consul_join_tag_value"}

// TestPackerTemplateVariables: every variable is typed and described; every
// var./local. reference names a declaration; no declaration is unused.
func TestPackerTemplateVariables(t *testing.T) {
	_, body := packerFile(t)
	vars := map[string]bool{}
	for _, b := range blocks(body, "variable") {
		name := b.Labels[0]
		vars[name] = false
		if _, ok := b.Body.Attributes["type"]; !ok {
			t.Errorf("variable %q has no type", name)
		}
		if d, ok := b.Body.Attributes["description"]; !ok {
			t.Errorf("variable %q has no description", name)
		} else if v, diags := d.Expr.Value(nil); diags.HasErrors() || v.Type() != cty.String || strings.TrimSpace(v.AsString()) == "" {
			t.Errorf("variable %q: description must be a non-empty string", name)
		}
	}
	for _, want := range packerVariables {
		if _, ok := vars[want]; !ok {
			t.Errorf("no variable %q", want)
		}
	}
	locals := map[string]bool{}
	for _, b := range blocks(body, "locals") {
		for name := range b.Body.Attributes {
			locals[name] = false
		}
	}
	diags := hclsyntax.VisitAll(body, func(n hclsyntax.Node) hcl.Diagnostics {
		e, ok := n.(*hclsyntax.ScopeTraversalExpr)
		if !ok || len(e.Traversal) < 2 {
			return nil
		}
		attr, ok := e.Traversal[1].(hcl.TraverseAttr)
		if !ok {
			return nil
		}
		var decl map[string]bool
		switch e.Traversal.RootName() {
		case "var":
			decl = vars
		case "local":
			decl = locals
		default:
			return nil
		}
		if _, ok := decl[attr.Name]; !ok {
			t.Errorf("%s: %s.%s is not declared", e.SrcRange, e.Traversal.RootName(), attr.Name)
		}
		decl[attr.Name] = true
		return nil
	})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	for kind, m := range map[string]map[string]bool{"variable": vars, "local": locals} {
		for name, used := range m {
			if !used {
				t.Errorf("%s %q is declared but never used", kind, name)
			}
		}
	}
}

// arches are the architectures the template builds, the names of its
// sources, and the AMI architecture and Amazon Linux 2023 name suffix of
// each (the release workflow publishes asgctl-agent-linux-<arch>).
var arches = map[string]string{"amd64": "x86_64", "arm64": "arm64"}

// TestPackerTemplateSources: one amazon-ebs source per architecture, from
// the newest Amazon Linux 2023 AMI of that architecture owned by Amazon,
// on an instance type of that architecture, IMDSv2 only, with the
// architecture in the AMI's name.
func TestPackerTemplateSources(t *testing.T) {
	_, body := packerFile(t)
	srcs := blocks(body, "source")
	if len(srcs) != len(arches) {
		t.Fatalf("want %d amazon-ebs sources (one per architecture), got %d", len(arches), len(srcs))
	}
	ctx := packerContext(t, body, "")
	for _, src := range srcs {
		if len(src.Labels) != 2 || src.Labels[0] != "amazon-ebs" {
			t.Fatalf("%s: want source \"amazon-ebs\" \"ARCH\"", src.TypeRange)
		}
		arch, b := src.Labels[1], src.Body
		ami, ok := arches[arch]
		if !ok {
			t.Fatalf("source %q: name it after its architecture, one of %v", arch, keysOf(arches))
		}
		checkSource(t, arch, ami, b, ctx)
	}
}

// checkSource checks the source of arch, whose AMIs say ami.
func checkSource(t *testing.T, arch, ami string, b *hclsyntax.Body, ctx *hcl.EvalContext) {
	t.Helper()
	for _, a := range []string{"region", "ssh_username"} {
		if _, ok := b.Attributes[a]; !ok {
			t.Errorf("source %s: attribute %s is missing", arch, a)
		}
	}
	if got, want := value(t, b, "instance_type", ctx).AsString(), map[string]string{"amd64": "t3.small", "arm64": "t4g.small"}[arch]; got != want {
		t.Errorf("source %s: instance_type defaults to %q, want %q", arch, got, want)
	}
	if name := value(t, b, "ami_name", ctx).AsString(); !strings.Contains(name, "-"+arch+"-") {
		t.Errorf("source %s: ami_name %q does not name the architecture", arch, name)
	}
	if got := value(t, b, "imds_support", nil).AsString(); got != "v2.0" {
		t.Errorf("source %s: imds_support = %q, want v2.0", arch, got)
	}
	f := blocks(b, "source_ami_filter")
	if len(f) != 1 {
		t.Fatalf("source %s: want one source_ami_filter, got %d", arch, len(f))
	}
	filters := value(t, f[0].Body, "filters", nil)
	if got, want := filters.GetAttr("name").AsString(), "al2023-ami-2023.*-"+ami; got != want {
		t.Errorf("source %s: source_ami_filter name = %q, want %q", arch, got, want)
	}
	if got := filters.GetAttr("architecture").AsString(); got != ami {
		t.Errorf("source %s: source_ami_filter architecture = %q, want %q", arch, got, ami)
	}
	if got := stringList(t, value(t, f[0].Body, "owners", nil)); !slices.Equal(got, []string{"amazon"}) {
		t.Errorf("source %s: source_ami_filter.owners = %v, want [amazon]", arch, got)
	}
	if !value(t, f[0].Body, "most_recent", nil).True() {
		t.Errorf("source %s: source_ami_filter.most_recent must be true", arch)
	}
	md := blocks(b, "metadata_options")
	if len(md) != 1 || value(t, md[0].Body, "http_tokens", nil).AsString() != "required" {
		t.Errorf("source %s: the build instance must require IMDSv2 (metadata_options.http_tokens = required)", arch)
	}
}

// TestPackerTemplateBuild: the build uses both sources, installs HAProxy,
// downloads the agent and Consul of the source's architecture and checks
// each SHA-256 before installing it, uploads the units from dist/systemd
// and the Consul client's files (which exist), installs them, and
// enables the agent; Consul is left for user data to enable once it has
// its token.
func TestPackerTemplateBuild(t *testing.T) {
	_, body := packerFile(t)
	builds := blocks(body, "build")
	if len(builds) != 1 {
		t.Fatalf("want one build block, got %d", len(builds))
	}
	b := builds[0].Body
	got := stringList(t, value(t, b, "sources", nil))
	for arch := range arches {
		if !slices.Contains(got, "source.amazon-ebs."+arch) {
			t.Errorf("build.sources = %v, want source.amazon-ebs.%s", got, arch)
		}
	}
	shell, uploaded := provisioners(t, b, packerContext(t, body, "amd64"))
	for _, u := range []string{agentUnit, appUnit, "consul.service", "consul.hcl"} {
		if !slices.Contains(uploaded, u) {
			t.Errorf("no file provisioner uploads %s", u)
		}
	}
	inOrder(t, shell, []string{
		"dnf -y install haproxy",
		"curl -fsSL --retry 5 --retry-connrefused -o /tmp/asgctl-agent",
		"/tmp/asgctl-agent\" | sha256sum -c -",
		"install -m 0755 -o root -g root /tmp/asgctl-agent /usr/local/bin/asgctl-agent",
		"curl -fsSL --retry 5 --retry-connrefused -o /tmp/consul.zip",
		"/tmp/consul.zip\" | sha256sum -c -",
		"install -m 0755 -o root -g root /tmp/consul-bin/consul /usr/local/bin/consul",
		"useradd --system",
		"/etc/systemd/system/asgctl-agent.service",
		"install -m 0640 -o root -g consul /tmp/asgctl-consul/consul.hcl /etc/consul.d/consul.hcl",
		"/etc/systemd/system/consul.service",
		"consul validate /etc/consul.d/",
		"systemctl enable asgctl-agent",
	})
	for _, c := range shell {
		if strings.Contains(c, "systemctl start") || strings.Contains(c, "enable --now") || strings.Contains(c, "enable consul") {
			t.Errorf("%q: neither the agent (no config yet) nor Consul (no token yet) may start or be enabled to start in the image", c)
		}
	}
}

// provisioners returns every inline shell command, in order, and the base
// names of the files the file provisioners upload (checking that each
// source exists); a file provisioner with content is named after its
// destination.
func provisioners(t *testing.T, b *hclsyntax.Body, ctx *hcl.EvalContext) (shell, uploaded []string) {
	t.Helper()
	for _, p := range blocks(b, "provisioner") {
		switch p.Labels[0] {
		case "shell":
			shell = append(shell, stringList(t, value(t, p.Body, "inline", nil))...)
		case "file":
			dest := value(t, p.Body, "destination", nil).AsString()
			if _, ok := p.Body.Attributes["content"]; ok {
				value(t, p.Body, "content", ctx)
				uploaded = append(uploaded, path.Base(dest))
				continue
			}
			for _, s := range stringList(t, value(t, p.Body, "sources", ctx)) {
				if _, err := os.Stat(s); err != nil {
					t.Errorf("file provisioner source %s: %v", s, err)
				}
				uploaded = append(uploaded, filepath.Base(s))
			}
			if !strings.HasSuffix(dest, "/") {
				t.Errorf("file provisioner destination %q: sources need a directory (trailing /)", dest)
			}
		default:
			t.Errorf("unexpected provisioner %q", p.Labels[0])
		}
	}
	return shell, uploaded
}

// inOrder checks that each step is a substring of some command, each after
// the one before.
func inOrder(t *testing.T, shell, steps []string) {
	t.Helper()
	last := -1
	for _, s := range steps {
		i := slices.IndexFunc(shell, func(c string) bool { return strings.Contains(c, s) })
		switch {
		case i < 0:
			t.Errorf("no shell provisioner runs %q", s)
		case i < last:
			t.Errorf("%q runs before the step ahead of it in %q", s, steps)
		default:
			last = i
		}
	}
}

// keysOf lists a map's keys, sorted.
func keysOf(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
