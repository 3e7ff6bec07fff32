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
	for _, want := range []string{"region", "instance_type", "asgctl_version", "agent_url", "agent_sha256"} {
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

// TestPackerTemplateSource: one amazon-ebs source from the newest Amazon
// Linux 2023 x86_64 AMI owned by Amazon, IMDSv2 only.
func TestPackerTemplateSource(t *testing.T) {
	_, body := packerFile(t)
	srcs := blocks(body, "source")
	if len(srcs) != 1 || len(srcs[0].Labels) != 2 || srcs[0].Labels[0] != "amazon-ebs" {
		t.Fatalf("want exactly one source \"amazon-ebs\" \"NAME\" block, got %d source blocks", len(srcs))
	}
	src := srcs[0].Body
	for _, a := range []string{"region", "instance_type", "ssh_username", "ami_name"} {
		if _, ok := src.Attributes[a]; !ok {
			t.Errorf("source amazon-ebs: attribute %s is missing", a)
		}
	}
	if got := value(t, src, "imds_support", nil).AsString(); got != "v2.0" {
		t.Errorf("imds_support = %q, want v2.0", got)
	}
	f := blocks(src, "source_ami_filter")
	if len(f) != 1 {
		t.Fatalf("want one source_ami_filter, got %d", len(f))
	}
	filters := value(t, f[0].Body, "filters", nil)
	if got := filters.GetAttr("name").AsString(); got != "al2023-ami-*-x86_64" {
		t.Errorf("source_ami_filter.filters.name = %q, want al2023-ami-*-x86_64", got)
	}
	if got := stringList(t, value(t, f[0].Body, "owners", nil)); !slices.Equal(got, []string{"amazon"}) {
		t.Errorf("source_ami_filter.owners = %v, want [amazon]", got)
	}
	if got := value(t, f[0].Body, "most_recent", nil); !got.True() {
		t.Error("source_ami_filter.most_recent must be true")
	}
	md := blocks(src, "metadata_options")
	if len(md) != 1 || value(t, md[0].Body, "http_tokens", nil).AsString() != "required" {
		t.Error("the build instance must require IMDSv2 (metadata_options.http_tokens = required)")
	}
}

// TestPackerTemplateBuild: the build uses the source, installs HAProxy,
// downloads the agent and checks its SHA-256 before installing it, uploads
// the units from dist/systemd (which exist) and enables the agent.
func TestPackerTemplateBuild(t *testing.T) {
	_, body := packerFile(t)
	builds := blocks(body, "build")
	if len(builds) != 1 {
		t.Fatalf("want one build block, got %d", len(builds))
	}
	b := builds[0].Body
	src := blocks(body, "source")[0]
	if got := stringList(t, value(t, b, "sources", nil)); !slices.Contains(got, "source.amazon-ebs."+src.Labels[1]) {
		t.Errorf("build.sources = %v, want source.amazon-ebs.%s", got, src.Labels[1])
	}

	var shell []string // every inline command, in order
	var uploaded []string
	ctx := &hcl.EvalContext{Variables: map[string]cty.Value{
		"path": cty.ObjectVal(map[string]cty.Value{"root": cty.StringVal(filepath.Dir(packerTemplate))}),
	}}
	for _, p := range blocks(b, "provisioner") {
		switch p.Labels[0] {
		case "shell":
			shell = append(shell, stringList(t, value(t, p.Body, "inline", nil))...)
		case "file":
			dest := value(t, p.Body, "destination", nil).AsString()
			for _, s := range stringList(t, value(t, p.Body, "sources", ctx)) {
				if _, err := os.Stat(s); err != nil {
					t.Errorf("file provisioner source %s: %v", s, err)
				}
				uploaded = append(uploaded, filepath.Base(s))
			}
			if !strings.HasSuffix(dest, "/") {
				t.Errorf("file provisioner destination %q: several sources need a directory (trailing /)", dest)
			}
		default:
			t.Errorf("unexpected provisioner %q", p.Labels[0])
		}
	}
	for _, u := range []string{agentUnit, appUnit} {
		if !slices.Contains(uploaded, u) {
			t.Errorf("no file provisioner uploads dist/systemd/%s", u)
		}
	}
	index := func(sub string) int {
		return slices.IndexFunc(shell, func(c string) bool { return strings.Contains(c, sub) })
	}
	steps := []string{ // in this order
		"dnf -y install haproxy",
		"curl ",
		"sha256sum -c",
		"install -m 0755 -o root -g root /tmp/asgctl-agent /usr/local/bin/asgctl-agent",
		"/etc/systemd/system/asgctl-agent.service",
		"systemctl enable asgctl-agent",
	}
	last := -1
	for _, s := range steps {
		i := index(s)
		switch {
		case i < 0:
			t.Errorf("no shell provisioner runs %q", s)
		case i < last:
			t.Errorf("%q runs before the step ahead of it in %q", s, steps)
		default:
			last = i
		}
	}
	for _, c := range shell {
		if strings.Contains(c, "systemctl start") || strings.Contains(c, "enable --now") {
			t.Errorf("%q: the agent must not start in the image (it has no config yet)", c)
		}
	}
}
