package instance

import (
	"context"
	"strings"
	"testing"
	"time"
)

var ctx = context.Background()

// webIMDS is IMDS on an instance of the web group in eu-west-1.
func webIMDS() *fakeIMDS {
	return &fakeIMDS{
		meta: map[string]string{
			"instance-id":   "i-0abc123",
			"tags/instance": "Name\naws:autoscaling:groupName",
			groupTagPath:    "web-blue",
		},
		region: "eu-west-1",
	}
}

// assertSpokeV2 fails unless the client fetched a token and never sent a
// GET without it.
func assertSpokeV2(t *testing.T, f *fakeIMDS) {
	t.Helper()
	if _, tokens, unauthorized := f.counts(); tokens == 0 || unauthorized != 0 {
		t.Fatalf("token PUTs %d, 401s %d: want IMDSv2 only", tokens, unauthorized)
	}
}

func TestIdentifyConfigWins(t *testing.T) {
	cleanEnv(t)
	f := webIMDS()
	md := NewMetadata(newIMDS(t, f).URL)
	id, err := Identify(ctx, md, "i-config", "us-east-2")
	if err != nil {
		t.Fatal(err)
	}
	if want := (Identity{InstanceID: "i-config", Region: "us-east-2"}); id != want {
		t.Fatalf("Identify = %+v, want %+v", id, want)
	}
	if n, _, _ := f.counts(); n != 0 {
		t.Fatalf("IMDS got %d requests, want none when the config has both", n)
	}
}

func TestIdentifyWithoutMetadataClientWhenConfigured(t *testing.T) {
	cleanEnv(t)
	id, err := Identify(ctx, nil, "i-config", "us-east-2")
	if err != nil || id.InstanceID != "i-config" || id.Region != "us-east-2" {
		t.Fatalf("Identify = %+v, %v", id, err)
	}
}

func TestIdentifyFromIMDS(t *testing.T) {
	cleanEnv(t)
	t.Setenv(regionEnv, "ap-south-1") // IMDS outranks the environment
	f := webIMDS()
	id, err := Identify(ctx, NewMetadata(newIMDS(t, f).URL), "", "")
	if err != nil {
		t.Fatal(err)
	}
	if want := (Identity{InstanceID: "i-0abc123", Region: "eu-west-1"}); id != want {
		t.Fatalf("Identify = %+v, want %+v", id, want)
	}
	assertSpokeV2(t, f)
}

func TestIdentifyMixesConfigAndIMDS(t *testing.T) {
	cleanEnv(t)
	id, err := Identify(ctx, NewMetadata(newIMDS(t, webIMDS()).URL), "i-config", "")
	if err != nil || id.InstanceID != "i-config" || id.Region != "eu-west-1" {
		t.Fatalf("Identify = %+v, %v; want the configured id and the IMDS region", id, err)
	}
}

func TestIdentifyRegionFallsBackToEnv(t *testing.T) {
	cleanEnv(t)
	t.Setenv(regionEnv, "ap-south-1")
	f := webIMDS()
	f.region = "" // no identity document
	id, err := Identify(ctx, NewMetadata(newIMDS(t, f).URL), "", "")
	if err != nil || id.InstanceID != "i-0abc123" || id.Region != "ap-south-1" {
		t.Fatalf("Identify = %+v, %v; want the IMDS id and the AWS_REGION region", id, err)
	}
}

func TestIdentifyRegionNowhere(t *testing.T) {
	cleanEnv(t)
	f := webIMDS()
	f.region = ""
	_, err := Identify(ctx, NewMetadata(newIMDS(t, f).URL), "", "")
	for _, want := range []string{"region is empty and IMDS at http://127.0.0.1:", "HTTP 404", "AWS_REGION is not set", outsideEC2Hint} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("error %v, want it to contain %q", err, want)
		}
	}
}

func TestIdentifyIMDSDownFailsFastAndClearly(t *testing.T) {
	cleanEnv(t)
	t.Setenv(regionEnv, "eu-west-1")
	endpoint := closedEndpoint(t)
	start := time.Now()
	_, err := Identify(ctx, NewMetadata(endpoint), "", "")
	if took := time.Since(start); took > 3*time.Second {
		t.Fatalf("took %s to give up on a closed port, want a bounded few seconds", took)
	}
	want := "instance_id is empty and IMDS at " + endpoint + " did not answer: "
	if err == nil || !strings.Contains(err.Error(), want) || !strings.HasSuffix(err.Error(), outsideEC2Hint) {
		t.Fatalf("error %v, want %q ... %q", err, want, outsideEC2Hint)
	}
}

func TestNewMetadataHonoursEndpointEnv(t *testing.T) {
	cleanEnv(t)
	f := webIMDS()
	url := newIMDS(t, f).URL
	t.Setenv(endpointEnv, url)
	md := NewMetadata("")
	if md.Endpoint() != url {
		t.Fatalf("Endpoint = %q, want %q from %s", md.Endpoint(), url, endpointEnv)
	}
	if id, err := Identify(ctx, md, "", ""); err != nil || id.InstanceID != "i-0abc123" {
		t.Fatalf("Identify = %+v, %v", id, err)
	}
	assertSpokeV2(t, f)
}

func TestNewMetadataDefaultEndpoint(t *testing.T) {
	cleanEnv(t)
	if got := NewMetadata("").Endpoint(); got != defaultEndpoint {
		t.Fatalf("Endpoint = %q, want %q", got, defaultEndpoint)
	}
}
