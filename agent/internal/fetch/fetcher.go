package fetch

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/asgctl/asgctl/agent/internal/release"
	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
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

	// DownloadTimeout bounds one whole download, GetObject and body; 0
	// means no deadline. StallTimeout ends a download when no byte
	// arrives for that long (nor the response, before it came); 0 means
	// no stall detection. The agent sets both from its config.
	DownloadTimeout time.Duration
	StallTimeout    time.Duration
	Clock           clock.Clock  // times the above and progress logs; nil: the real clock
	Log             *slog.Logger // progress every 5s and once at the end; nil: discard
}

// Fetch makes dest (which must not exist yet) the unpacked artifact of
// rel: CheckRecord (the URL against Allow, and rel.Signature, base64,
// against rel.SHA256 when PubKey is set), GetObject, the body streamed
// into a spool file in Dir through release.Verify (the bytes must hash to
// rel.SHA256), then release.Extract from the spool file. The download is
// bounded by DownloadTimeout and StallTimeout. The spool file is removed
// in every case, and on any error dest does not exist. A refused artifact
// is a *release.RejectError; see Transient for how every other error is
// meant to be treated.
func (f *Fetcher) Fetch(ctx context.Context, rel *api.Release, dest string) error {
	if err := f.CheckRecord(rel); err != nil {
		return err
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

// CheckRecord checks what can be checked of rel before downloading it:
// the URL against Allow (release.Allowed) and, with PubKey set, the
// signature against the record's digest (release.CheckSignature). A
// refusal is a *release.RejectError; a malformed allowlist entry or key
// is a configuration error.
func (f *Fetcher) CheckRecord(rel *api.Release) error {
	if err := release.Allowed(rel.Artifact, f.Allow); err != nil {
		return fmt.Errorf("fetch release %s: %w", rel.Release, err)
	}
	sig, err := f.signature(rel)
	if err == nil {
		err = release.CheckSignature(rel.SHA256, sig, f.PubKey)
	}
	if err != nil {
		return fmt.Errorf("fetch release %s: %w", rel.Release, err)
	}
	return nil
}

// Transient is the package's Transient, for callers that hold a Fetcher
// behind an interface.
func (f *Fetcher) Transient(err error) bool { return Transient(err) }

// signature decodes rel.Signature when a key is configured (nil otherwise:
// release.CheckSignature then reports a missing signature itself).
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

// download streams the object into spool through release.Verify, within
// DownloadTimeout and StallTimeout. A failure to get the bytes is a
// *downloadError that says what happened.
func (f *Fetcher) download(ctx context.Context, rel *api.Release, sig []byte, spool *os.File) error {
	bucket, key, _ := strings.Cut(strings.TrimPrefix(rel.Artifact, "s3://"), "/")
	obj := object{bucket: bucket, key: key}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	log := f.logger().With("release", rel.Release, "artifact", rel.Artifact)
	t := startTransfer(f.clock(), log, timeouts{download: f.DownloadTimeout, stall: f.StallTimeout}, cancel)
	defer t.stop()
	out, err := f.S3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return failure(ctx, rel.Artifact, obj, err)
	}
	defer out.Body.Close()
	limit := downloadCap(f.Limits)
	if out.ContentLength != nil && *out.ContentLength > limit {
		return tooLarge(*out.ContentLength, limit)
	}
	size := int64(-1)
	if out.ContentLength != nil {
		size = *out.ContentLength
	}
	t.answer(size)
	body := &capReader{r: t.body(out.Body), left: limit, limit: limit}
	if err := release.Verify(body, rel.SHA256, sig, f.PubKey, spoolWriter{spool}); err != nil {
		return verifyFailure(ctx, rel.Artifact, obj, t, err)
	}
	t.finished()
	return nil
}

// verifyFailure is the error of a body that did not verify. A rejection
// stands only when the whole body arrived: a mismatch over a body cut
// short, or read from a request that was ended, is a failure to get the
// bytes, not a verdict about them.
func verifyFailure(ctx context.Context, url string, obj object, t *transfer, err error) error {
	var rej *release.RejectError
	switch {
	case !errors.As(err, &rej):
		return failure(ctx, url, obj, err)
	case ctx.Err() != nil:
		return failure(ctx, url, obj, context.Cause(ctx))
	case rej.Rule == release.RuleChecksum && t.total.Load() >= 0 && t.received.Load() != t.total.Load():
		return &downloadError{url: url, problem: "the body ended after " + t.sofar(), err: io.ErrUnexpectedEOF}
	}
	return err
}

// failure is the error of a download that did not finish: the watcher's
// verdict when it ended the request, else err in words for the report.
func failure(ctx context.Context, url string, obj object, err error) error {
	var te *timeoutError
	if errors.As(context.Cause(ctx), &te) {
		return &downloadError{url: url, problem: te.Error(), err: te}
	}
	return &downloadError{url: url, problem: describe(err, obj), err: err}
}

func (f *Fetcher) clock() clock.Clock {
	if f.Clock == nil {
		return clock.Real{}
	}
	return f.Clock
}

func (f *Fetcher) logger() *slog.Logger {
	if f.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return f.Log
}
