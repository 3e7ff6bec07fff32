package instance

import (
	"errors"
	"strings"
	"testing"
)

func TestGroupNameFromTag(t *testing.T) {
	cleanEnv(t)
	f := webIMDS()
	got, err := GroupName(ctx, NewMetadata(newIMDS(t, f).URL))
	if err != nil || got != "web-blue" {
		t.Fatalf("GroupName = %q, %v; want web-blue", got, err)
	}
	assertSpokeV2(t, f)
}

func TestGroupNameTagsDisabled(t *testing.T) {
	cleanEnv(t)
	f := webIMDS()
	delete(f.meta, groupTagPath)
	delete(f.meta, "tags/instance") // tags off: the whole tags/ tree is 404
	_, err := GroupName(ctx, NewMetadata(newIMDS(t, f).URL))
	if !errors.Is(err, ErrMetadataTagsDisabled) {
		t.Fatalf("error %v, want ErrMetadataTagsDisabled", err)
	}
	for _, want := range []string{GroupTag, "404", "launch template", "InstanceMetadataTags=enabled", "modify-instance-metadata-options"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}

func TestGroupNameNotInGroup(t *testing.T) {
	cleanEnv(t)
	f := webIMDS()
	delete(f.meta, groupTagPath)
	f.meta["tags/instance"] = "Name"
	_, err := GroupName(ctx, NewMetadata(newIMDS(t, f).URL))
	if !errors.Is(err, ErrNotInGroup) || errors.Is(err, ErrMetadataTagsDisabled) {
		t.Fatalf("error %v, want ErrNotInGroup only", err)
	}
}

func TestGroupNameIMDSDown(t *testing.T) {
	cleanEnv(t)
	endpoint := closedEndpoint(t)
	_, err := GroupName(ctx, NewMetadata(endpoint))
	if err == nil || errors.Is(err, ErrMetadataTagsDisabled) || !strings.Contains(err.Error(), endpoint) {
		t.Fatalf("error %v, want one naming %s and not blaming tags", err, endpoint)
	}
}
