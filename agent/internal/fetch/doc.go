// Package fetch brings a release artifact from S3 onto the box (DESIGN.md
// §6): the allowlist check, the download with the SDK into a spool file
// while the SHA-256 (and, with a key configured, the ed25519 signature) is
// verified, strict extraction into the release directory, and removal of
// the spool file whatever happened. The checks themselves are
// agent/internal/release's; every refusal is a *release.RejectError.
//
// It may import controller/api, agent/internal/release and the AWS SDK's
// S3 client.
package fetch
