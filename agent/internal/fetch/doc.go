// Package fetch brings a release artifact from S3 onto the box
// (docs/agent-config.md): the allowlist and signature checks of the record (CheckRecord), the
// download with the SDK into a spool file while the SHA-256 is verified,
// strict extraction into the release directory, and removal of the spool
// file whatever happened. A download has a deadline and stall detection
// timed by an injected clock, and logs its progress. The checks themselves
// are agent/internal/release's; every refusal is a *release.RejectError,
// and Transient tells a refusal (final) from a failure to get the bytes
// (retry).
//
// It may import controller/api, controller/clock, agent/internal/release
// and the AWS SDK's S3 client and error types (smithy-go, aws/retry).
package fetch
