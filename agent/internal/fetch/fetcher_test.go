package fetch_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/agent/internal/fetch"
	"github.com/asgctl/asgctl/agent/internal/release"
	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/integration/motoserver"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

var moto motoserver.Shared

func TestMain(m *testing.M) {
	code := m.Run()
	moto.Stop()
	os.Exit(code)
}

const bucket = "artifacts"

// setup starts (or resets) moto, makes the bucket and returns a Fetcher
// allowed s3://artifacts/web/ with its spool dir, and the releases dir.
func setup(t *testing.T) (*fetch.Fetcher, *s3.Client, string) {
	t.Helper()
	cfg := moto.Server(t).Config(t)
	client := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	if _, err := client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatal(err)
	}
	f := &fetch.Fetcher{S3: client, Allow: []string{"s3://" + bucket + "/web/"}, Dir: t.TempDir(),
		DownloadTimeout: time.Minute, StallTimeout: 30 * time.Second}
	return f, client, t.TempDir()
}

// tarball is a .tar.gz holding bin/web with body.
func tarball(t *testing.T, body string) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	if err := tw.WriteHeader(&tar.Header{Name: "bin/web", Mode: 0o755, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
		t.Fatal(err)
	}
	if _, err := tw.Write([]byte(body)); err != nil {
		t.Fatal(err)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// upload puts data at key and returns the release naming it.
func upload(t *testing.T, client *s3.Client, key string, data []byte) *api.Release {
	t.Helper()
	_, err := client.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(data)})
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return &api.Release{
		Version: api.ReleaseVersion, Release: "r1", Artifact: "s3://" + bucket + "/" + key,
		SHA256: hex.EncodeToString(sum[:]), CreatedAt: time.Now(),
	}
}

func TestFetchExtractsAVerifiedArtifact(t *testing.T) {
	f, client, releases := setup(t)
	rel := upload(t, client, "web/r1.tar.gz", tarball(t, "#!/bin/sh\necho hi\n"))
	dest := filepath.Join(releases, "r1")
	if err := f.Fetch(context.Background(), rel, dest); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dest, "bin/web"))
	if err != nil || string(got) != "#!/bin/sh\necho hi\n" {
		t.Fatalf("bin/web = %q (%v)", got, err)
	}
	assertNoSpool(t, f.Dir)
}

func TestFetchChecksSignatures(t *testing.T) {
	f, client, releases := setup(t)
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	f.PubKey = pub
	rel := upload(t, client, "web/r1.tar.gz", tarball(t, "v1"))
	digest, _ := hex.DecodeString(rel.SHA256)
	good := release.Sign(priv, digest)

	rel.Signature = base64.StdEncoding.EncodeToString(append([]byte{good[0] ^ 1}, good[1:]...))
	assertRejected(t, f, rel, filepath.Join(releases, "bad"), release.RuleSignature)
	rel.Signature = "not base64!"
	assertRejected(t, f, rel, filepath.Join(releases, "garbled"), release.RuleSignature)

	rel.Signature = base64.StdEncoding.EncodeToString(good)
	if err := f.Fetch(context.Background(), rel, filepath.Join(releases, "good")); err != nil {
		t.Fatal(err)
	}
}

func TestFetchRejectsAWrongChecksum(t *testing.T) {
	f, client, releases := setup(t)
	rel := upload(t, client, "web/r1.tar.gz", tarball(t, "v1"))
	rel.SHA256 = hex.EncodeToString(make([]byte, sha256.Size))
	err := assertRejected(t, f, rel, filepath.Join(releases, "r1"), release.RuleChecksum)
	if fetch.Transient(err) {
		t.Fatalf("a checksum mismatch is a verdict about the artifact, yet Transient(%v) = true", err)
	}
}

func TestFetchRejectsAnArtifactOutsideTheAllowlist(t *testing.T) {
	f, client, releases := setup(t)
	rel := upload(t, client, "other/r1.tar.gz", tarball(t, "v1"))
	assertRejected(t, f, rel, filepath.Join(releases, "r1"), release.RuleNotAllowed)
}

func TestFetchOfAMissingObjectIsTransientUntilItIsUploaded(t *testing.T) {
	f, client, releases := setup(t)
	data := tarball(t, "#!/bin/sh\necho late\n")
	sum := sha256.Sum256(data)
	rel := &api.Release{Version: api.ReleaseVersion, Release: "r1", Artifact: "s3://" + bucket + "/web/r1.tar.gz", SHA256: hex.EncodeToString(sum[:])}
	dest := filepath.Join(releases, "r1")
	err := f.Fetch(context.Background(), rel, dest)
	var noKey *types.NoSuchKey
	if !fetch.Transient(err) || !errors.As(err, &noKey) {
		t.Fatalf("Fetch = %v, want a transient error carrying S3's NoSuchKey", err)
	}
	if want := "fetch release r1: download s3://artifacts/web/r1.tar.gz: the object does not exist (yet) (S3 NoSuchKey, HTTP 404)"; err.Error() != want {
		t.Errorf("message %q\nwant    %q", err, want)
	}
	assertAbsent(t, dest)
	assertNoSpool(t, f.Dir)

	upload(t, client, "web/r1.tar.gz", data)
	if err := f.Fetch(context.Background(), rel, dest); err != nil {
		t.Fatalf("the same Fetch after the upload: %v", err)
	}
	if got, err := os.ReadFile(filepath.Join(dest, "bin/web")); err != nil || string(got) != "#!/bin/sh\necho late\n" {
		t.Fatalf("bin/web = %q (%v)", got, err)
	}
	assertNoSpool(t, f.Dir)
}

func assertRejected(t *testing.T, f *fetch.Fetcher, rel *api.Release, dest string, rule release.Rule) error {
	t.Helper()
	err := f.Fetch(context.Background(), rel, dest)
	var rej *release.RejectError
	if !errors.As(err, &rej) || rej.Rule != rule {
		t.Fatalf("Fetch = %v, want a %s rejection", err, rule)
	}
	assertAbsent(t, dest)
	assertNoSpool(t, f.Dir)
	return err
}

func assertAbsent(t *testing.T, dest string) {
	t.Helper()
	if _, err := os.Lstat(dest); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("%s exists after a failed fetch (%v)", dest, err)
	}
}

func assertNoSpool(t *testing.T, dir string) {
	t.Helper()
	left, err := os.ReadDir(dir)
	if err != nil || len(left) != 0 {
		t.Fatalf("spool dir holds %v (%v), want nothing", left, err)
	}
}

func TestFetchRefusesADownloadOverMaxBytes(t *testing.T) {
	f, client, releases := setup(t)
	data := tarball(t, strings.Repeat("x", 4096))
	rel := upload(t, client, "web/r1.tar.gz", data)
	f.Limits.MaxBytes = int64(len(data)) - 1
	assertRejected(t, f, rel, filepath.Join(releases, "r1"), release.RuleTooLarge)
	f.Limits.MaxBytes = 1 << 20
	if err := f.Fetch(context.Background(), rel, filepath.Join(releases, "r1")); err != nil {
		t.Fatalf("artifact within the cap: %v", err)
	}
}

func TestCapReaderStopsPastTheLimit(t *testing.T) {
	for _, c := range []struct {
		size, limit int64
		ok          bool
	}{{10, 10, true}, {11, 10, false}, {0, 10, true}, {1 << 20, 1000, false}} {
		r := fetch.NewCapReaderForTest(bytes.NewReader(make([]byte, c.size)), c.limit)
		n, err := io.Copy(io.Discard, r)
		var rej *release.RejectError
		switch {
		case c.ok && (err != nil || n != c.size):
			t.Errorf("size %d limit %d: copied %d, %v", c.size, c.limit, n, err)
		case !c.ok && (!errors.As(err, &rej) || rej.Rule != release.RuleTooLarge || n > c.limit+1):
			t.Errorf("size %d limit %d: copied %d, %v; want a too_large rejection within limit+1 bytes", c.size, c.limit, n, err)
		}
	}
}
