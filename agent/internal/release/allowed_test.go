package release

import (
	"errors"
	"testing"
)

func TestAllowed(t *testing.T) {
	allow := []string{"s3://bucket/web/", "s3://other/a/b"}
	cases := []struct {
		artifact string
		rule     Rule // "" means allowed
	}{
		{"s3://bucket/web/r1.tar.gz", ""},
		{"s3://bucket/web/2024/r1.tar.gz", ""},
		{"s3://other/a/b/r.tgz", ""},
		{"s3://bucket/webapp/r1.tar.gz", RuleNotAllowed},
		{"s3://bucket/r1.tar.gz", RuleNotAllowed},
		{"s3://other/a/bc/r.tgz", RuleNotAllowed},
		{"s3://evil/web/r1.tar.gz", RuleNotAllowed},
		{"s3://bucket/web/../secret/r1.tgz", RuleURL},
		{"s3://bucket/web/./r1.tgz", RuleURL},
		{"s3://bucket/web//r1.tgz", RuleURL},
		{"s3://bucket/web/", RuleURL},
		{"s3://bucket/", RuleURL},
		{"s3://bucket", RuleURL},
		{"s3:///web/r1", RuleURL},
		{"https://bucket.s3.amazonaws.com/web/r1.tgz", RuleURL},
		{"file:///etc/passwd", RuleURL},
		{"", RuleURL},
	}
	for _, c := range cases {
		err := Allowed(c.artifact, allow)
		if c.rule == "" {
			if err != nil {
				t.Errorf("Allowed(%q) = %v, want nil", c.artifact, err)
			}
			continue
		}
		var re *RejectError
		if !errors.As(err, &re) || re.Rule != c.rule {
			t.Errorf("Allowed(%q) = %v, want rule %s", c.artifact, err, c.rule)
		}
	}
}

func TestAllowedBadAllowEntry(t *testing.T) {
	err := Allowed("s3://bucket/web/r1", []string{"bucket/web"})
	var re *RejectError
	if err == nil || errors.As(err, &re) {
		t.Fatalf("got %v, want a configuration error that is not a rejection", err)
	}
}

func TestAllowedWholeBucket(t *testing.T) {
	if err := Allowed("s3://bucket/any/key", []string{"s3://bucket/"}); err != nil {
		t.Fatal(err)
	}
}
