package api

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readTestdata returns the bytes of testdata/name.
func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("read testdata: %v", err)
	}
	return b
}

// exampleSpec decodes testdata/spec.json, a valid spec that sets every field.
// Each call returns a fresh value, so callers may mutate it.
func exampleSpec(t *testing.T) *ServiceSpec {
	t.Helper()
	var s ServiceSpec
	if err := DecodeStrict(readTestdata(t, "spec.json"), &s); err != nil {
		t.Fatalf("decode example spec: %v", err)
	}
	return &s
}

// exampleDesired decodes testdata/desired.json, a valid request.
func exampleDesired(t *testing.T) *Desired {
	t.Helper()
	var d Desired
	if err := DecodeStrict(readTestdata(t, "desired.json"), &d); err != nil {
		t.Fatalf("decode example desired: %v", err)
	}
	return &d
}

// exampleRollout decodes testdata/rollout.json, a valid record.
func exampleRollout(t *testing.T) *Rollout {
	t.Helper()
	var r Rollout
	if err := DecodeStrict(readTestdata(t, "rollout.json"), &r); err != nil {
		t.Fatalf("decode example rollout: %v", err)
	}
	return &r
}

// problemsOf returns the problems of a *ValidationError, failing the test if
// err is anything else.
func problemsOf(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error is %T, want *ValidationError: %v", err, err)
	}
	return ve.Problems
}

// hasProblem reports whether one problem is about field and contains text.
func hasProblem(problems []string, field, text string) bool {
	for _, p := range problems {
		if strings.HasPrefix(p, field+": ") && strings.Contains(p, text) {
			return true
		}
	}
	return false
}

func intPtr(v int) *int { return &v }

func durPtr(d Duration) *Duration { return &d }
