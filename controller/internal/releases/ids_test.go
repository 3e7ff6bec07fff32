package releases

import (
	"errors"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

func TestClaimNamesOneDigestForever(t *testing.T) {
	m := newMemory()
	v1 := rel("v1")
	if err := Claim(ctx, m, "web", v1); err != nil {
		t.Fatal(err)
	}
	key := api.KeyReleaseID("web", "v1")
	before, _, _ := m.Get(ctx, key, nil)
	if before == nil {
		t.Fatal("no claim written")
	}
	copied := *v1
	copied.Artifact = "s3://other/web/v1.tar.gz"
	if err := Claim(ctx, m, "web", &copied); err != nil {
		t.Fatalf("same digest elsewhere: %v", err)
	}
	other := *v1
	other.SHA256 = digest("something else")
	err := Claim(ctx, m, "web", &other)
	var inUse *IDInUseError
	if !errors.As(err, &inUse) || inUse.Have.SHA256 != v1.SHA256 || inUse.Want != other.SHA256 ||
		!strings.Contains(err.Error(), v1.SHA256) || !strings.Contains(err.Error(), other.SHA256) {
		t.Fatalf("claim of another digest: %v", err)
	}
	after, _, _ := m.Get(ctx, key, nil)
	if after.ModifyIndex != before.ModifyIndex {
		t.Fatalf("the claim changed: index %d, was %d", after.ModifyIndex, before.ModifyIndex)
	}
}
