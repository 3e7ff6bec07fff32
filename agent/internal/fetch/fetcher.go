package fetch

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/asgctl/asgctl/agent/internal/release"
	"github.com/asgctl/asgctl/controller/api"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// S3API is the part of *s3.Client a Fetcher uses.
type S3API interface {
	GetObject(ctx context.Context, in *s3.GetObjectInput, optFns ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

// Fetcher downloads, verifies and unpacks release artifacts.
type Fetcher struct {
	S3     S3API
	Allow  []string          // s3:// prefixes artifacts must lie under
	PubKey ed25519.PublicKey // nil: signatures are not checked
	Limits release.Limits    // extraction caps
	Dir    string            // where spool files go (same disk as dest is best)
}

// Fetch makes dest (which must not exist yet) the unpacked artifact of
// rel: release.Allowed on the URL, GetObject, the body streamed into a
// spool file in Dir through release.Verify (rel.SHA256, and rel.Signature,
// base64, when PubKey is set), then release.Extract from the spool file.
// The spool file is removed in every case, and on any error dest does not
// exist. A refused artifact is a *release.RejectError.
func (f *Fetcher) Fetch(ctx context.Context, rel *api.Release, dest string) error {
	if err := release.Allowed(rel.Artifact, f.Allow); err != nil {
		return fmt.Errorf("fetch release %s: %w", rel.Release, err)
	}
	sig, err := f.signature(rel)
	if err != nil {
		return fmt.Errorf("fetch release %s: %w", rel.Release, err)
	}
	spool, err := os.CreateTemp(f.Dir, "artifact-"+rel.Release+"-*.tar.gz")
	if err != nil {
		return fmt.Errorf("fetch release %s: spool file: %w", rel.Release, err)
	}
	defer func() {
		_ = spool.Close()
		_ = os.Remove(spool.Name())
	}()
	if err := f.download(ctx, rel, sig, spool); err != nil {
		return fmt.Errorf("fetch release %s: %w", rel.Release, err)
	}
	if _, err := spool.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("fetch release %s: rewind spool file: %w", rel.Release, err)
	}
	if _, err := release.Extract(spool, dest, f.Limits); err != nil {
		return fmt.Errorf("fetch release %s: %w", rel.Release, err)
	}
	return nil
}

// signature decodes rel.Signature when a key is configured (nil otherwise:
// Verify then reports a missing signature itself).
func (f *Fetcher) signature(rel *api.Release) ([]byte, error) {
	if f.PubKey == nil || rel.Signature == "" {
		return nil, nil
	}
	sig, err := base64.StdEncoding.DecodeString(rel.Signature)
	if err != nil {
		return nil, &release.RejectError{Rule: release.RuleSignature, Detail: fmt.Sprintf("signature is not standard base64 (%v); store the raw 64-byte signature base64-encoded", err)}
	}
	return sig, nil
}

// download streams the object into spool through release.Verify.
func (f *Fetcher) download(ctx context.Context, rel *api.Release, sig []byte, spool *os.File) error {
	bucket, key, _ := strings.Cut(strings.TrimPrefix(rel.Artifact, "s3://"), "/")
	out, err := f.S3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return fmt.Errorf("download %s: %w", rel.Artifact, err)
	}
	defer out.Body.Close()
	limit := downloadCap(f.Limits)
	if out.ContentLength != nil && *out.ContentLength > limit {
		return tooLarge(*out.ContentLength, limit)
	}
	body := &capReader{r: out.Body, left: limit, limit: limit}
	if err := release.Verify(body, rel.SHA256, sig, f.PubKey, spool); err != nil {
		var rej *release.RejectError
		if errors.As(err, &rej) {
			return err
		}
		return fmt.Errorf("download %s: %w", rel.Artifact, err)
	}
	return nil
}
