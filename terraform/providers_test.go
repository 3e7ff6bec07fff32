package terraform_test

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// v6Change is an attribute or argument the AWS provider's version 6
// upgrade guide deprecates or removes, for a resource or data source
// type; why says what to use instead that works in v5 too.
type v6Change struct {
	kind, typ, name, why string
}

// v6Changes are the guide's entries for the types a module here uses or
// is likely to use, plus aws_region's region attribute, which v5 lacks.
var v6Changes = []v6Change{
	{"data", "aws_region", "name", "deprecated in v6; read the region from a resource's ARN"},
	{"data", "aws_region", "id", "deprecated in v6; read the region from a resource's ARN"},
	{"data", "aws_region", "region", "absent in v5; read the region from a resource's ARN"},
	{"data", "aws_s3_bucket", "region", "the data source's own region in v6 (bucket_region, absent in v5)"},
	{"data", "aws_launch_template", "elastic_gpu_specifications", "removed in v6"},
	{"data", "aws_launch_template", "elastic_inference_accelerator", "removed in v6"},
	{"resource", "aws_launch_template", "elastic_gpu_specifications", "removed in v6"},
	{"resource", "aws_launch_template", "elastic_inference_accelerator", "removed in v6"},
	{"resource", "aws_instance", "cpu_core_count", "removed in v6; use cpu_options"},
	{"resource", "aws_instance", "cpu_threads_per_core", "removed in v6; use cpu_options"},
	{"resource", "aws_eip", "vpc", "removed in v6; use domain"},
	{"resource", "aws_flow_log", "log_group_name", "removed in v6; use log_destination"},
	{"resource", "aws_ssm_association", "instance_id", "removed in v6; use targets"},
	{"resource", "aws_eks_addon", "resolve_conflicts", "removed in v6"},
}

// TestNoAttributesDeprecatedInAWSProviderV6: no module or example sets or
// reads what v6 deprecates or removes, and none sets v6's per-resource
// region argument, which v5 rejects: each works with both v5 and v6.
func TestNoAttributesDeprecatedInAWSProviderV6(t *testing.T) {
	for _, m := range loadAll(t) {
		for _, b := range m.blocks {
			if b.Type != "resource" && b.Type != "data" {
				continue
			}
			body := b.Body.(*hclsyntax.Body)
			if _, ok := body.Attributes["region"]; ok && b.Labels[0] != "aws_region" {
				t.Errorf("%s: %s.%s sets region, an argument only AWS provider v6 has", b.DefRange, b.Labels[0], b.Labels[1])
			}
			for _, c := range v6Changes {
				if c.kind == b.Type && c.typ == b.Labels[0] && setsName(body, c.name) {
					t.Errorf("%s: %s %s sets %s: %s", b.DefRange, c.kind, c.typ, c.name, c.why)
				}
			}
		}
		for _, tr := range moduleTraversals(t, m) {
			if c, ok := v6ChangeOf(tr); ok {
				t.Errorf("%s: reads %s.%s: %s", tr.SourceRange(), c.typ, c.name, c.why)
			}
		}
	}
}

// TestV6CheckFindsTheRegionName: the check is not vacuous: the reference
// the modules used to make is found.
func TestV6CheckFindsTheRegionName(t *testing.T) {
	expr, diags := hclsyntax.ParseExpression([]byte(`"${data.aws_region.current.name}-x"`), "probe.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	for _, tr := range expr.Variables() {
		if c, ok := v6ChangeOf(tr); ok && c.name == "name" {
			return
		}
	}
	t.Fatal("data.aws_region.current.name is not reported")
}

// setsName reports whether body sets an argument or a block called name.
func setsName(body *hclsyntax.Body, name string) bool {
	if _, ok := body.Attributes[name]; ok {
		return true
	}
	for _, b := range body.Blocks {
		if b.Type == name {
			return true
		}
	}
	return false
}

// moduleTraversals lists every variable reference in a module's files.
func moduleTraversals(t *testing.T, m *module) []hcl.Traversal {
	t.Helper()
	var out []hcl.Traversal
	for _, b := range m.blocks {
		out = append(out, blockTraversals(b)...)
	}
	return out
}

// v6ChangeOf matches a reference data.TYPE.NAME.ATTR or TYPE.NAME.ATTR
// (with any index between) against v6Changes.
func v6ChangeOf(tr hcl.Traversal) (v6Change, bool) {
	var names []string
	for _, step := range tr {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			names = append(names, s.Name)
		case hcl.TraverseAttr:
			names = append(names, s.Name)
		}
	}
	kind := "resource"
	if len(names) > 0 && names[0] == "data" {
		kind, names = "data", names[1:]
	}
	if len(names) < 3 {
		return v6Change{}, false
	}
	for _, c := range v6Changes {
		if c.kind == kind && c.typ == names[0] && c.name == names[2] {
			return c, true
		}
	}
	return v6Change{}, false
}
