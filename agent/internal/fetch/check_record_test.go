package fetch

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"math/rand"
	"path/filepath"
	"testing"

	"github.com/asgctl/asgctl/agent/internal/release"
	"github.com/asgctl/asgctl/controller/api"
)

func TestCheckRecordRefusesBeforeDownloading(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(rand.New(rand.NewSource(1)))
	if err != nil {
		t.Fatal(err)
	}
	good := record([]byte("artifact"))
	digest, _ := hex.DecodeString(good.SHA256)
	good.Signature = base64.StdEncoding.EncodeToString(release.Sign(priv, digest))
	cases := []struct {
		name string
		edit func(r *api.Release)
		rule release.Rule // "" means accepted
	}{
		{"good", func(*api.Release) {}, ""},
		{"not allowed", func(r *api.Release) { r.Artifact = "s3://artifacts/other/r1.tar.gz" }, release.RuleNotAllowed},
		{"digest not hex", func(r *api.Release) { r.SHA256 = "abc" }, release.RuleChecksum},
		{"signature of another digest", func(r *api.Release) { r.SHA256 = hex.EncodeToString(make([]byte, 32)) }, release.RuleSignature},
		{"signature missing", func(r *api.Release) { r.Signature = "" }, release.RuleSignature},
		{"signature not base64", func(r *api.Release) { r.Signature = "%%%" }, release.RuleSignature},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newScriptedS3(0)
			f := &Fetcher{S3: s, Allow: []string{"s3://artifacts/web/"}, PubKey: pub, Dir: t.TempDir()}
			rel := *good
			c.edit(&rel)
			err := f.CheckRecord(&rel)
			if c.rule == "" {
				if err != nil {
					t.Fatalf("CheckRecord = %v", err)
				}
				return
			}
			var rej *release.RejectError
			if !errors.As(err, &rej) || rej.Rule != c.rule || f.Transient(err) {
				t.Fatalf("CheckRecord = %v, want a final %s rejection", err, c.rule)
			}
			err = f.Fetch(context.Background(), &rel, filepath.Join(t.TempDir(), "r1"))
			if !errors.As(err, &rej) || rej.Rule != c.rule {
				t.Fatalf("Fetch = %v, want the same %s rejection", err, c.rule)
			}
			if len(s.calls) != 0 {
				t.Errorf("GetObject called for a record refused up front")
			}
		})
	}
}
