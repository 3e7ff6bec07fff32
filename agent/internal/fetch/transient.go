package fetch

import (
	"errors"

	"github.com/asgctl/asgctl/agent/internal/release"
)

// Transient reports whether err, an error from Fetch, is about getting the
// artifact's bytes (retry later, with backoff) rather than a verdict about
// the artifact itself (final: the release failed and only a new release
// fixes it).
//
// Final is exactly a *release.RejectError anywhere in the chain: a
// checksum or signature mismatch, a URL that is malformed or outside the
// allowlist, an artifact over max_bytes, and every archive rule.
//
// Everything else is transient, because each can heal without a new
// release: a missing object (S3 NoSuchKey or 404: it may not be uploaded
// yet), access denied (403: an operator fixes the IAM policy), throttling
// and 5xx answers, request timeouts, the download's own deadline and stall
// (artifacts.download_timeout and artifacts.stall_timeout), refused or
// reset connections, DNS failures, a spool or release directory that
// cannot be written (a full disk can be freed), a bad allowlist entry or
// signing key (a configuration fix), and any error not recognised here.
// The messages of download failures say what happened in words for an
// agent report ("download s3://b/web/r1.tar.gz: the object does not exist
// (yet)").
//
// A cancellation of the caller's context is neither a verdict nor worth
// reporting; Transient returns true for it, and callers should check
// ctx.Err() before classifying.
func Transient(err error) bool {
	var rej *release.RejectError
	return err != nil && !errors.As(err, &rej)
}

// downloadError is a failure to get an artifact's bytes: Error says what
// happened in words for the report; Unwrap gives the cause (an SDK error,
// a network error, a *timeoutError, a *spoolError) for errors.As.
type downloadError struct {
	url     string
	problem string
	err     error
}

func (e *downloadError) Error() string { return "download " + e.url + ": " + e.problem }

func (e *downloadError) Unwrap() error { return e.err }
