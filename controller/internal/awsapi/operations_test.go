package awsapi

import (
	"reflect"
	"slices"
	"sort"
	"testing"
)

// The table must list exactly the operations of the interfaces (plus STS
// AssumeRole, which the adapter calls for cross-account roles).
func TestOperationsMatchInterfaces(t *testing.T) {
	want := map[string]bool{"AssumeRole": true}
	for _, iface := range []reflect.Type{
		reflect.TypeFor[AutoScaling](), reflect.TypeFor[EC2](), reflect.TypeFor[ELBv2](), reflect.TypeFor[CloudWatch](),
	} {
		for i := 0; i < iface.NumMethod(); i++ {
			want[iface.Method(i).Name] = true
		}
	}
	got := map[string]bool{}
	for _, op := range Operations {
		if got[op.Name] {
			t.Errorf("%s listed twice", op.Name)
		}
		got[op.Name] = true
		if len(op.IAM) == 0 || op.Bucket == "" || op.Service == "" {
			t.Errorf("%s is missing IAM actions, bucket or service: %+v", op.Name, op)
		}
		if !slices.Contains([]string{"controller", "agent", "tests"}, op.Caller) {
			t.Errorf("%s has caller %q, want controller, agent or tests (the policies route actions by it)", op.Name, op.Caller)
		}
	}
	if !reflect.DeepEqual(keys(got), keys(want)) {
		t.Errorf("operations table %v\ninterfaces       %v", keys(got), keys(want))
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
